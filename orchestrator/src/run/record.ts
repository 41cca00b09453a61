/**
 * What each engine hands the verdict after running one scenario: where its raw samples are, what it
 * intended, what went wrong. The k6 runner and the probes produce ScenarioRecords; the verdict reads the
 * samples they point at and recomputes everything from them.
 */

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
}

export interface ScenarioRecord {
  /** Unique id within the run (e.g. `fir-concurrency-15`), and its catalog scenario. */
  id: string;
  scenario: string;
  engine: 'k6' | 'probe';
  startedAt: string;
  finishedAt: string;
  /** Raw sample files, relative to the run directory, in k6's JSON output format (gzipped or not). */
  samples: string[];
  /** Other files kept, relative to the run directory, by role: summary, dashboard, stdout, stderr, command, … */
  artifacts: Record<string, string>;
  /** The load the plan asked for: vus, iterations, rate (per second), durationSeconds, operations … */
  intended: Record<string, number>;
  /** Reasons the scenario could not run or its data cannot be trusted, one line each. */
  errors: string[];
  /** Faults observed while it ran, one line each, with the moment (ISO time) at its start. */
  faults: string[];
  /** True when a signal interrupted it. */
  aborted: boolean;
  /** k6's setup() found the target unusable before any load (k6/lib/preflight.ts): why, redacted. */
  preflight?: string;
  k6?: K6Facts;
  /** Engine-specific extras shown in reports (a probe's errors by kind, per-VM reasons, interference ratio). */
  details?: Record<string, unknown>;
}
