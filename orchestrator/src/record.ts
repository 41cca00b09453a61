/**
 * What an engine hands the verdict after running one scenario: where its raw samples are, what it intended,
 * what went wrong. The bottom floor: every engine produces ScenarioRecords and the verdict reads the samples
 * they point at and recomputes everything from them. An engine's own facts (k6's exit code, thresholds,
 * summary, the cores of its host) are not named here: the engine adds them to this interface in its own folder
 * (engines/k6/facts.ts) and only its judge reads them.
 */

export interface ScenarioRecord {
  /** Unique name within the run (e.g. `fir-concurrency-15`, `chat-r2` in round 2 of a multi-round run). */
  id: string;
  /** The plan entry it ran (its id without any round) and the round (1-based): identity, never parsed from `id`. */
  entry: string;
  round: number;
  /** The catalog scenario. */
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
  /** The engine's setup found the target unusable before any load (k6/lib/preflight.ts): why, redacted. */
  preflight?: string;
  /** Engine-specific extras shown in reports (a probe's errors by kind, per-VM reasons, interference ratio). */
  details?: Record<string, unknown>;
}
