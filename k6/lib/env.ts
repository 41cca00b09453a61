/**
 * The one typed parser for what the orchestrator hands a k6 script through the environment (`__ENV`).
 * Pure (no `k6` import), so it is unit-tested under Node. A missing or malformed value throws an Error
 * whose message names the variable; scripts call it in the init context, so k6 aborts before any load.
 */
import { ENV } from './env-names.ts';
import { stepTimeouts, type StepTimeouts } from './fir-timeouts.ts';
import { FIR_INPUTS, PARAM_SPEC, RETRY_CAP_MS, TEXT_VIA, type FirInput, type IntegerSpec, type TextVia } from './param-spec.ts';

export { TEXT_VIA, type TextVia } from './param-spec.ts';

export type EnvSource = Readonly<Record<string, string | undefined>>;

export class EnvError extends Error {
  constructor(message: string) {
    super(`loadgate k6 env: ${message}`);
    this.name = 'EnvError';
  }
}

export function requireString(env: EnvSource, name: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new EnvError(`${name} is not set (the orchestrator passes it; run through 'loadgate run')`);
  return v;
}

export function optionalString(env: EnvSource, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

export function requireInt(env: EnvSource, name: string, min: number, max: number): number {
  const raw = requireString(env, name);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new EnvError(`${name}='${raw}' is not an integer in ${min}..${max}`);
  return n;
}

export function optionalInt(env: EnvSource, name: string, fallback: number, min: number, max: number): number {
  return env[name] === undefined || env[name] === '' ? fallback : requireInt(env, name, min, max);
}

export function optionalChoice<T extends string>(env: EnvSource, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw new EnvError(`${name}='${raw}' is not one of ${choices.join(', ')}`);
  return found;
}

export function requireUrl(env: EnvSource, name: string): string {
  const raw = requireString(env, name);
  if (!/^https?:\/\/[^/\s]+$/.test(raw))
    throw new EnvError(`${name}='${raw}' is not a base URL: scheme http or https, host and port, no path, no trailing slash`);
  return raw;
}

// ---------------------------------------------------------------------------------------------------------
// Typed configuration per scenario family, read once in the init context.

/** What every scenario needs. */
export interface CommonConfig {
  runId: string;
  scenarioId: string;
  summaryPath: string;
  /** Per-request timeout: above the backends' own 60 s, so their 504 is seen (config/params.ts has the same default). */
  httpTimeoutMs: number;
  /** The longest Retry-After waited for (AFIRGen asks 60 s); a longer ask is reported, not waited for. */
  retryMaxWaitMs: number;
}

export interface TargetConfig {
  baseUrl: string;
  vm: string;
}

export interface FirConfig extends CommonConfig {
  afirgen: TargetConfig;
  apiKey: string;
  textLength: number;
  /** How POST /process carries the complaint: the form field (the contract) or the query string (AFIRGen as shipped). */
  textVia: TextVia;
  /** fir-concurrency only: the pause after each flow before the next round. */
  pauseMs: number;
  /** What POST /process carries: text, a generated PNG or WAV, or (mixed) each in turn (fir-input.ts). */
  input: FirInput;
  /** Per-step request timeouts, each above the backend's own unless set (fir-timeouts.ts). */
  timeouts: StepTimeouts;
}

export interface ChatConfig extends CommonConfig {
  chat: TargetConfig;
  turns: number;
  thinkTimeMs: number;
}

/** A parameter with a built-in default, parsed against its spec (param-spec.ts: the config layer enforces the same). */
function specInt(env: EnvSource, name: string, spec: IntegerSpec): number {
  return spec.default === undefined ? requireInt(env, name, spec.min, spec.max) : optionalInt(env, name, spec.default, spec.min, spec.max);
}

const FIR = PARAM_SPEC['fir-concurrency'];
const CHAT = PARAM_SPEC.chat;

export function commonConfig(env: EnvSource): CommonConfig {
  return {
    runId: requireString(env, ENV.runId),
    scenarioId: requireString(env, ENV.scenarioId),
    summaryPath: requireString(env, ENV.summaryPath),
    httpTimeoutMs: specInt(env, ENV.httpTimeoutMs, CHAT.httpTimeoutMs),
    // The orchestrator always passes the derived cap; a script started by hand falls back to AFIRGen's window.
    retryMaxWaitMs: optionalInt(env, ENV.retryMaxWaitMs, RETRY_CAP_MS, CHAT.retryMaxWaitMs.min, CHAT.retryMaxWaitMs.max),
  };
}

export function firConfig(env: EnvSource): FirConfig {
  const common = commonConfig(env);
  return {
    ...common,
    afirgen: { baseUrl: requireUrl(env, ENV.afirgenUrl), vm: requireString(env, ENV.afirgenVm) },
    apiKey: requireString(env, ENV.afirgenKey),
    // Always passed by the orchestrator (it has a default there): its absence here is a broken hand-off.
    textLength: requireInt(env, ENV.textLength, FIR.textLength.min, FIR.textLength.max),
    textVia: optionalChoice(env, ENV.textVia, TEXT_VIA, FIR.textVia.default),
    pauseMs: specInt(env, ENV.pauseMs, FIR.pauseMs),
    ...firInputConfig(env, common.httpTimeoutMs),
  };
}

function firInputConfig(env: EnvSource, httpTimeoutMs: number): Pick<FirConfig, 'input' | 'timeouts'> {
  const input = optionalChoice(env, ENV.input, FIR_INPUTS, FIR.input.default);
  const given = (name: string, spec: IntegerSpec): number | undefined =>
    env[name] === undefined || env[name] === '' ? undefined : requireInt(env, name, spec.min, spec.max);
  const explicit = {
    process: given(ENV.processTimeoutMs, FIR.processTimeoutMs),
    summary: given(ENV.summaryTimeoutMs, FIR.summaryTimeoutMs),
    violations: given(ENV.violationsTimeoutMs, FIR.violationsTimeoutMs),
    narrative: given(ENV.narrativeTimeoutMs, FIR.narrativeTimeoutMs),
    fir: given(ENV.firTimeoutMs, FIR.firTimeoutMs),
    complete: given(ENV.completeTimeoutMs, FIR.completeTimeoutMs),
  };
  return { input, timeouts: stepTimeouts(explicit, input, httpTimeoutMs) };
}

export function chatConfig(env: EnvSource): ChatConfig {
  return {
    ...commonConfig(env),
    chat: { baseUrl: requireUrl(env, ENV.chatUrl), vm: requireString(env, ENV.chatVm) },
    // Always passed by the orchestrator (they have defaults there): their absence here is a broken hand-off.
    turns: requireInt(env, ENV.turns, CHAT.turns.min, CHAT.turns.max),
    thinkTimeMs: requireInt(env, ENV.thinkTimeMs, CHAT.thinkTimeMs.min, CHAT.thinkTimeMs.max),
  };
}
