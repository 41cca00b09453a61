/**
 * The one typed parser for what the orchestrator hands a k6 script through the environment (`__ENV`).
 * Pure (no `k6` import), so it is unit-tested under Node. A missing or malformed value throws an Error
 * whose message names the variable; scripts call it in the init context, so k6 aborts before any load.
 */
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

export function requireUrl(env: EnvSource, name: string): string {
  const raw = requireString(env, name);
  if (!/^https?:\/\/[^/\s]+$/.test(raw))
    throw new EnvError(`${name}='${raw}' is not a base URL like http://host:port (no path, no trailing slash)`);
  return raw;
}
