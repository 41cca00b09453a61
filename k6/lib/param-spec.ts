/**
 * The one parameter spec: every scenario kind's parameters with their types, ranges and built-in defaults.
 * Pure data (no `k6`, no Node import): the orchestrator checks profiles against it (config/params.ts), the
 * k6 scripts parse their environment against it (env.ts, bundled in by esbuild), and the probes read their
 * ranges from it — so a range or a default is written here once and cannot drift between the three.
 * To give a kind a parameter, add an entry to its record (a new kind: a new record under its name).
 */
export type ParamSpec =
  /** `optional`: no built-in default and not required — the consumer derives it (e.g. from another parameter). */
  | { type: 'integer'; min: number; max: number; default?: number; optional?: true; description: string }
  | {
      type: 'string';
      default?: string;
      /** The only values accepted, when the parameter is a choice. */ choices?: readonly string[];
      description: string;
    };

export type IntegerSpec = Extract<ParamSpec, { type: 'integer' }>;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

const HOUR_MS = 3_600_000;

const int = (min: number, max: number, description: string, dflt?: number): IntegerSpec =>
  dflt === undefined ? { type: 'integer', min, max, description } : { type: 'integer', min, max, default: dflt, description };

export const TEXT_VIA = ['form', 'query'] as const;
export type TextVia = (typeof TEXT_VIA)[number];

/**
 * AFIRGen's rate-limit window (its `Retry-After: 60`): the Retry-After cap when none is configured — at most
 * half the scenario's length (config/retry-cap.ts derives it; a k6 script started by hand falls back to it).
 */
export const RETRY_CAP_MS = 60_000;

/** What every k6 HTTP scenario reads besides its own parameters. */
const K6_HTTP = {
  // Above the backends' own 60 s (AFIRGen's summary and narrative): their 504 is then seen as a 504, not as ours.
  httpTimeoutMs: int(1, HOUR_MS, "k6's per-request timeout, ms", 65_000),
  // AFIRGen's rate limit answers Retry-After: 60; a longer ask ends the request as "exceeded the cap". Derived
  // when unset (config/retry-cap.ts) and checked against the scenario's length.
  retryMaxWaitMs: {
    ...int(0, HOUR_MS, "longest Retry-After a retry will wait for, ms (default 60000, at most half the scenario's length)"),
    optional: true,
  } satisfies IntegerSpec,
};

export const FIR_INPUTS = ['text', 'image', 'audio', 'mixed'] as const;
export type FirInput = (typeof FIR_INPUTS)[number];

/**
 * A FIR step's request timeout; unset, derived above the backend's own (k6/lib/fir-timeouts.ts): `httpTimeoutMs`,
 * and for `/process` with an image at least 125 s (OCR 120 s), with audio or mixed input at least 185 s (ASR 180 s).
 */
const stepTimeout = (step: string): IntegerSpec => ({
  ...int(1, HOUR_MS, `request timeout of the ${step} step, ms (default: above the backend's own)`),
  optional: true,
});

/** What POST /process carries, and the FIR flow's per-step request timeouts. */
const FIR_INPUT_KIND = {
  input: {
    type: 'string',
    default: FIR_INPUTS[0],
    choices: FIR_INPUTS,
    description: "what POST /process carries: 'text', a generated PNG 'image', a generated WAV 'audio', or 'mixed' (each in turn)",
  } satisfies ParamSpec,
  processTimeoutMs: stepTimeout('process'),
  summaryTimeoutMs: stepTimeout('summary (first /validate)'),
  violationsTimeoutMs: stepTimeout('violations (second /validate)'),
  narrativeTimeoutMs: stepTimeout('narrative (third /validate)'),
  firTimeoutMs: stepTimeout('FIR build (fourth /validate)'),
  completeTimeoutMs: stepTimeout('completion (fifth /validate)'),
};

/** The FIR scenarios' input (contracts/afirgen.md: the contract accepts 10–50 000 characters of text). */
const FIR_INPUT = {
  textLength: int(10, 50_000, 'complaint length in characters', 600),
  textVia: {
    type: 'string',
    // The contract's way; indexed so the type stays the literal and env.ts needs no check of it.
    default: TEXT_VIA[0],
    choices: TEXT_VIA,
    description: "how POST /process carries the text: 'form' (the contract) or 'query' (a system that reads it from the query string)",
  } satisfies ParamSpec,
};

/** Every probe watches its own event loop; a stall above this limit marks it blocked. */
const PROBE_COMMON = {
  eventLoopStallLimitMs: int(1, 60_000, 'event-loop stall that counts as blocked, ms', 10),
};

const CHAT = {
  turns: int(1, 100, 'turns per conversation', 3),
  thinkTimeMs: int(0, 600_000, 'pause between turns, ms', 1000),
  ...K6_HTTP,
};

const FIR_CONCURRENCY = {
  concurrency: int(1, 1000, 'concurrent FIR flows (= VUs)'),
  rounds: int(1, 100, 'sustained rounds of N concurrent flows (= iterations per VU)', 1),
  pauseMs: int(0, HOUR_MS, 'pause between rounds, ms', 0),
  ...FIR_INPUT,
  ...FIR_INPUT_KIND,
  ...K6_HTTP,
};

const REDIS_DATABASE: ParamSpec = { type: 'string', default: 'main', description: 'Redis database by its inventory name' };

const REDIS = {
  operations: int(1, 100_000, 'SET+GET pairs', 100),
  concurrency: { ...int(1, 100_000, 'pairs in flight at once (default: all of them)'), optional: true } satisfies IntegerSpec,
  valueBytes: int(1, 1_048_576, 'value size in bytes', 64),
  database: REDIS_DATABASE,
  ...PROBE_COMMON,
};

const MIXED = {
  // At least one of each: the probe measures their interference, which needs both halves.
  fileOps: int(1, 10_000, 'concurrent file write+read operations', 25),
  redisOps: int(1, 10_000, 'concurrent Redis pairs', 25),
  fileBytes: int(1, 16_777_216, 'bytes per file', 65_536),
  valueBytes: int(1, 1_048_576, 'Redis value size in bytes', 64),
  database: REDIS_DATABASE,
  ...PROBE_COMMON,
};

const CROSS_VM = {
  timeoutMs: int(1, 600_000, "per-check timeout cap, ms (a service's own shorter timeout still applies)", 5000),
  ...PROBE_COMMON,
};

/** Per built-in scenario kind; the typed records are exported for the readers that need a field's exact shape. */
export const PARAM_SPEC = {
  'fir-single': { ...FIR_INPUT, ...FIR_INPUT_KIND, ...K6_HTTP },
  'fir-concurrency': FIR_CONCURRENCY,
  chat: CHAT,
  'chat-open': CHAT,
  'chat-stream': CHAT,
  redis: REDIS,
  mixed: MIXED,
  'cross-vm': CROSS_VM,
} as const satisfies Readonly<Record<string, ParamSpecs>>;

/** The fields every k6 script reads whatever its kind (env.ts's commonConfig). */
export const K6_COMMON_PARAMS = K6_HTTP;
