/**
 * The one typed parser for what the orchestrator hands a k6 script through the environment (`__ENV`).
 * Pure (no `k6` import), so it is unit-tested under Node. A missing or malformed value throws an Error
 * whose message names the variable; scripts call it in the init context, so k6 aborts before any load.
 */
import { ENV } from './env-names.ts';
import { FIR_INPUTS, type FirInput } from './fir-input.ts';
import { stepTimeouts, type StepTimeouts } from './fir-timeouts.ts';

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

export const TEXT_VIA = ['form', 'query'] as const;
export type TextVia = (typeof TEXT_VIA)[number];

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

const HOUR_MS = 3_600_000;

export function commonConfig(env: EnvSource): CommonConfig {
  return {
    runId: requireString(env, ENV.runId),
    scenarioId: requireString(env, ENV.scenarioId),
    summaryPath: requireString(env, ENV.summaryPath),
    httpTimeoutMs: optionalInt(env, ENV.httpTimeoutMs, 65_000, 1, HOUR_MS),
    retryMaxWaitMs: optionalInt(env, ENV.retryMaxWaitMs, 60_000, 0, HOUR_MS),
  };
}

export function firConfig(env: EnvSource): FirConfig {
  const common = commonConfig(env);
  return {
    ...common,
    afirgen: { baseUrl: requireUrl(env, ENV.afirgenUrl), vm: requireString(env, ENV.afirgenVm) },
    apiKey: requireString(env, ENV.afirgenKey),
    // The contract accepts 10–50 000 characters of text.
    textLength: requireInt(env, ENV.textLength, 10, 50_000),
    textVia: optionalChoice(env, ENV.textVia, TEXT_VIA, 'form'),
    pauseMs: optionalInt(env, ENV.pauseMs, 0, 0, HOUR_MS),
    ...firInputConfig(env, common.httpTimeoutMs),
  };
}

/** The FIR input and per-step timeouts (issue 18): `text` and the derived timeouts unless set. */
function firInputConfig(env: EnvSource, httpTimeoutMs: number): Pick<FirConfig, 'input' | 'timeouts'> {
  const input = optionalChoice(env, ENV.input, FIR_INPUTS, 'text');
  const given = (name: string): number | undefined =>
    env[name] === undefined || env[name] === '' ? undefined : requireInt(env, name, 1, HOUR_MS);
  const explicit = {
    process: given(ENV.processTimeoutMs),
    summary: given(ENV.summaryTimeoutMs),
    violations: given(ENV.violationsTimeoutMs),
    narrative: given(ENV.narrativeTimeoutMs),
    fir: given(ENV.firTimeoutMs),
    complete: given(ENV.completeTimeoutMs),
  };
  return { input, timeouts: stepTimeouts(explicit, input, httpTimeoutMs) };
}

export function chatConfig(env: EnvSource): ChatConfig {
  return {
    ...commonConfig(env),
    chat: { baseUrl: requireUrl(env, ENV.chatUrl), vm: requireString(env, ENV.chatVm) },
    turns: requireInt(env, ENV.turns, 1, 1000),
    thinkTimeMs: requireInt(env, ENV.thinkTimeMs, 0, HOUR_MS),
  };
}
