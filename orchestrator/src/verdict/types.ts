/**
 * The verdict: the one merged outcome of a run, written as verdict.json (schema:
 * orchestrator/schemas/verdict.schema.json) and read back by `loadgate report` and baselines.
 */
import type { FailureEntry } from './failures.ts';
import type { Capacity, StageStats } from '../stage-result.ts';
import type { CriterionVerdict, MetricStats, ScenarioResult } from '../scenario-result.ts';
import type { ExitCode, GateStatusName } from '../exit-codes.ts';

/** PREFLIGHT: the target was unusable before any load (exit 3); its verdict carries only the reason (run/preflight-verdict.ts). */
export type VerdictStatus = 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'INVALID' | 'ERROR' | 'ABORTED' | 'PREFLIGHT';

export const SCHEMA_VERSION = 1;

export type { CriterionVerdict, MetricStats } from '../scenario-result.ts';

/** One point of a per-second series (for the HTML charts). */
export interface SeriesPoint {
  /** Seconds since the scenario's first sample. */
  t: number;
  count: number;
  avg: number;
  max: number;
  /** That second's percentiles, from a bounded sketch (within 1 %; stats/sketch.ts). Absent in older verdicts. */
  p50?: number;
  p95?: number;
  p99?: number;
}

/** A per-second count: errors in that second, or its active VUs. */
export interface CountPoint {
  t: number;
  count: number;
}

/** One point of the latency's distribution over the whole run: the q-quantile's exact value. */
export interface CdfPoint {
  q: number;
  value: number;
}

/** What report.html charts over time for a scenario (verdict/series.ts). */
export interface ScenarioSeries {
  requests?: SeriesPoint[];
  latency?: SeriesPoint[];
  latencyMetric?: string;
  errors?: CountPoint[];
  vus?: CountPoint[];
  cdf?: CdfPoint[];
}

export interface ScenarioVerdict extends Omit<ScenarioResult, 'metrics' | 'criteria'> {
  /** The catalog scenario (`name` is the run-unique id, e.g. `fir-concurrency-15`). */
  scenario: string;
  metrics: Record<string, MetricStats>;
  criteria: CriterionVerdict[];
  /** Raw sample files, relative to the run directory: every number above is recomputed from them. */
  samples: string[];
  /** Requests, errors, VUs and latency over time (http_reqs, http_req_duration or the probe's main metric). */
  series?: ScenarioSeries;
  /** Why this scenario's status is what it is, one line each. */
  reasons: string[];
  /** Where its operations failed: step × status, counts, times, an answer sample (verdict/failures.ts). */
  failures?: FailureEntry[];
  /** A ramping scenario's statistics per stage of its plan (verdict/stages.ts). */
  stages?: StageStats[];
  /** Up to which stage a ramping scenario's latency and error criteria held (verdict/capacity.ts). */
  capacity?: Capacity;
}

export interface MetricDelta {
  scenario: string;
  selector: string;
  stat: 'p95';
  base: number;
  current: number;
  /** (current − base) / base. */
  change: number;
  /** One-sided Mann–Whitney p-value that current is slower; null when not computed. */
  pValue: number | null;
  samples: { base: number; current: number };
  outcome: 'regression' | 'improvement' | 'unchanged' | 'inconclusive';
  note?: string;
}

export interface Comparison {
  baseRunId: string;
  minEffect: number;
  alpha: number;
  deltas: MetricDelta[];
  regressions: number;
  /** The baseline's latency over time and CDF, per scenario name: report.html overlays them. */
  series?: Record<string, Pick<ScenarioSeries, 'latency' | 'latencyMetric' | 'cdf'>>;
}

/** The gate policy a run was judged under (`loadgate run --fail-on`), see verdict/gate.ts. */
export interface Gate {
  /** The statuses that fail the build, in the order of exit-codes.ts's GATE_STATUSES. */
  failOn: GateStatusName[];
  /** What loadgate exited with: the verdict's own `exitCode`, or 0 when the policy waived its status. */
  exitCode: ExitCode;
  /** The status the policy let pass, when it did. */
  waived?: 'FAIL' | 'INVALID' | 'ERROR' | 'INCONCLUSIVE';
}

export interface Verdict {
  schemaVersion: typeof SCHEMA_VERSION;
  runId: string;
  status: VerdictStatus;
  exitCode: ExitCode;
  /** Why the run has its status, most important first. */
  reasons: string[];
  startedAt: string;
  finishedAt: string;
  profile: string;
  inventory: { file: string; name: string; lab: boolean };
  tools: { k6: string | null; node: string; loadgate: string };
  aborted?: 'SIGINT' | 'SIGTERM';
  scenarios: ScenarioVerdict[];
  /** Advisory criteria that failed or had no data: shown, never failing the run. */
  warnings: string[];
  baseline?: Comparison;
  /** The gate policy and the exit code it gave; absent in verdicts written before the policy existed. */
  gate?: Gate;
  /** Multi-round runs (soak): latency and memory per round, and how they moved. */
  drift?: Drift;
  /** Where this verdict was read from (set by loadVerdict, never written). */
  location?: string;
}

/* Drift across the rounds of a multi-round run (verdict/drift.ts computes it). */

/** Taken by the pipeline when a round ends. */
export interface RoundSnapshot {
  round: number;
  at: string;
  /** loadgate's own resident memory. */
  loadgateRssBytes: number;
  /** The target Redis's `used_memory` (INFO memory); null when it could not be read (then `note` says why). */
  redisUsedMemoryBytes: number | null;
  note?: string;
}

export interface ScenarioDrift {
  /** The plan entry's id (its records' `entry`). */
  scenario: string;
  /** The trend metric of its first strict criterion (e.g. chat_turn_duration). */
  metric: string;
  /** p95 per round, in round order; null where that round had no samples. */
  p95: Array<number | null>;
  /** (last − first) / first over the rounds that have data; null with fewer than two. */
  change: number | null;
}

export interface Drift {
  rounds: RoundSnapshot[];
  scenarios: ScenarioDrift[];
}
