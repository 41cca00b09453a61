/**
 * The lab's rehearsal generator hosts (`loadgate lab --generators N`) as the run's generators: its ready line
 * names a JSON file (`generators=<file>`) with what a client needs for each host; parsed, not cast. The hosts
 * are this machine, so their k6 is the pinned build at its own path.
 */
import { readFile } from 'node:fs/promises';
import { LabError } from '../errors.ts';
import type { GeneratorPlan } from '../plan/types.ts';

export function generatorsFileFrom(readyLine: string): string | undefined {
  return /(?:^|\s)generators=(\S+)/.exec(readyLine)?.[1];
}

function field(entry: Record<string, unknown>, key: string, i: number): string {
  const v = entry[key];
  if (typeof v !== 'string' || v === '') throw new LabError(`the lab's generators file: entry ${i} has no '${key}'`);
  return v;
}

export function parseLabGenerators(text: string, k6Path: string): GeneratorPlan[] {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (err) {
    throw new LabError(`the lab's generators file is not JSON`, { cause: err });
  }
  if (!Array.isArray(data) || data.length === 0) throw new LabError(`the lab's generators file lists no host`);
  return data.map((raw: unknown, i): GeneratorPlan => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new LabError(`the lab's generators file: entry ${i} is not an object`);
    const e = Object.fromEntries(Object.entries(raw).map(([k, v]: [string, unknown]) => [k, v]));
    const port = e['port'];
    if (typeof port !== 'number' || !Number.isInteger(port)) throw new LabError(`the lab's generators file: entry ${i} has no port`);
    return {
      kind: 'ssh',
      name: field(e, 'name', i),
      host: field(e, 'host', i),
      port,
      user: field(e, 'user', i),
      identityFile: field(e, 'identityFile', i),
      knownHosts: field(e, 'knownHosts', i),
      workdir: field(e, 'workdir', i),
      k6: { path: k6Path },
    };
  });
}

export async function labGenerators(readyLine: string, k6Path: string): Promise<GeneratorPlan[]> {
  const file = generatorsFileFrom(readyLine);
  if (file === undefined) throw new LabError(`the lab started no generator hosts (its ready line names no generators file)`);
  return parseLabGenerators(await readFile(file, 'utf8'), k6Path);
}
