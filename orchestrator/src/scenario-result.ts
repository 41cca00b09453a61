/**
 * The shapes every engine's result takes, so that one verdict can merge k6 scenarios and native probes
 * uniformly. Written to verdict.json (schema: orchestrator/schemas/verdict.schema.json).
 */
import type { Confidence } from './criteria/confidence.ts';
import type { MetricSummary } from './stats/summary.ts';
import type { MetricType } from './criteria/expression.ts';
import type { Saturation } from './stage-result.ts';

export type Engine = 'k6' | 'probe';

/** One evaluated criterion with its provenance. */
export interface CriterionResult {
  scenario: string;
  engine: Engine;
  /** Base metric name, e.g. `fir_step_duration`. */
  metric: string;
  /** Tag filter, e.g. `{ step: 'summary' }`; empty for the whole metric. */
  tags: Record<string, string>;
  /** The selector as written, e.g. `fir_step_duration{step:summary}`. */
  selector: string;
  expression: string;
  /** The recomputed value; null when the metric had no samples. */
  observed: number | null;
  /** The point comparison, k6's own (null = no data: the run is INVALID, never PASS). */
  ok: boolean | null;
  /** For percentile criteria decided with confidence: the bounds, their n and their decision (which then rules). */
  confidence?: Confidence;
  samples: number;
  strict: boolean;
  /** A windowed criterion: the part of the run its samples (and so its value, interval and n) come from. */
  window?: WindowResult;
  /** What k6 itself concluded for this threshold, when k6 evaluated it (cross-check). */
  engineOk?: boolean;
  description?: string;
}

/** A criterion's window in the run: seconds after the scenario's start, [from, to), and the samples in it. */
export interface WindowResult {
  /** As the thresholds file wrote it: `steady`, `last 60 s`, `30 s–90 s`. */
  written: string;
  from: number;
  to: number;
  /** The same bounds as times; null when the scenario's start is unknown (no VU started: no samples). */
  fromTime: string | null;
  toTime: string | null;
  n: number;
}

/** Intended vs achieved load; `valid: false` makes the run INVALID. */
export interface LoadReport {
  intended: Record<string, number>;
  achieved: Record<string, number>;
  valid: boolean;
  reasons: string[];
  /** The generator was saturated: its timings cannot be trusted, so even a failed criterion proves nothing. */
  untrustworthy?: true;
  /** An arrival-rate shortfall's cause: `target` (valid: the criteria decide), `generator` or `unknown` (INVALID). */
  saturation?: Saturation;
}

export type ScenarioStatus = 'passed' | 'failed' | 'inconclusive' | 'invalid' | 'error' | 'aborted' | 'skipped';

/** What a criterion says for the gate: its confidence decision where it has one, else its point comparison. */
export type CriterionDecision = 'pass' | 'fail' | 'inconclusive' | 'no-data';

export function criterionDecision(c: Pick<CriterionResult, 'ok' | 'confidence'>): CriterionDecision {
  if (c.ok === null) return 'no-data';
  if (c.confidence) return c.confidence.decision;
  return c.ok ? 'pass' : 'fail';
}

export interface ScenarioResult {
  name: string;
  engine: Engine;
  status: ScenarioStatus;
  startedAt: string;
  finishedAt: string;
  /** Keyed by selector: `http_req_duration`, `fir_step_duration{step:summary}`, … */
  metrics: Record<string, MetricSummary>;
  criteria: CriterionResult[];
  load?: LoadReport;
  /** Why the scenario errored or what went wrong while it ran, one line each. */
  errors: string[];
  /** Faults observed while it ran (a VM down, a stall), one line each, with the moment. */
  faults: string[];
  /** Files kept for this scenario, relative to the run directory. */
  artifacts: Record<string, string>;
  /** Engine-specific extras (k6 exit code and version; a probe's errors by kind, per-VM reasons, …). */
  details?: Record<string, unknown>;
}

/** A metric's summary plus its type and, for gauges, the last value. */
export interface MetricStats extends MetricSummary {
  type: MetricType;
  /** Sum of the values (a counter's count) — for trends, the plain sum. */
  sum: number;
  /** A gauge's last value. */
  value?: number;
}

export interface CriterionVerdict extends CriterionResult {
  /** `k6`, `canary` or `probe`: who produced the samples. */
  source: string;
  threshold: number;
  /** Where the criterion was written: `thresholds/chat.yaml:4`. */
  origin: string;
  /** When loadgate and k6 disagree: both values, one line. */
  disagreement?: string;
  /** Why a criterion without samples has none, when known: `n/a: 10 of 10 flows failed`. */
  note?: string;
}

/** One generator's share of a distributed k6 scenario (verdict.json `details.generators`; the reports' table). */
export interface GeneratorRow {
  generator: string;
  host: string;
  segment: string;
  vus: number;
  requests: number | null;
  iterations: number | null;
  cpu: number | null;
  cores: number;
  clockOffsetMs: number;
  k6Version: string;
  exitCode: number;
  outcome: string;
}
