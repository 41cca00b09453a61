/**
 * The sample files a scenario's runners left (k6-operator pods on the results claim, or files pulled from SSH
 * generators): every `*.json.gz` / `*.json` at any depth under `<run>/<scenario>/`. Each is made whole first,
 * as a local run's are (salvageGzipLines: a cut-off file keeps its complete lines), then scanned once for its
 * provenance — the `instance_id` / `testrun_name` tags k6-operator adds to every sample, or the file's name —
 * and its first and last sample time. Which runner of the N planned left no file, or a cut-off one, is named.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { describeError } from '../errors.ts';
import { salvageGzipLines } from '../engines/k6/salvage.ts';

export interface RunnerFile {
  /** Relative to the run directory (how a ScenarioRecord names its samples). */
  rel: string;
  /** `testrun_name/instance_id` from the samples' tags, else the file's name. */
  runner: string;
  instanceId?: string;
  points: number;
  firstMs?: number;
  lastMs?: number;
  /** What was wrong with the file (cut off and salvaged, unreadable): the scenario cannot be trusted whole. */
  problem?: string;
}

const SAMPLE_FILE = /\.json(\.gz)?$/;
const TIME = /"time":"([^"]+)"/;
const INSTANCE = /"instance_id":"([^"]*)"/;
const TESTRUN = /"testrun_name":"([^"]*)"/;

async function filesUnder(dir: string): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) return [];
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && SAMPLE_FILE.test(e.name) && !e.name.endsWith('.summary.json')) found.push(join(e.parentPath, e.name));
  return found.sort();
}

async function scan(path: string): Promise<Pick<RunnerFile, 'instanceId' | 'points' | 'firstMs' | 'lastMs'> & { testRun?: string }> {
  const raw: Readable = createReadStream(path);
  const input: Readable = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const out: Awaited<ReturnType<typeof scan>> = { points: 0 };
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.includes('"type":"Point"')) continue;
    out.points++;
    const t = TIME.exec(line)?.[1];
    const ms = t === undefined ? Number.NaN : Date.parse(t);
    if (Number.isFinite(ms)) {
      if (out.firstMs === undefined || ms < out.firstMs) out.firstMs = ms;
      if (out.lastMs === undefined || ms > out.lastMs) out.lastMs = ms;
    }
    if (out.instanceId === undefined) {
      const id = INSTANCE.exec(line)?.[1];
      if (id !== undefined) out.instanceId = id;
      const name = TESTRUN.exec(line)?.[1];
      if (name !== undefined) out.testRun = name;
    }
  }
  return out;
}

async function readRunnerFile(runDir: string, path: string): Promise<RunnerFile | { rel: string; unreadable: string }> {
  const rel = relative(runDir, path);
  let problem: string | undefined;
  if (path.endsWith('.gz')) {
    try {
      const s = await salvageGzipLines(path);
      if (!s.complete)
        problem = `${rel} was cut off: its ${s.lines} complete line(s) were kept, a partial last line (${s.droppedBytes} bytes) dropped`;
    } catch (err) {
      return { rel, unreadable: `${rel} is not a readable gzip file (${describeError(err)})` };
    }
  }
  try {
    const s = await scan(path);
    const name = basename(path).replace(SAMPLE_FILE, '');
    const runner = s.instanceId === undefined ? name : `${s.testRun ?? name}/${s.instanceId}`;
    const { testRun: _t, ...facts } = s;
    return { rel, runner, ...facts, ...(problem === undefined ? {} : { problem }) };
  } catch (err) {
    return { rel, unreadable: `${rel} cannot be read (${describeError(err)})` };
  }
}

export interface ScenarioRunners {
  files: RunnerFile[];
  /** One line per runner that left no usable file or a cut-off one: the scenario is INVALID for them. */
  problems: string[];
}

/** The runners' files of one scenario directory, checked against the `parallelism` runners planned (ids 1…N). */
export async function collectRunners(runDir: string, scenarioDir: string, parallelism: number, testRun: string): Promise<ScenarioRunners> {
  const files: RunnerFile[] = [];
  const problems: string[] = [];
  for (const path of await filesUnder(scenarioDir)) {
    const f = await readRunnerFile(runDir, path);
    if ('unreadable' in f) problems.push(`runner file ${f.unreadable}`);
    else {
      files.push(f);
      if (f.problem !== undefined) problems.push(`runner ${f.runner}: ${f.problem}`);
    }
  }
  const tagged = new Set(files.flatMap((f) => (f.instanceId === undefined ? [] : [f.instanceId])));
  const untagged = files.filter((f) => f.instanceId === undefined).length;
  if (tagged.size > 0) {
    for (let i = 1; i <= parallelism; i++)
      if (!tagged.has(String(i))) problems.push(`runner ${testRun}/${i} (instance_id ${i} of ${parallelism}) left no sample file`);
  } else if (untagged < parallelism)
    problems.push(
      `${parallelism - untagged} of ${parallelism} runners of ${testRun} left no sample file under ${relative(runDir, scenarioDir) || '.'}`,
    );
  return { files, problems };
}
