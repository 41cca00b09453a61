/**
 * What a run leaves on disk, checked the way a reader would: the verdict against its JSON Schema, every
 * file parseable to its end (JSON, JSON lines, gzip streams decompressed, XML closed), no temp file left
 * behind, and no secret anywhere in any of it.
 */
import { readdir, readFile, readlink, lstat, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { projectPath } from '../../../src/paths.ts';
import { isRecord } from '../../../src/is-record.ts';

export interface VerdictView {
  status: string;
  exitCode: number;
  reasons: string[];
  aborted?: string;
  warnings: string[];
  scenarios: Array<{ name: string; status: string; reasons: string[]; faults: string[]; errors: string[]; samples: string[] }>;
}

let compiled: ValidateFunction | undefined;

async function verdictValidator(): Promise<ValidateFunction> {
  if (!compiled) {
    const schema: unknown = JSON.parse(await readFile(projectPath('orchestrator/schemas/verdict.schema.json'), 'utf8'));
    if (typeof schema !== 'object' || schema === null) throw new Error('verdict schema is not an object');
    compiled = new Ajv({ strict: false, allErrors: true }).compile(schema);
  }
  return compiled;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Reads `<runDir>/verdict.json`, validates it against the schema (throws with ajv's errors) and views it. */
export async function readValidVerdict(runDir: string): Promise<VerdictView> {
  const raw: unknown = JSON.parse(await readFile(join(runDir, 'verdict.json'), 'utf8'));
  const validate = await verdictValidator();
  if (!validate(raw)) throw new Error(`verdict.json does not match its schema: ${JSON.stringify(validate.errors)}`);
  if (!isRecord(raw) || typeof raw['status'] !== 'string' || typeof raw['exitCode'] !== 'number')
    throw new Error('verdict.json: no status');
  const scenarios = Array.isArray(raw['scenarios']) ? raw['scenarios'].filter(isRecord) : [];
  return {
    status: raw['status'],
    exitCode: raw['exitCode'],
    reasons: strings(raw['reasons']),
    warnings: strings(raw['warnings']),
    ...(typeof raw['aborted'] === 'string' ? { aborted: raw['aborted'] } : {}),
    scenarios: scenarios.map((s) => ({
      name: typeof s['name'] === 'string' ? s['name'] : '',
      status: typeof s['status'] === 'string' ? s['status'] : '',
      reasons: strings(s['reasons']),
      faults: strings(s['faults']),
      errors: strings(s['errors']),
      samples: strings(s['samples']),
    })),
  };
}

/** Every regular file under `dir`, relative paths, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(relative(dir, join(e.parentPath, e.name)));
  }
  return out.sort();
}

/** A file's text; gzip files are decompressed completely (a truncated stream throws). */
export async function fileText(path: string): Promise<string> {
  const buf = await readFile(path);
  return path.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
}

function parseLines(text: string, what: string): void {
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .forEach((l, i) => {
      try {
        JSON.parse(l);
      } catch {
        throw new Error(`${what}: line ${i + 1} is not JSON (truncated?)`);
      }
    });
}

/**
 * Throws naming the first file that would not parse to its end, or a temp file left behind. Formats:
 * .json, .jsonl and JSON-lines .gz (k6's and the probes' samples), .xml (closed root), .html (closed
 * html), .md and logs non-empty or not at all.
 */
export async function assertEveryFileParses(runDir: string): Promise<string[]> {
  const files = await listFiles(runDir);
  for (const f of files) {
    const path = join(runDir, f);
    if (/\.tmp$|\.\d+\.[0-9a-f]+\.tmp/.test(f)) throw new Error(`${f}: a temp file was left behind`);
    let text: string;
    try {
      text = await fileText(path);
    } catch (err) {
      throw new Error(`${f}: cannot be read to its end: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (f.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch {
        throw new Error(`${f}: not valid JSON (truncated?)`);
      }
    } else if (f.endsWith('.jsonl') || f.endsWith('.json.gz')) parseLines(text, f);
    else if (f.endsWith('.xml') && !/<\/testsuites>\s*$/.test(text)) throw new Error(`${f}: XML not closed (truncated?)`);
    else if (f.endsWith('.html') && text !== '' && !/<\/html>\s*$/i.test(text)) throw new Error(`${f}: HTML not closed (truncated?)`);
  }
  return files;
}

/** Every place in the run directory (gz decompressed) that contains one of `secrets`: `file: secret`. */
export async function secretHits(runDir: string, secrets: readonly string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const f of await listFiles(runDir)) {
    let text: string;
    try {
      text = await fileText(join(runDir, f));
    } catch {
      text = (await readFile(join(runDir, f))).toString('latin1');
    }
    for (const s of secrets) if (text.includes(s)) hits.push(`${f}: ${s}`);
  }
  return hits;
}

/** The run directories under a results dir (everything but `latest` and dot files). */
export async function runDirs(results: string): Promise<string[]> {
  return (await readdir(results)).filter((e) => e !== 'latest' && !e.startsWith('.') && e !== 'lab').map((e) => join(results, e));
}

/** Where `results/latest` points, or undefined when there is no such link. */
export async function latestTarget(results: string): Promise<string | undefined> {
  try {
    const link = join(results, 'latest');
    if (!(await lstat(link)).isSymbolicLink()) return undefined;
    return await readlink(link);
  } catch {
    return undefined;
  }
}

/** Polls until `path` exists and is not empty (a scenario has started writing), within `timeoutMs`. */
export async function waitNonEmpty(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    (await stat(path).then(
      (s) => s.size,
      () => 0,
    )) === 0
  ) {
    if (Date.now() > deadline) throw new Error(`${path} still empty after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
