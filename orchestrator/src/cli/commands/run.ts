import { RESULTS_UMASK } from '../../run/run-dir.ts';
import { MAX_GENERATOR_HOSTS } from '../../../../lab/src/topology.ts';
import { exitForInterrupt, interruptOf } from '../../exit-codes.ts';
import { RESULTS_DIR } from '../../paths.ts';
import { executeRun } from '../../run/pipeline.ts';
import { LiveBoard } from '../../run/live.ts';
import { UsageError } from '../../errors.ts';
import { boolFlag, stringFlag, type Command, type ParsedArgs } from '../command.ts';
import { minEffectFlag } from './compare.ts';
import { ALL_GATE_STATUSES, parseFailOn } from '../../verdict/gate.ts';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { planFromFlags, RUN_FLAGS_USAGE, runFlags, wantsJson } from '../run-flags.ts';

/** The lab's rehearsal generator hosts (`--generators N`): a whole number from 1 to the lab's maximum, lab inventory only. */
export function generatorsFlag(args: ParsedArgs, lab: boolean): number | undefined {
  const text = stringFlag(args, 'generators');
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_GENERATOR_HOSTS)
    throw new UsageError(`run: --generators must be a whole number from 1 to ${MAX_GENERATOR_HOSTS}, not '${text}'`);
  if (!lab)
    throw new UsageError(
      "run: --generators starts the lab's rehearsal generator hosts and works with the lab inventory only; list real generators in the inventory's generators: section",
    );
  return n;
}

export const run: Command = {
  name: 'run',
  summary: 'run a profile against an inventory: k6 scenarios and probes, one verdict, one exit code',
  usage: `loadgate run ${RUN_FLAGS_USAGE} [--baseline RUN_DIR|verdict.json [--min-effect 0.10]] [--results-dir DIR] [--fail-fast] [--fail-on ${ALL_GATE_STATUSES.join(',')}] [--generators N] [--dashboard]`,
  flags: {
    ...runFlags,
    baseline: { type: 'string' },
    'min-effect': { type: 'string' },
    'results-dir': { type: 'string' },
    'fail-fast': { type: 'boolean' },
    'fail-on': { type: 'string' },
    generators: { type: 'string' },
    dashboard: { type: 'boolean' },
  },
  async run(args, ctx) {
    const baseline = stringFlag(args, 'baseline');
    const minEffect = minEffectFlag(args, 'run');
    if (minEffect !== undefined && baseline === undefined)
      throw new UsageError('run: --min-effect applies to a comparison; give --baseline too');
    const failOnText = stringFlag(args, 'fail-on');
    const failOn = failOnText === undefined ? undefined : parseFailOn(failOnText);
    // The loopback guard applies here (forRun): a non-loopback target is a config error before anything is sent.
    const plan = await planFromFlags(args, ctx, true);
    const generators = generatorsFlag(args, plan.inventory.lab);
    const interrupted = interruptOf(ctx.signal);
    if (interrupted) return exitForInterrupt(interrupted);
    const json = wantsJson(args);
    // Results are 0750/0640 whatever the caller's umask: k6, the lab and every writer inherit this one.
    process.umask(RESULTS_UMASK);
    // On a terminal (and not under CI) a redrawn board; otherwise a heartbeat every 30 s through ctx.err.
    const interactive = process.stderr.isTTY === true && ctx.env['CI'] !== 'true';
    const board = interactive
      ? new LiveBoard({ write: (t) => process.stderr.write(t), columns: process.stderr.columns }, true)
      : new LiveBoard({ write: (t) => ctx.err(t.replace(/\n$/, '')) }, false);
    let ran: Awaited<ReturnType<typeof executeRun>>;
    try {
      ran = await executeRun({
        plan,
        // Absolute from here on: k6 runs in another working directory, and a relative run dir broke its --config.
        resultsDir: resolve(stringFlag(args, 'results-dir') ?? RESULTS_DIR),
        baseline,
        minEffect,
        failFast: boolFlag(args, 'fail-fast'),
        failOn,
        env: ctx.env,
        signal: ctx.signal,
        // With --json, stdout carries exactly one document (the verdict); the human summary moves to stderr.
        out: json ? ctx.err : ctx.out,
        err: (line) => board.line(line),
        interactive,
        dashboard: boolFlag(args, 'dashboard'),
        live: board,
        ...(generators === undefined ? {} : { generators }),
      });
    } finally {
      board.close();
    }
    const { exitCode, runDir } = ran;
    // The file as written, not the object in memory: what a pipeline reads is what results/ keeps.
    if (json) ctx.out((await readFile(join(runDir, 'verdict.json'), 'utf8')).trimEnd());
    return exitCode;
  },
};
