/**
 * Failure lines on k6's log (stderr.log in the run directory), bounded per VU so that a target failing
 * every request under load cannot flood the log: the samples carry the counts, the log only examples.
 */
// k6 provides `console` at run time; @types/k6 does not declare it and this project only sees k6's types.
declare const console: { warn(...args: unknown[]): void };

const MAX_LINES_PER_VU = 10;
let written = 0;

export function warnFailure(what: string, why: string): void {
  if (written >= MAX_LINES_PER_VU) return;
  written++;
  console.warn(`${what} failed: ${why}${written === MAX_LINES_PER_VU ? ' (further failures of this VU not logged)' : ''}`);
}
