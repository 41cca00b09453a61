/**
 * Running a plan in this process as `loadgate run` would (run/pipeline.ts executeRun), with every line it
 * prints collected; and loading a fixture kind's plan (its thresholds, a profiles file of the test's own)
 * against a loopback target. Shared by the new-kind acceptance tests and the sender-refusal test.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPlan } from '../../src/config/load.ts';
import type { RunPlan } from '../../src/plan/types.ts';
import { executeRun } from '../../src/run/pipeline.ts';
import { afirgenInventory } from './inventory.ts';

export type InProcessRun = Awaited<ReturnType<typeof executeRun>> & { lines: string[] };

export async function runCollectingLines(plan: RunPlan, resultsDir: string, env: NodeJS.ProcessEnv): Promise<InProcessRun> {
  const lines: string[] = [];
  const r = await executeRun({
    plan,
    resultsDir,
    failFast: false,
    env,
    signal: new AbortController().signal,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
    interactive: false,
  });
  return { ...r, lines };
}

/** The plan of `profile` in `profiles` (YAML, written into `dir`), with `thresholdsDir`, against 127.0.0.1:`port`. */
export async function fixtureKindPlan(o: {
  dir: string;
  port: number;
  thresholdsDir: string;
  profiles: string;
  profile: string;
}): Promise<RunPlan> {
  const profilesFile = join(o.dir, 'profiles.yaml');
  await writeFile(profilesFile, o.profiles);
  return loadPlan({
    inventory: await afirgenInventory(o.dir, o.port),
    thresholdsDir: o.thresholdsDir,
    profilesFile,
    profile: o.profile,
    env: { ...process.env, LOADGATE_LOOPBACK_ONLY: '1' },
    forRun: true,
  });
}
