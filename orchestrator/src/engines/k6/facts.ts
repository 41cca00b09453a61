/**
 * What k6 tells about one scenario beyond its samples, kept on the ScenarioRecord for the k6 engine's own judge
 * (engines/k6/judge.ts). The record on the bottom floor does not name k6: this module adds the field.
 */
import '../../record.ts';

/** k6's exit code, interpreted (see k6/errext/exitcodes). */
export type K6Outcome =
  | 'ok' // 0
  | 'thresholds-failed' // 99
  | 'setup-timeout' // 100, 101, 102
  | 'script-error' // 107
  | 'script-aborted' // 108: test.abort() or a threshold with abortOnFail
  | 'marked-failed' // 110: the script called exec.test.fail(); the run went on to its end
  | 'invalid-config' // 104
  | 'external-abort' // 105: interrupted by a signal
  | 'crashed' // killed by a signal we did not send, a Go panic (109), or any other code
  | 'timeout' // we stopped it after its time limit
  | 'not-started'; // the binary could not be executed

export interface K6Facts {
  exitCode: number | null;
  /** The signal that ended k6, when one did. */
  signal: string | null;
  outcome: K6Outcome;
  version: string;
  /** k6's own verdict per threshold, from its machine-readable summary (for the cross-check). */
  thresholds: Array<{ selector: string; expression: string; ok: boolean }>;
  /** k6's summary values per metric selector (count, avg, med, p(95), rate, …), for the cross-check. */
  summary: Record<string, Record<string, number>>;
  /** CPU seconds k6 used and its wall time, for the generator-saturation check. */
  cpuSeconds?: number;
  wallSeconds?: number;
  /** The cores of the host k6 ran on (its generator's, not the orchestrator's): what its CPU share is judged against. */
  cores?: number;
}

declare module '../../record.ts' {
  interface ScenarioRecord {
    /** Set by the k6 engine only. */
    k6?: K6Facts;
  }
}
