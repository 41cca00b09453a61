/**
 * Reads a verdict back from a run directory or a verdict.json file (for `loadgate report`, `compare` and
 * `run --baseline`), checked against the committed JSON Schema: a corrupt file is a ResultsError, one line.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ResultsError } from '../errors.ts';
import type { Verdict } from './types.ts';
import { validateVerdict } from './schema.ts';

export async function loadVerdict(path: string): Promise<Verdict> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'verdict.json');
  } catch (err) {
    throw new ResultsError(`${path}: no such run directory or verdict.json`, { cause: err });
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ResultsError(`${file}: cannot read (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ResultsError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const checked = validateVerdict(json);
  if (!checked.ok) throw new ResultsError(`${file}: not a loadgate verdict: ${checked.error}`);
  return { ...checked.value, location: basename(file) === 'verdict.json' ? dirname(file) : dirname(file) };
}
