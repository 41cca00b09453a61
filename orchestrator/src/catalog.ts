/**
 * The catalog: every scenario and probe loadgate knows, and every metric each one produces (name, type,
 * the tags it carries, and who measures it). It is the single source of truth that
 *   - config validation uses to reject a threshold on an unknown metric or with an unfitting aggregation,
 *   - the runner uses to route criteria (k6 evaluates `k6` metrics; loadgate evaluates the rest),
 *   - tests use to check that the k6 scripts and probes emit exactly these names.
 * Each entry is a kind's descriptor: besides its metrics, its parameter spec, how its executor is derived,
 * what loadgate derives after k6 ends, and what the reports headline — so no other module names a kind.
 * A kind that is not built in joins through registerKind (kinds are looked up, never listed elsewhere).
 */
import type { MetricType } from './criteria/expression.ts';
import { PARAM_SPEC, type ParamSpecs } from '../../k6/lib/param-spec.ts';

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
  /** Metrics reported per value of a tag (the FIR steps), in the verdict and the HTML charts. */
  groupBy?: ReadonlyArray<{ metric: string; tag: string }>;
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
  report: KindReport;
}

/** Tags loadgate puts on every k6 request (k6/lib/tags.ts) — filterable in any k6 metric. */
export const LOADGATE_TAGS = ['scenario', 'step', 'vm', 'run_id'] as const;
/** k6 system tags we keep (--system-tags), filterable in any k6 metric. */
export const K6_SYSTEM_TAGS = ['status', 'method', 'name', 'expected_response', 'check', 'error_code', 'group', 'url'] as const;

const ms = (description: string, tags: readonly string[] = [], source: MetricSource = 'k6'): MetricSpec => ({
  type: 'trend',
  source,
  tags,
  unit: 'ms',
  description,
});
const rate = (description: string, tags: readonly string[] = [], source: MetricSource = 'k6'): MetricSpec => ({
  type: 'rate',
  source,
  tags,
  unit: 'ratio',
  description,
});
const counter = (description: string, tags: readonly string[] = [], source: MetricSource = 'k6'): MetricSpec => ({
  type: 'counter',
  source,
  tags,
  unit: 'count',
  description,
});
const gauge = (description: string, unit: MetricSpec['unit'], source: MetricSource = 'probe'): MetricSpec => ({
  type: 'gauge',
  source,
  tags: [],
  unit,
  description,
});

/** Metrics every k6 scenario has: k6's built-ins for HTTP, plus the retry counter and the canary. */
const K6_COMMON: Record<string, MetricSpec> = {
  http_reqs: counter('HTTP requests sent'),
  http_req_duration: ms('HTTP request duration (sending + waiting + receiving)'),
  http_req_waiting: ms('time to first byte'),
  http_req_failed: rate('failed HTTP requests (status outside the expected range)'),
  iterations: counter('completed VU iterations'),
  iteration_duration: ms('one full iteration'),
  dropped_iterations: { ...counter('iterations an arrival-rate executor could not start (open model)'), absentMeansZero: true },
  checks: rate('passed checks'),
  vus: gauge('active virtual users', 'vus', 'k6'),
  vus_max: gauge('allocated virtual users', 'vus', 'k6'),
  loadgate_retries: { ...counter('requests retried after 429/5xx/504 (a retry never hides a failure)', ['reason']), absentMeansZero: true },
  loadgate_failures: {
    ...counter('failed operations (value: tries each took), where and how they failed', [
      'step',
      'name',
      'status',
      'error_code',
      'reason',
      'answer',
    ]),
    absentMeansZero: true,
  },
  loadgate_vu_started: counter('VUs that started an iteration (one sample per VU): the VUs reached, however short the run'),
  canary_duration: {
    ...ms("the target's cheapest health endpoint, polled once a second while the scenario runs", ['vm'], 'canary'),
    yields: { per: 'second' },
  },
  canary_failed: rate('canary polls that failed', ['vm', 'reason'], 'canary'),
};

const FIR_METRICS: Record<string, MetricSpec> = {
  ...K6_COMMON,
  fir_step_duration: ms('one FIR step by its server-side meaning', ['step']),
  fir_e2e_duration: { ...ms('one FIR from POST /process to the completed fifth /validate'), yields: { per: 'iteration' } },
  fir_completed: rate('FIR flows that completed with a well-formed, fetchable FIR number'),
  fir_violations: {
    type: 'trend',
    source: 'k6',
    tags: [],
    unit: 'count',
    description: 'violations returned by the violations step (zero under load = checks dropped by the 8 s timeout)',
  },
};

const CHAT_TURN: MetricSpec = { ...ms('one chat turn (POST /api/chat)'), yields: { per: 'iteration', times: 'turns' } };

/** Metrics every native probe has: the orchestrator's own event-loop health while it probed. */
const PROBE_COMMON: Record<string, MetricSpec> = {
  event_loop_max_stall: gauge("longest event-loop stall of loadgate's process during the probe", 'ms'),
  event_loop_p99: gauge("p99 event-loop delay of loadgate's process during the probe", 'ms'),
};

const K6_REPORT = { series: ['http_req_duration'], requests: 'http_reqs', failed: 'http_req_failed', compare: ['http_req_duration'] };
const FIR_REPORT: KindReport = {
  ...K6_REPORT,
  latency: ['fir_e2e_duration', 'http_req_duration'],
  groupBy: [{ metric: 'fir_step_duration', tag: 'step' }],
};
const CHAT_REPORT: KindReport = { ...K6_REPORT, latency: ['chat_turn_duration', 'http_req_duration'] };

/** fir-concurrency: N VUs, each running one flow per round. */
const ROUNDS_OF_CONCURRENT_FLOWS: DerivedExecutor = {
  rule: 'per-vu-iterations, vus = concurrency, iterations = rounds',
  derive(params, maxDuration) {
    const vus = params['concurrency'];
    const iterations = params['rounds'] ?? 1;
    if (typeof vus !== 'number' || !Number.isInteger(vus) || typeof iterations !== 'number') return undefined;
    return { type: 'per-vu-iterations', vus, iterations, maxDuration };
  },
};

const BUILT_IN: Record<string, ScenarioSpec> = {
  'fir-single': {
    engine: 'k6',
    system: 'afirgen',
    description: 'one FIR end to end: POST /process, then five POST /validate calls',
    metrics: FIR_METRICS,
    params: PARAM_SPEC['fir-single'],
    report: FIR_REPORT,
  },
  'fir-concurrency': {
    engine: 'k6',
    system: 'afirgen',
    description: 'N concurrent FIR flows (closed model), optionally in sustained rounds',
    metrics: { ...FIR_METRICS, fir_batch_duration: ms('wall time of one batch of N concurrent FIRs', ['round'], 'derived') },
    params: PARAM_SPEC['fir-concurrency'],
    derivedExecutor: ROUNDS_OF_CONCURRENT_FLOWS,
    derivations: ['round-batches'],
    report: FIR_REPORT,
  },
  chat: {
    engine: 'k6',
    system: 'autobot',
    description: 'AutoBot chat, closed model: N users, multi-turn conversations with think time',
    metrics: { ...K6_COMMON, chat_turn_duration: CHAT_TURN, chat_failed: rate('chat turns that failed') },
    params: PARAM_SPEC.chat,
    report: CHAT_REPORT,
  },
  'chat-open': {
    engine: 'k6',
    system: 'autobot',
    description: 'AutoBot chat, open model (arrival rate): free of coordinated omission',
    metrics: { ...K6_COMMON, chat_turn_duration: CHAT_TURN, chat_failed: rate('chat turns that failed') },
    params: PARAM_SPEC['chat-open'],
    report: CHAT_REPORT,
  },
  'chat-stream': {
    engine: 'k6',
    system: 'autobot',
    description: 'AutoBot streaming chat (SSE): time to first event and to end',
    metrics: {
      ...K6_COMMON,
      chat_stream_first_event: { ...ms('time to the first SSE event'), yields: { per: 'iteration' } },
      chat_stream_duration: { ...ms('time to the end event'), yields: { per: 'iteration' } },
      chat_stream_failed: rate('streams that failed, including error events inside a 200 stream'),
    },
    params: PARAM_SPEC['chat-stream'],
    report: { ...K6_REPORT, latency: ['chat_stream_duration', 'http_req_duration'] },
  },
  redis: {
    engine: 'probe',
    system: 'autobot',
    description: 'N concurrent SET+GET pairs against the inventory Redis',
    operations: { metric: 'redis_op_failed', intended: 'operations' },
    metrics: {
      ...PROBE_COMMON,
      redis_op_duration: { ...ms('one Redis command', ['op'], 'probe'), yields: { per: 'param', param: 'operations', times: 2 } },
      redis_batch_duration: ms('wall time of the whole batch of N concurrent pairs', [], 'probe'),
      redis_op_failed: rate('Redis pairs that failed or read back a wrong value', ['reason'], 'probe'),
      redis_ops: counter('Redis commands sent', ['op'], 'probe'),
    },
    params: PARAM_SPEC.redis,
    probeTarget: 'redis',
    report: { latency: ['redis_op_duration'], series: ['redis_op_duration'], requests: 'redis_ops', failed: 'redis_op_failed' },
  },
  mixed: {
    engine: 'probe',
    system: 'autobot',
    description: 'file I/O (write, fsync, read, compare, delete) concurrently with Redis pairs',
    operations: { metric: 'mixed_op_failed', intended: 'operations' },
    metrics: {
      ...PROBE_COMMON,
      mixed_total_duration: ms('wall time of file and Redis work together', [], 'probe'),
      mixed_op_duration: ms('one file operation or Redis pair', ['kind', 'phase'], 'probe'),
      mixed_op_failed: rate('file operations or Redis pairs that failed', ['kind', 'reason'], 'probe'),
      mixed_interference: gauge('together time ÷ the slower half alone', 'ratio'),
    },
    params: PARAM_SPEC.mixed,
    probeTarget: 'redis',
    report: { latency: ['mixed_op_duration'], series: ['mixed_op_duration'], failed: 'mixed_op_failed' },
  },
  'cross-vm': {
    engine: 'probe',
    system: 'autobot',
    description: 'every service of every VM checked by its own kind (HTTP, Redis PING, TCP)',
    operations: { metric: 'vm_reachable', intended: 'checks' },
    metrics: {
      ...PROBE_COMMON,
      vm_check_duration: ms('one health check', ['vm', 'service', 'kind'], 'probe'),
      vm_reachable: rate('services that answered as expected', ['vm', 'service', 'kind', 'critical', 'reason'], 'probe'),
    },
    params: PARAM_SPEC['cross-vm'],
    probeTarget: 'checks',
    report: { latency: ['vm_check_duration'], series: ['vm_check_duration'], succeeded: 'vm_reachable' },
  },
};

const kinds: Record<string, ScenarioSpec> = { ...BUILT_IN };
let version = 0;

/** Every kind loadgate knows, by name: the built-in ones and any registered since. */
export const CATALOG: Readonly<Record<string, ScenarioSpec>> = kinds;

/**
 * Adds a kind that is not built in (a test's throwaway kind, a plug-in's). Its k6 script is
 * k6/dist/<name>.js, its thresholds `<thresholds dir>/<name>.yaml`; a probe kind also registers its probe
 * (probes/registry.ts). A name already taken is refused: a built-in kind cannot be replaced by accident.
 */
export function registerKind(name: string, spec: ScenarioSpec): void {
  if (Object.hasOwn(kinds, name)) throw new Error(`scenario kind ${name} is already in the catalog`);
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`scenario kind '${name}' is not a lowercase name`);
  kinds[name] = spec;
  version++;
}

/** Changes whenever a kind is registered: what is built from the catalog (the config schemas) rebuilds then. */
export function catalogVersion(): number {
  return version;
}

export function scenarioNames(): string[] {
  return Object.keys(CATALOG);
}

/**
 * A kind's report headline. A verdict of a kind this build does not know (an older run's, a crafted one)
 * gets the headline of the kind whose metrics it has, so its reports still show its numbers.
 */
export function reportOf(kind: string, has: (metric: string) => boolean): KindReport | undefined {
  const own = CATALOG[kind]?.report;
  if (own) return own;
  const named = (r: KindReport): string[] => [...r.latency, ...[r.requests, r.failed, r.succeeded].filter((m) => m !== undefined)];
  const reports = Object.values(CATALOG).map((k) => k.report);
  // Its own domain metric first (a chat verdict has http_reqs too, but chat_turn_duration is its headline).
  return reports.find((r) => r.latency[0] !== undefined && has(r.latency[0])) ?? reports.find((r) => named(r).some(has));
}

/** A metric's unit, from the first scenario that declares it (a name means one thing across the catalog). */
export function unitOf(metric: string): MetricSpec['unit'] | undefined {
  for (const spec of Object.values(CATALOG)) {
    const m = spec.metrics[metric];
    if (m) return m.unit;
  }
  return undefined;
}
