/**
 * The shape check: ajv (strict, allErrors) compiled once per format, its errors turned into located,
 * one-line problems. Null values are refused before ajv sees them: JSONSchemaType makes optional keys
 * `nullable`, but a key written with no value is always a slip, and refusing it keeps the types honest.
 */
import { Ajv, type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { catalogVersion } from '../../catalog.ts';
import type { ConfigProblem } from '../../errors.ts';
import { problemAt, type ConfigSource, type PathSegment } from '../source.ts';
import { inventorySchema, K6_LOCATION_PATTERN, USER_PATTERN, type InventorySpec } from './inventory.ts';
import { EXECUTOR_TYPES, profilesSchema, type ProfilesSpec } from './profiles.ts';
import { thresholdsSchema, type ThresholdsSpec } from './thresholds.ts';

function newAjv(): Ajv {
  return new Ajv({ strict: true, allErrors: true, discriminator: true, allowUnionTypes: true });
}

export interface Formats {
  inventory: InventorySpec;
  thresholds: ThresholdsSpec;
  profiles: ProfilesSpec;
}

type Validators = { readonly [K in keyof Formats]: ValidateFunction<Formats[K]> };

/**
 * Compiled once per catalog: the profiles and thresholds schemas list the scenario kinds, so a kind
 * registered later (catalog.ts registerKind) gets schemas that know it.
 */
let compiled: { version: number; validators: Validators } | undefined;

function validators(): Validators {
  if (compiled?.version !== catalogVersion()) {
    // A fresh instance: ajv refuses a second schema with the same $id.
    const ajv = newAjv();
    const compile = <T>(schema: JSONSchemaType<T>): ValidateFunction<T> => ajv.compile(schema);
    compiled = {
      version: catalogVersion(),
      validators: {
        inventory: compile(inventorySchema),
        thresholds: compile(thresholdsSchema()),
        profiles: compile(profilesSchema()),
      },
    };
  }
  return compiled.validators;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: ConfigProblem[] };

/** Turns a path inside a document (and a message) into a located problem. */
export type Locator = (path: readonly PathSegment[], message: string, key?: boolean) => ConfigProblem;

export function sourceLocator(source: ConfigSource): Locator {
  return (path, message, key) => problemAt(source, path, message, key);
}

/** Checks `value` against a format's schema; `at` locates each problem (usually in the value's source). */
export function checkShape<K extends keyof Formats>(kind: K, value: unknown, at: Locator): Checked<Formats[K]> {
  const nulls = findNulls(value, []).map((path) => at(path, 'has no value (remove the key or give it one)'));
  if (nulls.length > 0) return { ok: false, problems: nulls };
  const validate: ValidateFunction<Formats[K]> = validators()[kind];
  if (validate(value)) return { ok: true, value };
  return { ok: false, problems: dedupe((validate.errors ?? []).map((e) => errorProblem(value, at, e))) };
}

function findNulls(value: unknown, path: PathSegment[]): PathSegment[][] {
  if (value === null || value === undefined) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => findNulls(v, [...path, i]));
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => findNulls(v, [...path, k]));
  return [];
}

function segments(instancePath: string): PathSegment[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function errorProblem(value: unknown, at: Locator, e: ErrorObject): ConfigProblem {
  const path = segments(e.instancePath);
  const p: Readonly<Record<string, unknown>> = e.params;
  switch (e.keyword) {
    case 'additionalProperties':
      return at([...path, String(p['additionalProperty'])], `unknown key '${String(p['additionalProperty'])}'`, true);
    case 'required':
      return at(path, `missing required key '${String(p['missingProperty'])}'`);
    case 'enum':
      return at(path, `must be one of: ${asList(p['allowedValues'])}`);
    case 'const':
      return at(path, `must be ${JSON.stringify(p['allowedValue'])}`);
    case 'propertyNames':
      return at([...path, String(p['propertyName'])], `invalid name '${String(p['propertyName'])}'`, true);
    case 'discriminator':
      return at([...path, 'type'], `must be one of: ${EXECUTOR_TYPES.join(', ')}`);
    case 'pattern':
      // Under propertyNames the value is the key (Ajv's propertyName), not the object at the path.
      if (e.propertyName !== undefined)
        return at([...path, e.propertyName], `'${e.propertyName}' ${patternHint(String(p['pattern']))}`, true);
      return at(path, `'${String(pathValue(value, path))}' ${patternHint(String(p['pattern']))}`);
    default:
      return at(path, e.message ?? e.keyword);
  }
}

function patternHint(pattern: string): string {
  if (pattern.includes('ms|s|m|h')) return "is not a duration (e.g. '500ms', '30s', '2m', '1m30s')";
  if (pattern.startsWith('^[a-z]')) return 'is not a name (lower-case letters, digits and dashes, starting with a letter)';
  if (pattern === '^/') return "must start with '/'";
  if (pattern === K6_LOCATION_PATTERN) return "must be 'copy' or an absolute path on the generator host";
  if (pattern === USER_PATTERN) return 'is not a user name (letters, digits, _ . -, not starting with a digit, dot or dash)';
  return `must match ${pattern}`;
}

function asList(v: unknown): string {
  return Array.isArray(v) ? v.map((x) => String(x)).join(', ') : String(v);
}

function pathValue(value: unknown, path: readonly PathSegment[]): unknown {
  let v = value;
  for (const s of path) {
    if (v !== null && typeof v === 'object') v = Object.entries(v).find(([k]) => k === String(s))?.[1];
    else return undefined;
  }
  return v;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.col}:${p.path}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The schemas as committed JSON (what scripts write and the drift test compares). */
/**
 * The schemas as compiled. ajv writes `null` into a nullable union's shared `type` array when it compiles
 * (confidenceSchema), and the committed files record that for editors, which do not know `nullable`: so the
 * schemas are compiled before they are handed out.
 */
export const SCHEMAS = {
  inventory: inventorySchema,
  get thresholds() {
    validators();
    return thresholdsSchema();
  },
  get profiles() {
    validators();
    return profilesSchema();
  },
};
