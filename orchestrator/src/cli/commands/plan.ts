import { EXIT } from '../../exit-codes.ts';
import { formatPlan, redactedPlan } from '../../plan/print.ts';
import type { Command } from '../command.ts';
import { planFromFlags, RUN_FLAGS_USAGE, runFlags, wantsJson } from '../run-flags.ts';

/** Prints what a run would do — targets, executors, load, durations, criteria — secrets redacted; sends nothing. */
export const plan: Command = {
  name: 'plan',
  summary: 'print what a run would do (targets, executors, load, criteria), secrets redacted; sends nothing',
  usage: `loadgate plan ${RUN_FLAGS_USAGE}`,
  flags: runFlags,
  async run(args, ctx) {
    const resolved = await planFromFlags(args, ctx, false);
    ctx.out(wantsJson(args) ? JSON.stringify(redactedPlan(resolved), null, 2) : formatPlan(resolved));
    return EXIT.PASS;
  },
};
