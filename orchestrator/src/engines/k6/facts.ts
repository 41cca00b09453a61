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
  /**
   * A scenario run as one test over several instances (distributed.ts): one entry per execution segment, in
   * segment order. Absent for a single local process, whose facts are the fields above.
   */
  segments?: K6SegmentFacts[];
  /** Spread of the instances' resume moments (orchestrator clock, ms), when every one was resumed. */
  startSkewMs?: number;
  /** setup() ran (once, on the first instance) and its data reached the others. */
  setupRan?: boolean;
}

/** One generator's share of a distributed scenario: what it ran, how it ended, and on what. */
export interface K6SegmentFacts {
  generator: string;
  /** `user@host:port` of the generator. */
  host: string;
  /** The execution segment, `1/3:2/3`. */
  segment: string;
  /** VUs the plan gives the segment. */
  vus: number;
  exitCode: number;
  outcome: K6Outcome;
  /** The instance's own end-of-test summary (its segment only), k6's values per metric selector. */
  summary: Record<string, Record<string, number>>;
  /** Requests the segment made (its summary's http_reqs count), when it wrote a summary. */
  requests?: number;
  cpuSeconds?: number;
  /** From the resume to the end of its test (orchestrator clock). */
  wallSeconds?: number;
  /** The cores of *its* host: what its CPU share is judged against. */
  cores: number;
  /** The host's clock minus the orchestrator's, measured in preflight. */
  clockOffsetMs: number;
  k6Version: string;
  /** When its resume call went out (orchestrator clock, ISO). */
  resumedAt?: string;
  /** Its sample files, relative to the run directory. */
  samples: string[];
  errors: string[];
}

declare module '../../record.ts' {
  interface ScenarioRecord {
    /** Set by the k6 engine only. */
    k6?: K6Facts;
  }
}
