/**
 * Environment references: `${NAME}` (NAME must be set and non-empty) and `${NAME:-default}` (the default,
 * possibly empty, when NAME is unset or empty — shell semantics). They are the only way a secret enters a
 * file, so a secret field holding anything else is refused as a literal secret.
 */
import { ENV_REF_PATTERN } from './schema/common.ts';

export interface EnvRef {
  name: string;
  fallback?: string;
}

const REF = new RegExp(ENV_REF_PATTERN);

export function parseEnvRef(text: string): EnvRef | undefined {
  const m = REF.exec(text);
  if (!m) return undefined;
  const [, name = '', hasDefault, fallback = ''] = m;
  return hasDefault === undefined ? { name } : { name, fallback };
}

export type Resolved = { ok: true; value: string } | { ok: false; error: string };

/** The value of a reference; an empty value means "none" (no AUTH, no key). */
export function resolveEnvRef(ref: EnvRef, env: NodeJS.ProcessEnv): Resolved {
  const set = env[ref.name];
  if (set !== undefined && set !== '') return { ok: true, value: set };
  if (ref.fallback !== undefined) return { ok: true, value: ref.fallback };
  return { ok: false, error: `environment variable ${ref.name} is not set (referenced as \${${ref.name}})` };
}
