/**
 * The built-in scenario kinds' descriptors: each one's metrics (name, type, tags, who measures it), parameters
 * (k6/lib/param-spec.ts), derived executor, post-run derivations and report headline.
 */
import { PARAM_SPEC } from '../../../k6/lib/param-spec.ts';
import type { DerivedExecutor, KindReport, MetricSource, MetricSpec, ScenarioSpec } from './types.ts';

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

/**
 * Metrics every k6 scenario has: k6's built-ins for HTTP, plus the retry counter and the canary. Exported for
 * k6 kinds that are not built in, which have them too.
 */
export const K6_COMMON: Readonly<Record<string, MetricSpec>> = {
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
  groupBy: [{ metric: 'fir_step_duration', tag: 'step', title: 'FIR step' }],
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

export const BUILT_IN: Readonly<Record<string, ScenarioSpec>> = {
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
