/** A temporary copy of the real configuration, to break one file at a time. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlan, type LoadOptions } from '../../../src/config/load.ts';
import { ConfigError, type ConfigProblem } from '../../../src/errors.ts';
import { projectPath } from '../../../src/paths.ts';
import type { RunPlan } from '../../../src/plan/types.ts';

export interface ConfigCopy {
  dir: string;
  inventory: string;
  vmInventory: string;
  thresholdsDir: string;
  profilesFile: string;
  edit(file: string, change: (text: string) => string): Promise<void>;
  options(extra?: Partial<LoadOptions>): LoadOptions;
  cleanup(): Promise<void>;
}

export async function copyConfig(): Promise<ConfigCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-config-'));
  const inventory = join(dir, 'inventory.yaml');
  const vmInventory = join(dir, 'vm-inventory.yaml');
  const thresholdsDir = join(dir, 'thresholds');
  const profilesFile = join(dir, 'profiles.yaml');
  await cp(projectPath('lab', 'inventory.yaml'), inventory);
  await cp(projectPath('vm-inventory.yaml'), vmInventory);
  await cp(projectPath('thresholds'), thresholdsDir, { recursive: true });
  await cp(projectPath('orchestrator', 'profiles.yaml'), profilesFile);
  return {
    dir,
    inventory,
    vmInventory,
    thresholdsDir,
    profilesFile,
    async edit(file, change) {
      await writeFile(file, change(await readFile(file, 'utf8')));
    },
    options: (extra = {}) => ({ inventory, thresholdsDir, profilesFile, profile: 'load', env: {}, forRun: false, ...extra }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The problems loadPlan reports (fails the test if it returns a plan instead). */
export async function problemsOf(opts: LoadOptions): Promise<ConfigProblem[]> {
  try {
    await loadPlan(opts);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a ConfigError, got a plan');
}

export function realOptions(extra: Partial<LoadOptions> = {}): LoadOptions {
  return {
    inventory: projectPath('lab', 'inventory.yaml'),
    thresholdsDir: projectPath('thresholds'),
    profilesFile: projectPath('orchestrator', 'profiles.yaml'),
    profile: 'load',
    env: {},
    forRun: false,
    ...extra,
  };
}

export function realPlan(extra: Partial<LoadOptions> = {}): Promise<RunPlan> {
  return loadPlan(realOptions(extra));
}
