/**
 * The verdict.json schema (orchestrator/schemas/verdict.schema.json), compiled once with ajv. The
 * schema is the contract for readers outside loadgate; tests validate every verdict written against it, and
 * pin its fields against the Verdict types (test/unit/verdict/schema-enums.test.ts). Every error is
 * reported, each as `path: message`, on one line.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { ResultsError } from '../errors.ts';
import { isRecord } from '../is-record.ts';
import { projectPath } from '../paths.ts';
import type { Verdict } from './types.ts';

export const VERDICT_SCHEMA_PATH = projectPath('orchestrator', 'schemas', 'verdict.schema.json');

/** The schema as parsed JSON: an object, or a ResultsError naming the file. */
export function verdictSchema(): Record<string, unknown> {
  const schema: unknown = JSON.parse(readFileSync(VERDICT_SCHEMA_PATH, 'utf8'));
  if (!isRecord(schema)) throw new ResultsError(`${VERDICT_SCHEMA_PATH}: not a JSON object`);
  return schema;
}

const validate = new Ajv({ allErrors: true, strict: false }).compile<Verdict>(verdictSchema());

/** One error as `path: message` (the path `/` for the document itself). */
export function schemaErrorLine(e: ErrorObject): string {
  return `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}`;
}

export function validateVerdict(json: unknown): { ok: true; value: Verdict } | { ok: false; error: string; errors: string[] } {
  if (validate(json)) return { ok: true, value: json };
  const errors = (validate.errors ?? []).map(schemaErrorLine);
  if (errors.length === 0) errors.push('/: is invalid');
  return { ok: false, error: errors.join('; '), errors };
}
