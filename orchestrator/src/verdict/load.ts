/**
 * Reads a verdict back from a run directory or a verdict.json file (for `loadgate report`, `compare` and
 * `run --baseline`), checked against the committed JSON Schema: a missing or corrupt file is a VerdictInputError
 * (the user named it: exit 2), one line. Every file the verdict names (samples, artifacts) must be a regular
 * file inside its run directory (safety/run-files.ts); a verdict naming anything else is refused the same way.
 */
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VerdictInputError, describeError } from '../errors.ts';
import { checkRunFile, MAX_VERDICT_BYTES, readBoundedText } from '../safety/run-files.ts';
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
    text = await readBoundedText(file, MAX_VERDICT_BYTES);
  } catch (err) {
    throw new VerdictInputError(`${file}: cannot read (${describeError(err)})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new VerdictInputError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const checked = validateVerdict(json);
  if (!checked.ok) throw new VerdictInputError(`${file}: not a loadgate verdict: ${checked.error}`);
  const runDir = dirname(file);
  await checkNamedFiles(file, runDir, checked.value);
  return { ...checked.value, location: runDir };
}

/** Every sample and artifact path stays inside the run directory and is a regular file (or is gone). */
async function checkNamedFiles(file: string, runDir: string, v: Verdict): Promise<void> {
  for (const [i, s] of v.scenarios.entries()) {
    const named: Array<[field: string, path: string]> = [
      ...s.samples.map((p, j): [string, string] => [`scenarios[${i}].samples[${j}]`, p]),
      ...Object.entries(s.artifacts).map(([k, p]): [string, string] => [`scenarios[${i}].artifacts.${k}`, p]),
    ];
    for (const [field, path] of named) {
      const c = await checkRunFile(runDir, path);
      if (!c.ok) throw new VerdictInputError(`${file}: ${field}: ${c.problem}`);
    }
  }
}
