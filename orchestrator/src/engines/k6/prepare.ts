/**
 * The pure half of a k6 run: everything a scenario's k6 needs decided before anything starts — its directory,
 * options.json, environment, intended load, the secrets to redact and the local command line. The execution half
 * takes it to a generator: this machine (runner.ts, one process) or several (distributed.ts, one test over
 * execution segments). Pure: writes nothing, starts nothing.
 */
import type { LiveSink } from '../live.ts';
import { join } from 'node:path';
import { scriptOf } from './scripts.ts';
import type { K6ScenarioPlan } from '../../plan/types.ts';
import type { ScenarioRecord } from '../../record.ts';
import type { HostPins } from '../../safety/loopback.ts';
import type { ReadyGenerator } from './remote/generators.ts';
import type { RunOutputs } from '../engine.ts';
import { buildK6Env, type K6Paths } from './env.ts';
import { outputArgs, outputEnv } from './outputs.ts';
import { buildK6Options, intendedLoad, type K6Options } from './options.ts';

export interface K6Prepared {
  /** `<runDir>/k6/<id>`: every file of this scenario's run. */
  dir: string;
  options: K6Options;
  intended: Record<string, number>;
  /** The environment of a local k6 (summary path, and the dashboard's when asked for, in `dir`). */
  env: Record<string, string>;
  /** `k6 <args>` for one local process. */
  args: string[];
  /** The bundled script. */
  script: string;
  secrets: string[];
}

export interface PrepareContext {
  runId: string;
  runDir: string;
  env: NodeJS.ProcessEnv;
  pins?: HostPins;
  interactive: boolean;
  /** Export k6's web dashboard to `dir`/dashboard.html (`run --dashboard`); off by default. */
  dashboard?: boolean;
  outputs?: RunOutputs;
}

export function prepareK6(plan: K6ScenarioPlan, ctx: PrepareContext): K6Prepared {
  const dir = join(ctx.runDir, 'k6', plan.id);
  const file = (name: string): string => join(dir, name);
  const script = scriptOf(plan.scenario).bundle;
  const env = { ...buildK6Env(plan, ctx.runId, k6Paths(dir, ctx.dashboard === true), ctx.env), ...outputEnv(ctx.outputs) };
  const args = [
    'run',
    '--config',
    file('options.json'),
    '--out',
    `json=${file('samples.json.gz')}`,
    ...outputArgs(ctx.outputs, { runId: ctx.runId, scenario: plan.id, generator: 'local' }),
    '--no-color',
    // On a terminal k6's once-a-second status lines feed our progress; otherwise nothing floods the log.
    ...(ctx.interactive ? [] : ['--quiet']),
    script,
  ];
  return {
    dir,
    options: buildK6Options(plan, ctx.runId, ctx.pins),
    intended: intendedLoad(plan.executor),
    env,
    args,
    script,
    secrets: [...(plan.apiKey ? [plan.apiKey] : []), ...(ctx.outputs?.outputs ?? []).flatMap((o) => Object.values(o.headers))],
  };
}

/** Where a local k6 writes its summary, and its dashboard only when the run asked for one. */
export function k6Paths(dir: string, dashboard: boolean): K6Paths {
  return { summary: join(dir, 'summary.json'), ...(dashboard ? { dashboard: join(dir, 'dashboard.html') } : {}) };
}

/**
 * Whether the scenario runs as one test over several instances (distributed.ts): more than one segment, or a
 * generator that is not this machine. One local segment runs exactly as a single-machine run always has.
 */
export function isDistributed(plan: K6ScenarioPlan): boolean {
  return plan.segments.length > 1 || plan.segments.some((s) => s.generator !== 'local');
}

/** What running one k6 scenario needs beside its plan (runner.ts, distributed.ts). */
export interface K6RunContext {
  runId: string;
  runDir: string;
  /** The run's environment (the loopback guard reads LOADGATE_LOOPBACK_ONLY from it); k6 gets only a few of it. */
  env: NodeJS.ProcessEnv;
  /** The plan entry and round this run is (the record's identity); the plan's id and round 1 when absent. */
  entry?: string;
  round?: number;
  k6: { path: string; version: string };
  signal?: AbortSignal;
  progress?: (line: string) => void;
  /** The live board (run/live.ts): a row for this scenario while it runs. */
  live?: LiveSink | undefined;
  /** A human watches a terminal: live VUs/iterations/errors every few seconds (the CLI never sets it when CI=true). */
  interactive?: boolean;
  /** Export k6's web dashboard (`run --dashboard`); off by default. */
  dashboard?: boolean;
  /** The run's live metrics outputs: every k6 process of the scenario streams to them. */
  outputs?: RunOutputs;
  /** Between SIGINT and SIGKILL when k6 must be stopped. */
  gracePeriodMs?: number;
  /** The run's pinned addresses for target names (pinHosts): checked here, and k6 connects only to them. */
  pins?: HostPins;
  /** The run's generators other than this machine, connected and checked (remote/generators.ts), by name. */
  generators?: ReadonlyMap<string, ReadyGenerator>;
}

/** Who a k6 record is: the plan entry, its round (1 when absent) and kind — the same on both execution paths. */
export function recordIdentity(
  plan: K6ScenarioPlan,
  ctx: K6RunContext,
): Pick<ScenarioRecord, 'id' | 'entry' | 'round' | 'scenario' | 'engine'> {
  return { id: plan.id, entry: ctx.entry ?? plan.id, round: ctx.round ?? 1, scenario: plan.scenario, engine: 'k6' };
}
