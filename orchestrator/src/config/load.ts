/**
 * loadPlan: the one entry to configuration. Reads the inventory, every thresholds file and the profiles,
 * checks each (YAML → schema → rules), applies --scenario and --set, builds the run plan, and throws one
 * ConfigError carrying every problem of every file — before anything is sent anywhere.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type ConfigProblem } from '../errors.ts';
import { LOCAL_GENERATOR, type RunPlan } from '../plan/types.ts';
import { loopbackOnly } from '../safety/loopback.ts';
import { generatorsUsed } from '../plan/placement.ts';
import { durationMs } from './duration.ts';
import { PlanBuilder, type ThresholdsInput } from './build.ts';
import { placement, refusedGenerators } from './generators.ts';
import { resolveOutputs } from './outputs.ts';
import { applyOverrides, COMMAND_LINE, flagProblem, parseOverrides, type Override } from './overrides.ts';
import { generatorFileProblems } from './rules/generator-files.ts';
import { checkInventory } from './rules/inventory.ts';
import { checkProfiles, entryId } from './rules/profiles.ts';
import { checkThresholds } from './rules/thresholds.ts';
import type { InventorySpec } from './schema/inventory.ts';
import type { ProfilesSpec } from './schema/profiles.ts';
import { checkShape, sourceLocator, type Locator } from './schema/validate.ts';
import { locate, pointer, readSource, type ConfigSource, type PathSegment } from './source.ts';

export interface LoadOptions {
  inventory: string;
  thresholdsDir: string;
  profilesFile: string;
  /** The profile to plan; the profiles file's `default` when absent. */
  profile?: string;
  /** Entry ids or scenario names to keep (all when absent or empty). */
  scenarios?: string[];
  /** `key=value` overrides (see overrides.ts). */
  set?: string[];
  /** `--out TYPE=URL` live metrics outputs, added to the inventory's `outputs:` (config/outputs.ts). */
  out?: string[];
  env: NodeJS.ProcessEnv;
  /** A run (not validate/plan): applies the loopback guard when LOADGATE_LOOPBACK_ONLY=1. */
  forRun: boolean;
}

/** Defaults, relative to the project root: what `make load` uses. */
export const CONFIG_DEFAULTS = {
  inventory: 'lab/inventory.yaml',
  thresholdsDir: 'thresholds',
  profilesFile: 'orchestrator/profiles.yaml',
  profile: 'load',
} as const;

export async function loadPlan(opts: LoadOptions): Promise<RunPlan> {
  const problems: ConfigProblem[] = [];
  const [inventory, thresholds, profiles] = await Promise.all([
    loadInventory(opts.inventory, problems),
    loadThresholds(opts.thresholdsDir, problems),
    loadProfiles(opts, problems),
  ]);
  if (problems.length > 0 || !inventory || !profiles) throw new ConfigError(sorted(problems));

  const profile = profiles.spec.profiles[profiles.name];
  if (!profile) throw new ConfigError(sorted(problems));
  const where = placement(inventory.spec, opts.inventory);
  const builder = new PlanBuilder({
    inventory: inventory.spec,
    inventoryAt: inventory.at,
    profileName: profiles.name,
    profile,
    profileAt: profiles.at,
    selected: profiles.selected,
    thresholds,
    thresholdsDirProblem: (scenario) => ({
      file: opts.thresholdsDir,
      line: 1,
      col: 1,
      path: '',
      message: `no thresholds file for scenario ${scenario} (expected ${join(opts.thresholdsDir, `${scenario}.yaml`)})`,
    }),
    env: opts.env,
    guard: opts.forRun && loopbackOnly(opts.env),
    placement: where,
  });
  const scenarios = builder.build();
  // Without a generators: section this machine is the one generator, exactly as before the section existed.
  const generators = inventory.spec.generators ? generatorsUsed(scenarios, [...where.known.values()]) : [LOCAL_GENERATOR];
  const refused = opts.forRun && loopbackOnly(opts.env) ? refusedGenerators(inventory.spec, inventory.at, generators) : [];
  const outputs = resolveOutputs({
    specs: inventory.spec.outputs,
    at: inventory.at,
    flags: opts.out ?? [],
    env: opts.env,
    guard: opts.forRun && loopbackOnly(opts.env),
  });
  const late = [...builder.problems, ...refused, ...outputs.problems];
  if (late.length > 0) throw new ConfigError(sorted(late));
  return {
    profile: profiles.name,
    inventory: { file: opts.inventory, name: inventory.spec.name, lab: inventory.spec.lab === true },
    thresholdsDir: opts.thresholdsDir,
    rounds: profile.rounds ?? 1,
    pauseMs: profile.pauseMs ?? 0,
    scenarios,
    generators,
    ...(outputs.outputs.length > 0 ? { outputs: outputs.outputs } : {}),
    secrets: [...builder.secrets, ...outputs.secrets],
  };
}

async function loadInventory(file: string, problems: ConfigProblem[]): Promise<{ spec: InventorySpec; at: Locator } | undefined> {
  const read = await readSource(file);
  if (!read.ok) return void problems.push(...read.problems);
  const at = sourceLocator(read.source);
  const shape = checkShape('inventory', read.source.value, at);
  if (!shape.ok) return void problems.push(...shape.problems);
  problems.push(...checkInventory(shape.value, at), ...(await generatorFileProblems(shape.value, file, at)));
  return { spec: shape.value, at };
}

async function loadThresholds(dir: string, problems: ConfigProblem[]): Promise<Map<string, ThresholdsInput>> {
  const out = new Map<string, ThresholdsInput>();
  const whole = (message: string): void => void problems.push({ file: dir, line: 1, col: 1, path: '', message });
  try {
    if (!(await stat(dir)).isDirectory()) return (whole('is not a directory (expected the thresholds directory)'), out);
  } catch {
    return (whole('no such directory (expected the thresholds directory)'), out);
  }
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  if (names.length === 0) whole('has no thresholds files (*.yaml)');
  const reads = await Promise.all(names.map((n) => readSource(join(dir, n))));
  const first = new Map<string, string>();
  for (const read of reads) {
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    const at = sourceLocator(read.source);
    const shape = checkShape('thresholds', read.source.value, at);
    if (!shape.ok) {
      problems.push(...shape.problems);
      continue;
    }
    const { problems: ruleProblems, criteria } = checkThresholds(read.source.file, shape.value, at);
    problems.push(...ruleProblems);
    const other = first.get(shape.value.scenario);
    if (other !== undefined) {
      problems.push(at(['scenario'], `scenario ${shape.value.scenario} already has its thresholds in ${other}`));
      continue;
    }
    first.set(shape.value.scenario, read.source.file);
    out.set(shape.value.scenario, {
      file: read.source.file,
      specs: shape.value.criteria,
      ...(shape.value.confidence === undefined ? {} : { confidence: shape.value.confidence }),
      ...(shape.value.warmup === undefined ? {} : { warmupMs: durationMs(shape.value.warmup) ?? 0 }),
      at,
      checked: criteria,
      lines: shape.value.criteria.map((_, i) => locate(read.source, ['criteria', i]).line),
    });
  }
  return out;
}

interface LoadedProfiles {
  spec: ProfilesSpec;
  name: string;
  at: Locator;
  selected: number[];
}

async function loadProfiles(opts: LoadOptions, problems: ConfigProblem[]): Promise<LoadedProfiles | undefined> {
  const parsed = parseOverrides(opts.set ?? []);
  problems.push(...parsed.problems);
  const read = await readSource(opts.profilesFile);
  if (!read.ok) return void problems.push(...read.problems);
  const source = read.source;
  const name = opts.profile ?? defaultProfile(source.value);
  const applied = applyOverrides(source.value, name, parsed.overrides);
  problems.push(...applied.problems);
  const at = overrideLocator(source, applied.written);
  const wanted = (opts.scenarios ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const shape = checkShape('profiles', applied.value, at);
  if (!shape.ok) {
    problems.push(...shape.problems, ...unknownScenarios(wanted, name, rawEntries(applied.value, name)));
    return undefined;
  }
  problems.push(...checkProfiles(shape.value, at));
  const profile = shape.value.profiles[name];
  if (!profile) {
    const have = Object.keys(shape.value.profiles).join(', ');
    return void problems.push({
      file: COMMAND_LINE,
      line: 1,
      col: 1,
      path: '',
      message: `--profile ${name}: no such profile in ${opts.profilesFile} (have: ${have})`,
    });
  }
  const entries = profile.scenarios.map((e) => ({ id: entryId(e), scenario: e.scenario }));
  problems.push(...unknownScenarios(wanted, name, entries));
  const selected = entries
    .map((e, j) => ({ e, j }))
    .filter(({ e }) => wanted.length === 0 || wanted.includes(e.id) || wanted.includes(e.scenario))
    .map(({ j }) => j);
  return { spec: shape.value, name, at, selected };
}

function unknownScenarios(wanted: string[], profile: string, entries: Array<{ id: string; scenario: string }>): ConfigProblem[] {
  if (entries.length === 0) return [];
  return wanted.flatMap((w, i) =>
    entries.some((e) => e.id === w || e.scenario === w)
      ? []
      : [
          flagProblem(
            '--scenario',
            i + 1,
            w,
            `profile ${profile} has no scenario or id '${w}' (have: ${entries.map((e) => e.id).join(', ')})`,
          ),
        ],
  );
}

/** Entry names from not-yet-checked data, so --scenario mistakes are reported alongside schema problems. */
function rawEntries(raw: unknown, profile: string): Array<{ id: string; scenario: string }> {
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const profiles = isObj(raw) ? raw['profiles'] : undefined;
  const p = isObj(profiles) ? profiles[profile] : undefined;
  const list = isObj(p) && Array.isArray(p['scenarios']) ? (p['scenarios'] as unknown[]) : [];
  return list.flatMap((e) => {
    if (!isObj(e) || typeof e['scenario'] !== 'string') return [];
    return [{ id: typeof e['id'] === 'string' ? e['id'] : e['scenario'], scenario: e['scenario'] }];
  });
}

function defaultProfile(raw: unknown): string {
  if (raw !== null && typeof raw === 'object' && 'default' in raw && typeof raw.default === 'string') return raw.default;
  return 'load';
}

/** Locates problems in the profiles file, except on paths an override wrote: those point at the flag. */
function overrideLocator(source: ConfigSource, written: ReadonlyArray<{ path: PathSegment[]; override: Override }>): Locator {
  const inFile = sourceLocator(source);
  return (path, message, key) => {
    const hit = written.find((w) => w.path.every((seg, i) => path[i] === seg));
    if (!hit) return inFile(path, message, key);
    return flagProblem('--set', hit.override.index, hit.override.text, message, pointer(path));
  };
}

function sorted(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1));
}
