/**
 * k6's exit code is data (k6 errext/exitcodes): mapped to a typed outcome, then cross-checked against
 * k6's own threshold verdicts from the summary, so a code and a summary that disagree are reported. Pure.
 */
import type { K6Facts, K6Outcome } from './facts.ts';

export interface ProcessEnd {
  exitCode: number | null;
  signal: string | null;
  /** The binary could not be executed (ENOENT, EACCES). */
  spawnFailed: boolean;
  /** Why we stopped it ourselves, if we did. */
  stoppedBy?: 'timeout' | 'abort';
}

const BY_CODE: Readonly<Record<number, K6Outcome>> = {
  0: 'ok',
  99: 'thresholds-failed',
  100: 'setup-timeout',
  101: 'setup-timeout',
  102: 'setup-timeout',
  104: 'invalid-config',
  105: 'external-abort',
  107: 'script-error',
  108: 'script-aborted',
  110: 'marked-failed',
};

export function outcomeOf(end: ProcessEnd): K6Outcome {
  if (end.spawnFailed) return 'not-started';
  if (end.stoppedBy === 'timeout') return 'timeout';
  if (end.stoppedBy === 'abort') return 'external-abort';
  // Killed by a signal we did not send (OOM killer, a Go runtime crash), a Go panic (109), or unknown.
  if (end.exitCode === null) return 'crashed';
  return BY_CODE[end.exitCode] ?? 'crashed';
}

/** One line per way the outcome is not a clean, trustworthy run; empty for `ok` with a consistent summary. */
export function outcomeErrors(outcome: K6Outcome, end: ProcessEnd, thresholds: K6Facts['thresholds'], haveSummary: boolean): string[] {
  const code = end.exitCode === null ? `signal ${end.signal ?? '?'}` : `exit code ${end.exitCode}`;
  const errors: string[] = [];
  const describe: Partial<Record<K6Outcome, string>> = {
    'setup-timeout': `k6 setup() or teardown() timed out (${code})`,
    'invalid-config': `k6 rejected its configuration (${code}); see stderr.log`,
    'external-abort': `k6 was interrupted (${code})`,
    'script-error': `k6 script error (${code}); see stderr.log`,
    'marked-failed': `k6 test marked failed by the script (exec.test.fail) (${code}); see stderr.log`,
    crashed: `k6 crashed (${code})`,
    timeout: `k6 exceeded its time limit and was stopped (${code})`,
  };
  // 'script-aborted' (108) is not listed: it is an error only when no failing criterion explains it, which
  // needs the recomputed criteria, so the verdict decides it (verdict/scenario.ts).
  const line = describe[outcome];
  if (line) errors.push(line);
  if (outcome === 'not-started') return errors;
  const failed = thresholds.filter((t) => !t.ok);
  if (outcome === 'ok' && failed.length > 0)
    errors.push(`k6 exited 0 but its summary marks thresholds failed: ${failed.map((t) => `${t.selector} ${t.expression}`).join('; ')}`);
  if (outcome === 'thresholds-failed' && haveSummary && failed.length === 0)
    errors.push('k6 exited 99 (thresholds failed) but its summary marks no threshold failed');
  if ((outcome === 'ok' || outcome === 'thresholds-failed') && !haveSummary) errors.push('k6 ended without writing its summary');
  return errors;
}
