/**
 * What a scenario kind's descriptor holds (catalog.ts): its engine, metrics, parameter spec, executor hook,
 * post-run derivations and report headline. Types only, so the built-in kinds and the registry can share them.
 */
import type { MetricType } from '../criteria/expression.ts';
import type { ParamSpecs } from '../../../k6/lib/param-spec.ts';

/**
 * Who produces a metric's samples: k6, the canary beside it, a native probe, or loadgate itself after k6 ends
 * (`derived`, computed from k6's raw samples — k6 never sees it, so it cannot carry a k6 threshold).
 */
export const METRIC_SOURCES = ['k6', 'canary', 'probe', 'derived'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

export interface MetricSpec {
  type: MetricType;
  source: MetricSource;
  /** Tags a selector may filter on (besides k6's system tags, which every k6 metric carries). */
  tags: readonly string[];
  unit: 'ms' | 'count' | 'ratio' | 'bytes' | 'vus';
  description: string;
  /**
   * A counter k6 emits only when the event happens (dropped iterations, retries): in a scenario that ran,
   * no sample means a count of zero, not "no data".
   */
  absentMeansZero?: true;
  /**
   * How many samples a run of the scenario yields, where that is fixed by the plan (plan/evidence.ts warns when
   * a percentile criterion cannot get enough): one per iteration (times a parameter, e.g. a chat's turns), one
   * per second the scenario runs (the canary), one per unit of a probe parameter (a Redis pair's two commands).
   */
  yields?: { per: 'iteration'; times?: string } | { per: 'second' } | { per: 'param'; param: string; times?: number };
}

export type ScenarioEngine = 'k6' | 'probe';

/**
 * Whether a kind's load shape is a k6 executor written in the profile (k6 drives it) or the kind's own
 * parameters (a probe counts its operations). Keyed by every engine, so a new engine must say.
 */
const ENGINE_TAKES_EXECUTOR: Readonly<Record<ScenarioEngine, boolean>> = { k6: true, probe: false };

export function takesExecutor(spec: { engine: ScenarioEngine }): boolean {
  return ENGINE_TAKES_EXECUTOR[spec.engine];
}

/**
 * An executor that follows from a kind's parameters: the profile writes only its maxDuration. Returns
 * undefined when the parameters do not give one (reported by the profile rules).
 */
export interface DerivedExecutor {
  /** How it is derived, in the words of the error that asks a profile to leave the executor out. */
  rule: string;
  derive(
    params: Readonly<Record<string, string | number | boolean>>,
    maxDuration: string,
  ): { type: 'per-vu-iterations'; vus: number; iterations: number; maxDuration: string } | undefined;
}

/**
 * Samples loadgate derives from k6's raw samples after k6 ends, by name (the k6 runner implements each):
 * `round-batches` — the wall time of each round's batch of concurrent flows (engines/k6/batches.ts).
 */
export type Derivation = 'round-batches';

/** A metric broken down by one tag; `title` heads its table and chart ("FIR step breakdown"). */
export interface GroupBy {
  metric: string;
  tag: string;
  title: string;
}

/** What the reports headline for a kind, by metric name. */
export interface KindReport {
  /** The main latency metric, in order of preference (the first with samples wins). */
  latency: readonly string[];
  /** Latency metrics for the "over time" chart, in order of preference. */
  series: readonly string[];
  /** Requests sent; else the count of `failed` or `succeeded`. */
  requests?: string;
  /** A rate metric of failures (success = 1 − rate)… */
  failed?: string;
  /** …or, for a kind that counts successes, the rate of those. */
  succeeded?: string;
  /** Metrics reported per value of a tag (the FIR steps), in the verdict and the reports' breakdowns. */
  groupBy?: readonly GroupBy[];
  /** Trend metrics compared against a baseline even without a criterion on them. */
  compare?: readonly string[];
}

export interface ScenarioSpec {
  engine: ScenarioEngine;
  /** Which system it drives. */
  system: 'afirgen' | 'autobot';
  description: string;
  metrics: Readonly<Record<string, MetricSpec>>;
  /**
   * For probes: the metric with exactly one sample per attempted operation, and the key of the probe's
   * `intended` it must reach (load validity compares the two).
   */
  operations?: { metric: string; intended: string };
  /** Its parameters: names, types, ranges, defaults (k6/lib/param-spec.ts for the built-in kinds). */
  params: ParamSpecs;
  /** k6 kinds whose executor follows from their parameters instead of being written in the profile. */
  derivedExecutor?: DerivedExecutor;
  derivations?: readonly Derivation[];
  /** Probes: what the plan resolves from the inventory for it (a Redis database, or every service's check). */
  probeTarget?: 'redis' | 'checks';
  /**
   * A k6 kind that is not built in: its script. The built-in kinds' scripts are k6/scenarios/<name>.ts with the
   * exec function k6/lib/env-names.ts names; any other k6 kind says where its entry file is, and it is bundled
   * like them (engines/k6/bundle.ts) into k6/dist/kinds/<name>.js.
   */
  script?: K6Script;
  report: KindReport;
}

export interface K6Script {
  /** The entry file, from the project root (a plug-in's `plugins/<kind>/script.k6.ts`, a test fixture's). */
  entry: string;
  /** The function it exports for options.json's `exec`. */
  exec: string;
}

/** Tags loadgate puts on every k6 request (k6/lib/tags.ts) — filterable in any k6 metric. */
export const LOADGATE_TAGS = ['scenario', 'step', 'vm', 'run_id'] as const;
/**
 * k6 system tags we keep (options.json `systemTags`), filterable in any k6 metric. Only those a verdict, report
 * or failure breakdown can use: `name` already says the route, so `url` and `method` repeat it on every sample,
 * and no script uses groups. Each tag is encoded into every raw sample of every request (about 14 per request),
 * so dropping those three cut the chat scenario's CPU per request by about a sixth (issue 17's measurements).
 */
export const K6_SYSTEM_TAGS = ['status', 'name', 'expected_response', 'check', 'error_code'] as const;
