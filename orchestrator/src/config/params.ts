/**
 * Scenario parameters: the names the k6 scripts and probes read (exactly these), their types, ranges and
 * built-in defaults. The built-in default is the lowest level of the override order
 * (built-in < profile defaults < profile entry < --set).
 */
import type { Params } from '../plan/types.ts';
import { TEXT_VIA } from '../../../k6/lib/env.ts';
import { FIR_INPUTS } from '../../../k6/lib/fir-input.ts';

export type ParamSpec =
  /** `optional`: no built-in default and not required — the consumer derives it (e.g. from another parameter). */
  | { type: 'integer'; min: number; max: number; default?: number; optional?: true; description: string }
  | {
      type: 'string';
      default?: string;
      /** The only values accepted, when the parameter is a choice. */ choices?: readonly string[];
      description: string;
    };

type IntegerSpec = Extract<ParamSpec, { type: 'integer' }>;

const int = (min: number, max: number, description: string, dflt?: number): IntegerSpec =>
  dflt === undefined ? { type: 'integer', min, max, description } : { type: 'integer', min, max, default: dflt, description };

/** What every k6 HTTP scenario reads besides its own parameters (k6/lib/env.ts has the same defaults). */
const k6Http: Record<string, ParamSpec> = {
  // Above the backends' own 60 s (AFIRGen's summary and narrative): their 504 is then seen as a 504, not as ours.
  httpTimeoutMs: int(1, 3_600_000, "k6's per-request timeout, ms", 65_000),
  // AFIRGen's rate limit answers Retry-After: 60; a longer ask ends the request as "exceeded the cap". Derived
  // when unset (60 s, at most half the scenario's length) and checked against it: config/retry-cap.ts.
  retryMaxWaitMs: {
    ...int(0, 3_600_000, "longest Retry-After a retry will wait for, ms (default 60000, at most half the scenario's length)"),
    optional: true,
  },
};

/** Every probe watches its own event loop; a stall above this limit marks it blocked. */
/** The FIR scenarios' input (contracts/afirgen.md; k6/lib/env.ts has the same choices and default). */
const firInput: Record<string, ParamSpec> = {
  textLength: int(10, 50_000, 'complaint length in characters', 600),
  textVia: {
    type: 'string',
    default: 'form',
    choices: TEXT_VIA,
    description: "how POST /process carries the text: 'form' (the contract) or 'query' (a system that reads it from the query string)",
  },
};

/**
 * What POST /process carries, and per-step request timeouts of the FIR flow (issue 18). A timeout left unset
 * is derived above the backend's own (k6/lib/fir-timeouts.ts): `httpTimeoutMs` for every step, and for
 * `/process` with an image at least 125 s (OCR 120 s), with audio or mixed input at least 185 s (ASR 180 s).
 */
const stepTimeout = (step: string): IntegerSpec => ({
  ...int(1, 3_600_000, `request timeout of the ${step} step, ms (default: above the backend's own)`),
  optional: true,
});
const firInputKind: Record<string, ParamSpec> = {
  input: {
    type: 'string',
    default: 'text',
    choices: FIR_INPUTS,
    description: "what POST /process carries: 'text', a generated PNG 'image', a generated WAV 'audio', or 'mixed' (each in turn)",
  },
  processTimeoutMs: stepTimeout('process'),
  summaryTimeoutMs: stepTimeout('summary (first /validate)'),
  violationsTimeoutMs: stepTimeout('violations (second /validate)'),
  narrativeTimeoutMs: stepTimeout('narrative (third /validate)'),
  firTimeoutMs: stepTimeout('FIR build (fourth /validate)'),
  completeTimeoutMs: stepTimeout('completion (fifth /validate)'),
};

const probeCommon: Record<string, ParamSpec> = {
  eventLoopStallLimitMs: int(1, 60_000, 'event-loop stall that counts as blocked, ms', 10),
};

const chatParams: Record<string, ParamSpec> = {
  turns: int(1, 100, 'turns per conversation', 3),
  thinkTimeMs: int(0, 600_000, 'pause between turns, ms', 1000),
  ...k6Http,
};

export const PARAMS: Readonly<Record<string, Readonly<Record<string, ParamSpec>>>> = {
  'fir-single': { ...firInput, ...firInputKind, ...k6Http },
  'fir-concurrency': {
    concurrency: int(1, 1000, 'concurrent FIR flows (= VUs)'),
    rounds: int(1, 100, 'sustained rounds of N concurrent flows (= iterations per VU)', 1),
    pauseMs: int(0, 3_600_000, 'pause between rounds, ms', 0),
    ...firInput,
    ...firInputKind,
    ...k6Http,
  },
  chat: chatParams,
  'chat-open': chatParams,
  'chat-stream': chatParams,
  redis: {
    operations: int(1, 100_000, 'SET+GET pairs', 100),
    concurrency: { ...int(1, 100_000, 'pairs in flight at once (default: all of them)'), optional: true },
    valueBytes: int(1, 1_048_576, 'value size in bytes', 64),
    database: { type: 'string', default: 'main', description: 'Redis database by its inventory name' },
    ...probeCommon,
  },
  mixed: {
    // At least one of each: the probe measures their interference, which needs both halves.
    fileOps: int(1, 10_000, 'concurrent file write+read operations', 25),
    redisOps: int(1, 10_000, 'concurrent Redis pairs', 25),
    fileBytes: int(1, 16_777_216, 'bytes per file', 65_536),
    valueBytes: int(1, 1_048_576, 'Redis value size in bytes', 64),
    database: { type: 'string', default: 'main', description: 'Redis database by its inventory name' },
    ...probeCommon,
  },
  'cross-vm': {
    timeoutMs: int(1, 600_000, "per-check timeout cap, ms (a service's own shorter timeout still applies)", 5000),
    ...probeCommon,
  },
};

/** Built-in defaults of a scenario's parameters. */
export function paramDefaults(scenario: string): Params {
  const out: Params = {};
  for (const [name, spec] of Object.entries(PARAMS[scenario] ?? {})) if (spec.default !== undefined) out[name] = spec.default;
  return out;
}

/** Problems with one parameter value, as messages (the caller knows where it was written). */
export function checkParam(scenario: string, name: string, value: unknown): string | undefined {
  const specs = PARAMS[scenario] ?? {};
  const spec = specs[name];
  if (!spec) {
    const known = Object.keys(specs);
    return `unknown parameter '${name}' for scenario ${scenario} (${known.length > 0 ? `known: ${known.join(', ')}` : 'it takes none'})`;
  }
  if (spec.type === 'string') {
    if (typeof value !== 'string' || value === '') return `'${name}' must be a non-empty string`;
    return spec.choices === undefined || spec.choices.includes(value) ? undefined : `'${name}' must be one of ${spec.choices.join(', ')}`;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return `'${name}' must be an integer`;
  if (value < spec.min || value > spec.max) return `'${name}' must be between ${spec.min} and ${spec.max}`;
  return undefined;
}

/** Parameters a scenario must end up with (no built-in default). */
export function requiredParams(scenario: string): string[] {
  return Object.entries(PARAMS[scenario] ?? {})
    .filter(([, s]) => s.default === undefined && !(s.type === 'integer' && s.optional))
    .map(([n]) => n);
}

export function takesParam(scenario: string, name: string): boolean {
  return PARAMS[scenario]?.[name] !== undefined;
}
