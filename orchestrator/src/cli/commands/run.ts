import { EXIT } from '../../exit-codes.ts';
import { RESULTS_DIR } from '../../paths.ts';
import { executeRun } from '../../run/pipeline.ts';
import { boolFlag, stringFlag, type Command } from '../command.ts';
import { CONFIG_FLAGS_USAGE, configFlags, planFromFlags } from '../run-flags.ts';

export const run: Command = {
  name: 'run',
  summary: 'run a profile against an inventory: k6 scenarios and probes, one verdict, one exit code',
  usage: `loadgate run ${CONFIG_FLAGS_USAGE} [--baseline RUN_DIR|verdict.json] [--results-dir DIR] [--fail-fast]`,
  flags: {
    ...configFlags,
    baseline: { type: 'string' },
    'results-dir': { type: 'string' },
    'fail-fast': { type: 'boolean' },
  },
  async run(args, ctx) {
    // The loopback guard applies here (forRun): a non-loopback target is a config error before anything is sent.
    const plan = await planFromFlags(args, ctx, true);
    if (ctx.signal.aborted) return ctx.signal.reason === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT;
    const { exitCode } = await executeRun({
      plan,
      resultsDir: stringFlag(args, 'results-dir') ?? RESULTS_DIR,
      baseline: stringFlag(args, 'baseline'),
      failFast: boolFlag(args, 'fail-fast'),
      env: ctx.env,
      signal: ctx.signal,
      out: ctx.out,
      err: ctx.err,
      interactive: process.stderr.isTTY === true && ctx.env['CI'] !== 'true',
    });
    return exitCode;
  },
};
