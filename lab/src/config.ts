/**
 * The lab's latency models and limits. Built-in defaults are the contracts' documented times (the 1.0 scale)
 * multiplied by the time scale; values given in a config file or through the control endpoint are taken as
 * the lab's effective milliseconds and are not scaled again, so `{"afirgen": {"summaryMs": 200}}` means 200 ms.
 */
import { BadInput, parseFault, type Fault } from './faults.ts';
import { isRecord } from './is-record.ts';

export type ChatModel = {
  /** Median of one chat turn's model time (lognormal in realistic mode, exact in deterministic mode). */
  chatMs: number;
  /** Lognormal shape: larger means a longer tail. */
  chatSigma: number;
  /** No single turn takes longer than this. */
  chatMaxMs: number;
  /** Like one Ollama: this many generations run at once, the rest queue. */
  chatParallel: number;
  /** Streamed answers are cut into this many chunks, paced evenly over the turn's model time. */
  streamChunks: number;
};

export type AfirgenModel = {
  processTextMs: number;
  summaryMs: number;
  retrievalMs: number;
  violationCheckMs: number;
  narrativeMs: number;
  firBuildMs: number;
  ocrMs: number;
  asrMs: number;
  /** Spread of every FIR step in realistic mode (lognormal sigma). */
  sigma: number;
  violationChecks: number;
  modelSlots: number;
  maxConcurrentProcess: number;
  summaryTimeoutMs: number;
  violationTimeoutMs: number;
  ocrTimeoutMs: number;
  asrTimeoutMs: number;
  breakerFailures: number;
  breakerOpenMs: number;
  rateLimitRequests: number;
  rateLimitWindowS: number;
};

export interface LabConfig {
  timeScale: number;
  deterministic: boolean;
  seed: number;
  zeroDelay: boolean;
  quirks: boolean;
  autobot: ChatModel;
  afirgen: AfirgenModel;
}

/** The default lab profile: a whole FIR in about 2 s, chat median 300 ms. */
export const DEFAULT_TIME_SCALE = 0.1;

/**
 * `make load` sends up to 20 concurrent FIRs (five calls each, plus status polls) from one client address,
 * which the contract's 100 per 60 s would throttle within seconds; the lab therefore defaults to 100,000 per
 * 60 s. Set `rateLimitRequests: 100` to get the contract's limit.
 */
export const DEFAULT_RATE_LIMIT_REQUESTS = 100_000;

export function defaultConfig(timeScale = DEFAULT_TIME_SCALE): LabConfig {
  const s = (ms: number): number => Math.round(ms * timeScale * 1000) / 1000;
  return {
    timeScale,
    deterministic: false,
    seed: 1,
    zeroDelay: false,
    quirks: false,
    autobot: { chatMs: s(3000), chatSigma: 0.45, chatMaxMs: s(15_000), chatParallel: 16, streamChunks: 8 },
    afirgen: {
      processTextMs: s(500),
      summaryMs: s(4000),
      retrievalMs: s(2000),
      violationCheckMs: s(3500),
      narrativeMs: s(4000),
      firBuildMs: s(2000),
      ocrMs: s(5000),
      asrMs: s(8000),
      sigma: 0.15,
      violationChecks: 10,
      modelSlots: 10,
      maxConcurrentProcess: 15,
      summaryTimeoutMs: s(60_000),
      violationTimeoutMs: s(8000),
      ocrTimeoutMs: s(120_000),
      asrTimeoutMs: s(180_000),
      breakerFailures: 5,
      breakerOpenMs: s(60_000),
      rateLimitRequests: DEFAULT_RATE_LIMIT_REQUESTS,
      rateLimitWindowS: 60,
    },
  };
}

/** Overlays the numeric fields present in `patch` onto `base`, rejecting unknown keys and bad numbers. */
function overlayNumbers<T extends Record<string, number>>(base: T, patch: unknown, where: string): T {
  if (patch === undefined) return base;
  if (!isRecord(patch)) throw new BadInput(`${where}: must be an object`);
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in base)) throw new BadInput(`${where}.${key}: unknown setting`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new BadInput(`${where}.${key}: must be a number >= 0`);
    }
    out[key] = value;
  }
  return { ...base, ...out };
}

export interface ConfigPatch {
  config: LabConfig;
  faults: Fault[];
}

/**
 * Applies a config document (the `--config` file or a control `PUT /config` body) to `base`. Accepted keys:
 * `timeScale` (re-derives every default), `quirks`, `autobot`, `afirgen`, and `faults` (a list, start-up only).
 */
export function applyConfigDocument(base: LabConfig, doc: unknown, where = 'config'): ConfigPatch {
  if (!isRecord(doc)) throw new BadInput(`${where}: must be a JSON object`);
  const allowed = new Set(['timeScale', 'quirks', 'autobot', 'afirgen', 'faults', 'seed']);
  for (const key of Object.keys(doc)) {
    if (!allowed.has(key)) throw new BadInput(`${where}.${key}: unknown setting`);
  }
  let config = base;
  const ts = doc['timeScale'];
  if (ts !== undefined) {
    if (typeof ts !== 'number' || !(ts >= 0)) throw new BadInput(`${where}.timeScale: must be a number >= 0`);
    config = { ...defaultConfig(ts), deterministic: base.deterministic, seed: base.seed, zeroDelay: base.zeroDelay, quirks: base.quirks };
  }
  const quirks = doc['quirks'];
  if (quirks !== undefined) {
    if (typeof quirks !== 'boolean') throw new BadInput(`${where}.quirks: must be true or false`);
    config = { ...config, quirks };
  }
  const seed = doc['seed'];
  if (seed !== undefined) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new BadInput(`${where}.seed: must be an integer`);
    config = { ...config, seed };
  }
  config = {
    ...config,
    autobot: overlayNumbers(config.autobot, doc['autobot'], `${where}.autobot`),
    afirgen: overlayNumbers(config.afirgen, doc['afirgen'], `${where}.afirgen`),
  };
  const rawFaults = doc['faults'];
  const faults: Fault[] = [];
  if (rawFaults !== undefined) {
    if (!Array.isArray(rawFaults)) throw new BadInput(`${where}.faults: must be a list`);
    rawFaults.forEach((f: unknown, i) => faults.push(parseFault(f, `${where}.faults[${i}]`)));
  }
  return { config, faults };
}
