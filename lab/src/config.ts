/**
 * The lab's latency models and limits. Built-in defaults are the contracts' documented times (the 1.0 scale)
 * multiplied by the time scale; values given in a config file or through the control endpoint are taken as
 * the lab's effective milliseconds and are not scaled again, so `{"afirgen": {"summaryMs": 200}}` means 200 ms.
 */
import { configDocumentCheck, type ConfigDocument } from './config-schema.ts';
import { parseFault, type Fault } from './faults.ts';

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

export interface ConfigPatch {
  config: LabConfig;
  faults: Fault[];
}

/** The document's shape, compiled from the models' settings on first use (a lab started without --config never needs it). */
let compiledCheck: ((doc: unknown, where: string) => ConfigDocument) | undefined;
function checkDocument(doc: unknown, where: string): ConfigDocument {
  compiledCheck ??= configDocumentCheck({ autobot: Object.keys(defaultConfig().autobot), afirgen: Object.keys(defaultConfig().afirgen) });
  return compiledCheck(doc, where);
}

/**
 * Applies a config document (the `--config` file or a control `PUT /config` body) to `base`. Accepted keys:
 * `timeScale` (re-derives every default), `quirks`, `autobot`, `afirgen`, and `faults` (a list, start-up only).
 */
export function applyConfigDocument(base: LabConfig, raw: unknown, where = 'config'): ConfigPatch {
  const doc = checkDocument(raw, where);
  let config = base;
  if (doc.timeScale !== undefined) {
    config = {
      ...defaultConfig(doc.timeScale),
      deterministic: base.deterministic,
      seed: base.seed,
      zeroDelay: base.zeroDelay,
      quirks: base.quirks,
    };
  }
  if (doc.quirks !== undefined) config = { ...config, quirks: doc.quirks };
  if (doc.seed !== undefined) config = { ...config, seed: doc.seed };
  // The schema allows only the models' own settings, each a number >= 0: overlaying them keeps every field.
  config = { ...config, autobot: { ...config.autobot, ...doc.autobot }, afirgen: { ...config.afirgen, ...doc.afirgen } };
  const faults = (doc.faults ?? []).map((f: unknown, i) => parseFault(f, `${where}.faults[${i}]`));
  return { config, faults };
}
