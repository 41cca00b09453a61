/**
 * The k6-operator's TestRun CRD, read where the project's shared material lives (`../shared/k6-operator/`
 * beside the repository, or LOADGATE_K6_OPERATOR_CRD) and never copied into the project (Apache-2.0, 6000+
 * lines of upstream text). Its `openAPIV3Schema` compiled with ajv: Kubernetes' own extensions
 * (`x-kubernetes-*`) are annotations ajv ignores; the int32/int64 formats are checked as the API server does.
 * Absent (a clone without ../shared): the caller skips, and says so loudly.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/paths.ts';

export type CrdLoad = { ok: true; path: string; validate: ValidateFunction } | { ok: false; reason: string };

export function crdPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['LOADGATE_K6_OPERATOR_CRD'] ?? resolve(join(PROJECT_ROOT, '..', 'shared', 'k6-operator', 'testruns-crd.yaml'));
}

const obj = (x: unknown): Record<string, unknown> | undefined =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.fromEntries(Object.entries(x)) : undefined;

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM loader.
const addFormats = addFormatsModule.default;

let cached: Promise<CrdLoad> | undefined;

/** Compiled once per process (the schema is 280 KB): every test file's checks share it. */
export function loadTestRunSchema(): Promise<CrdLoad> {
  cached ??= compileTestRunSchema();
  return cached;
}

async function compileTestRunSchema(): Promise<CrdLoad> {
  const path = crdPath();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return {
      ok: false,
      reason: `the k6-operator CRD is not at ${path} (${err instanceof Error ? err.message : String(err)}); set LOADGATE_K6_OPERATOR_CRD or lay shared/ beside the clone`,
    };
  }
  const crd = obj(parse(text));
  const versions = obj(crd?.['spec'])?.['versions'];
  const v1 = Array.isArray(versions) ? versions.map(obj).find((v) => v?.['name'] === 'v1alpha1') : undefined;
  const schema = obj(obj(v1?.['schema'])?.['openAPIV3Schema']);
  if (obj(crd?.['metadata'])?.['name'] !== 'testruns.k6.io' || schema === undefined)
    return { ok: false, reason: `${path} is not the k6-operator TestRun CRD with a v1alpha1 openAPIV3Schema` };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv, ['date-time']);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  return { ok: true, path, validate: ajv.compile(schema) };
}

export function schemaErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
}
