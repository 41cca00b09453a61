/**
 * The verdict.json schema (orchestrator/schemas/verdict.schema.json), compiled once with ajv. The
 * schema is the contract for readers outside loadgate; tests validate every verdict written against it.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { projectPath } from '../paths.ts';
import type { Verdict } from './types.ts';

export const VERDICT_SCHEMA_PATH = projectPath('orchestrator', 'schemas', 'verdict.schema.json');

const schema: unknown = JSON.parse(readFileSync(VERDICT_SCHEMA_PATH, 'utf8'));
const ajv = new Ajv({ allErrors: false, strict: false });
const validate = ajv.compile<Verdict>(schema as object);

export function validateVerdict(json: unknown): { ok: true; value: Verdict } | { ok: false; error: string } {
  if (validate(json)) return { ok: true, value: json };
  const e = validate.errors?.[0];
  return { ok: false, error: e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'is invalid' };
}
