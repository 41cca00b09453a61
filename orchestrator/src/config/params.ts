/**
 * Scenario parameters: the names the k6 scripts and probes read (exactly these), their types, ranges and
 * built-in defaults. The built-in default is the lowest level of the override order
 * (built-in < profile defaults < profile entry < --set).
 */
import type { Params } from '../plan/types.ts';
import { CATALOG } from '../catalog.ts';
import type { ParamSpecs } from '../../../k6/lib/param-spec.ts';

export type { ParamSpec } from '../../../k6/lib/param-spec.ts';

/** A kind's parameters, from its descriptor (the built-in kinds': k6/lib/param-spec.ts, read by k6 and the probes too). */
function specsOf(scenario: string): ParamSpecs {
  return CATALOG[scenario]?.params ?? {};
}

/** Built-in defaults of a scenario's parameters. */
export function paramDefaults(scenario: string): Params {
  const out: Params = {};
  for (const [name, spec] of Object.entries(specsOf(scenario))) if (spec.default !== undefined) out[name] = spec.default;
  return out;
}

/** Problems with one parameter value, as messages (the caller knows where it was written). */
export function checkParam(scenario: string, name: string, value: unknown): string | undefined {
  const specs = specsOf(scenario);
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
  return Object.entries(specsOf(scenario))
    .filter(([, s]) => s.default === undefined && !(s.type === 'integer' && s.optional))
    .map(([n]) => n);
}

export function takesParam(scenario: string, name: string): boolean {
  return specsOf(scenario)[name] !== undefined;
}

/** A parameter's configured value (no built-in default exists for it), when it is an integer. */
export function explicitParam(params: Params, name: string): number | undefined {
  const v = params[name];
  return typeof v === 'number' ? v : undefined;
}
