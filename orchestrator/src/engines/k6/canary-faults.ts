/**
 * Faults the canary observed while a k6 scenario ran, as the report's "faults observed" lines: each outage
 * of the target (consecutive failed polls) with the moment it began, the reason, and the moment the target
 * answered again (or that it was still failing at the end). Read back from the canary's own raw samples, so
 * the lines say nothing the run directory cannot show.
 */
import { visitPoints } from '../../samples/reader.ts';

export interface CanaryPoll {
  time: string;
  failed: boolean;
  reason?: string;
}

/** One line per outage, oldest first. `where` names the target: `main/backend (GET <url>)`. */
export function outageLines(polls: readonly CanaryPoll[], where: string): string[] {
  const sorted = [...polls].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const lines: string[] = [];
  let outage: { from: string; reasons: Set<string>; failed: number } | undefined;
  const close = (end: string | undefined): void => {
    if (!outage) return;
    const why = [...outage.reasons].join(', ') || 'failed';
    lines.push(
      `${outage.from} ${where} stopped answering the canary (${why}); ${outage.failed} poll(s) failed, ` +
        (end === undefined ? 'still failing when the scenario ended' : `answered again at ${end}`),
    );
    outage = undefined;
  };
  for (const p of sorted) {
    if (p.failed) {
      outage ??= { from: p.time, reasons: new Set(), failed: 0 };
      outage.failed++;
      if (p.reason) outage.reasons.add(p.reason);
    } else close(p.time);
  }
  close(undefined);
  return lines;
}

/** The canary_failed points of a canary samples file (the one sample reader: a bad line is a ResultsError). */
export async function readCanaryPolls(path: string): Promise<CanaryPoll[]> {
  const polls: CanaryPoll[] = [];
  await visitPoints([path], ['canary_failed'], (_metric, { time, value, tags }) => {
    polls.push({ time, failed: value !== 0, ...(tags['reason'] ? { reason: tags['reason'] } : {}) });
  });
  return polls;
}
