/**
 * Live metrics outputs: the inventory's `outputs:` and `loadgate run --out TYPE=URL` (repeatable), checked and
 * resolved into the plan's OutputPlan[]. A URL carries no credentials (headers do, as `${ENV}` references only);
 * under LOADGATE_LOOPBACK_ONLY=1 a run refuses an output that is not on loopback, before anything is sent.
 */
import type { ConfigProblem } from '../errors.ts';
import type { OutputPlan, OutputType } from '../plan/types.ts';
import { isLoopbackHost } from '../safety/loopback.ts';
import { parseEnvRef, resolveEnvRef } from './env.ts';
import { flagProblem } from './overrides.ts';
import { OUTPUT_TYPES, type OutputSpec } from './schema/inventory.ts';
import type { Locator } from './schema/validate.ts';

export interface ResolvedOutputs {
  outputs: OutputPlan[];
  problems: ConfigProblem[];
  /** Resolved header values: redacted wherever the run writes or prints. */
  secrets: string[];
}

export interface OutputInput {
  specs: readonly OutputSpec[] | undefined;
  at: Locator;
  /** `--out TYPE=URL` values, in command-line order. */
  flags: readonly string[];
  env: NodeJS.ProcessEnv;
  /** A run under LOADGATE_LOOPBACK_ONLY=1: outputs off loopback are refused. */
  guard: boolean;
}

/** What is wrong with an output URL, or undefined: http(s), a host, no user:password in it. */
export function outputUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not a URL (expected http(s)://host:port/path)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `'${text}' must be an http:// or https:// URL`;
  if (url.username !== '' || url.password !== '')
    return 'a URL carries no credentials: send them as a header whose value is an ${ENV} reference (inventory outputs[].headers)';
  return undefined;
}

function refusal(url: string): string | undefined {
  const host = new URL(url).hostname;
  return isLoopbackHost(host) ? undefined : `non-loopback output ${host} refused by LOADGATE_LOOPBACK_ONLY=1`;
}

export function resolveOutputs(input: OutputInput): ResolvedOutputs {
  const out: ResolvedOutputs = { outputs: [], problems: [], secrets: [] };
  (input.specs ?? []).forEach((spec, i) => {
    const type = OUTPUT_TYPES[spec.type];
    if (type === undefined || outputUrlProblem(spec.url) !== undefined) return; // reported by the inventory rules
    const refused = input.guard ? refusal(spec.url) : undefined;
    if (refused !== undefined) return void out.problems.push(input.at(['outputs', i, 'url'], refused));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(spec.headers ?? {})) {
      const ref = parseEnvRef(value);
      if (ref === undefined) continue; // a literal: reported by the inventory rules
      const r = resolveEnvRef(ref, input.env);
      if (!r.ok) out.problems.push(input.at(['outputs', i, 'headers', name], r.error));
      else if (r.value !== '') {
        headers[name] = r.value;
        out.secrets.push(r.value);
      }
    }
    const twice = taken(out.outputs, type);
    if (twice !== undefined) return void out.problems.push(input.at(['outputs', i, 'type'], twice));
    out.outputs.push({ type, url: spec.url, headers, from: `inventory outputs[${i}]` });
  });
  input.flags.forEach((text, i) => {
    const parsed = parseOutFlag(text);
    if ('problem' in parsed) return void out.problems.push(flagProblem('--out', i + 1, text, parsed.problem));
    const refused = input.guard ? refusal(parsed.url) : undefined;
    if (refused !== undefined) return void out.problems.push(flagProblem('--out', i + 1, text, refused));
    const twice = taken(out.outputs, parsed.type);
    if (twice !== undefined) return void out.problems.push(flagProblem('--out', i + 1, text, twice));
    out.outputs.push({ type: parsed.type, url: parsed.url, headers: {}, from: `--out ${i + 1}` });
  });
  return out;
}

/** k6 configures an output through its environment only: one process streams to one output of each type. */
function taken(outputs: readonly OutputPlan[], type: OutputType): string | undefined {
  const first = outputs.find((o) => o.type === type);
  return first === undefined ? undefined : `a run has one ${type} output, and ${first.from} is already one (${first.url})`;
}

/** `TYPE=URL`, TYPE in loadgate's or k6's spelling. */
export function parseOutFlag(text: string): { type: OutputType; url: string } | { problem: string } {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const type = OUTPUT_TYPES[name];
  if (type === undefined) return { problem: `unknown output type '${name}' (have: ${Object.keys(OUTPUT_TYPES).join(', ')})` };
  if (eq < 0 || text.slice(eq + 1) === '') return { problem: `expected ${name}=URL` };
  const url = text.slice(eq + 1);
  const problem = outputUrlProblem(url);
  return problem === undefined ? { type, url } : { problem };
}
