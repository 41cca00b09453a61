/**
 * The shapes of a ramping scenario's per-stage statistics, its capacity knee and who saturated when the load
 * fell short (docs/verdict.md, "Stages", "The capacity knee", "Who saturated"). Written to verdict.json.
 */

/** A percentile with its one-sided order-statistic bounds at `level` (null: too few samples for that bound). */
export interface QuantileEstimate {
  value: number;
  low: number | null;
  high: number | null;
}

/** A strict criterion evaluated on one stage's samples. */
export interface StageCriterion {
  selector: string;
  expression: string;
  observed: number | null;
  n: number;
  low?: number | null;
  high?: number | null;
  decision: 'pass' | 'fail' | 'inconclusive' | 'no-data';
}

export interface StageStats {
  /** 1-based, in the profile's order. */
  index: number;
  /** Seconds after the scenario's start. */
  from: number;
  to: number;
  /** The stage's planned load at its start and end, in `unit`. */
  startTarget: number;
  target: number;
  unit: 'VUs' | 'iterations/s';
  rampDown: boolean;
  /** The most VUs k6 had running in the stage (its `vus` gauge), and allocated (`vus_max`). */
  vus: number;
  vusMax: number;
  iterations: number;
  /** Completed iterations per second of the stage. */
  iterationRate: number;
  droppedIterations: number;
  requests: number;
  /** Failed requests ÷ requests (http_req_failed); null without requests. */
  errorRate: number | null;
  /** The scenario's main latency metric in the stage: n and p50/p95/p99 with bounds at `level`. */
  latency?: { metric: string; level: number; n: number; avg: number; p50: QuantileEstimate; p95: QuantileEstimate; p99: QuantileEstimate };
  criteria: StageCriterion[];
}

/** Whether a ramp held its latency and error criteria, stage by stage: the highest that held, the first that did not. */
export interface Capacity {
  /** The criteria the knee is judged on, as `selector expression`. */
  criteria: string[];
  unit: 'VUs' | 'iterations/s';
  /** The last stage of the unbroken run of holding stages from the first; absent when the first did not hold. */
  holds?: { stage: number; target: number };
  /** The first stage that did not hold (failed, inconclusive or without data); absent when every stage held. */
  breaks?: { stage: number; target: number; decision: 'fail' | 'inconclusive' | 'no-data' };
  /** One line for the console and the reports. */
  summary: string;
}

/**
 * Who saturated when an arrival-rate scenario dropped iterations or fell short of its planned iterations:
 * the generator (at its CPU bar: INVALID) or the target (latency rose while the generator had room: the
 * criteria decide, and the stage feeds the knee). `unknown`: neither could be shown (INVALID as before).
 */
export interface Saturation {
  by: 'target' | 'generator' | 'unknown';
  /** The numbers it rests on, one line. */
  summary: string;
  generatorCpu?: number;
  vus?: number;
  maxVUs?: number;
  /** The stage the shortfall began in, and the main latency metric's mean there against the first stage's. */
  stage?: number;
  latencyThen?: number;
  latencyBaseline?: number;
}
