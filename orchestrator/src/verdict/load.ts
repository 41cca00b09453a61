/**
 * Reads a verdict back from a run directory or a verdict.json file (for `loadgate report`, `compare` and
 * `run --baseline`), checked against the committed JSON Schema: a missing or corrupt file is a VerdictInputError
 * (the user named it: exit 2), one line.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VerdictInputError } from '../errors.ts';
import type { Verdict } from './types.ts';
import { validateVerdict } from './schema.ts';

export async function loadVerdict(path: string): Promise<Verdict> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'verdict.json');
  } catch (err) {
    throw new VerdictInputError(`${path}: no such run directory or verdict.json`, { cause: err });
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new VerdictInputError(`${file}: cannot read (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new VerdictInputError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const checked = validateVerdict(json);
  if (!checked.ok) throw new VerdictInputError(`${file}: not a loadgate verdict: ${checked.error}`);
  return { ...checked.value, location: dirname(file) };
}
