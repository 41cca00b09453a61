/**
 * The flags `validate`, `plan` and `run` share, and the one function that turns them into a RunPlan.
 * `make load INVENTORY=… PROFILE=… SCENARIOS=…` maps onto exactly these (see the Makefile's RUN_FLAGS).
 * Relative paths are taken from the working directory; the defaults point into the project, so
 * `loadgate` works from anywhere.
 */
import { isAbsolute, relative } from 'node:path';
import { CONFIG_DEFAULTS, loadPlan } from '../config/load.ts';
import { projectPath } from '../paths.ts';
import type { RunPlan } from '../plan/types.ts';
import { boolFlag, listFlag, stringFlag, type CommandContext, type FlagSpec, type ParsedArgs } from './command.ts';

/** The flags that choose and shape a plan (`run` takes these; `validate` and `plan` add --json). */
export const configFlags: FlagSpec = {
  inventory: { type: 'string' },
  thresholds: { type: 'string' },
  profiles: { type: 'string' },
  profile: { type: 'string' },
  scenario: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  out: { type: 'string', multiple: true },
};

export const CONFIG_FLAGS_USAGE =
  '[--inventory FILE] [--thresholds DIR] [--profiles FILE] [--profile NAME] [--scenario a,b]… [--set key=value]… [--out TYPE=URL]…';

export const runFlags: FlagSpec = { ...configFlags, json: { type: 'boolean' } };

export const RUN_FLAGS_USAGE = `${CONFIG_FLAGS_USAGE} [--json]`;

/** A default file: shown relative to the working directory when that is shorter, as users would type it. */
function defaultPath(rel: string): string {
  const abs = projectPath(rel);
  const fromCwd = relative(process.cwd(), abs);
  return fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : abs;
}

export function wantsJson(args: ParsedArgs): boolean {
  return boolFlag(args, 'json');
}

/**
 * The plan the flags name. `--out TYPE=URL` adds a live metrics output — except where a command's own `--out` is
 * something else (`export k8s --out DIR`), which passes `outputFlag: false`.
 */
export function planFromFlags(args: ParsedArgs, ctx: CommandContext, forRun: boolean, outputFlag = true): Promise<RunPlan> {
  return loadPlan({
    inventory: stringFlag(args, 'inventory') ?? defaultPath(CONFIG_DEFAULTS.inventory),
    thresholdsDir: stringFlag(args, 'thresholds') ?? defaultPath(CONFIG_DEFAULTS.thresholdsDir),
    profilesFile: stringFlag(args, 'profiles') ?? defaultPath(CONFIG_DEFAULTS.profilesFile),
    profile: stringFlag(args, 'profile') ?? CONFIG_DEFAULTS.profile,
    scenarios: listFlag(args, 'scenario'),
    set: listFlag(args, 'set'),
    out: outputFlag ? listFlag(args, 'out') : [],
    env: ctx.env,
    forRun,
  });
}
