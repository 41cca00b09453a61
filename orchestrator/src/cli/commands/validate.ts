import { EXIT } from '../../exit-codes.ts';
import type { Command } from '../command.ts';
import { planFromFlags, RUN_FLAGS_USAGE, runFlags, wantsJson } from '../run-flags.ts';

/** Checks every configuration file and the plan they make; sends nothing. Problems: ConfigError, exit 2. */
export const validate: Command = {
  name: 'validate',
  summary: 'check inventory, thresholds and profiles (every problem, with file:line:col); sends nothing',
  usage: `loadgate validate ${RUN_FLAGS_USAGE}`,
  flags: runFlags,
  async run(args, ctx) {
    const plan = await planFromFlags(args, ctx, false);
    const criteria = plan.scenarios.reduce((n, s) => n + s.criteria.length, 0);
    if (wantsJson(args)) {
      ctx.out(JSON.stringify({ ok: true, profile: plan.profile, scenarios: plan.scenarios.length, criteria }));
    } else {
      ctx.out(
        `ok: ${plan.inventory.file}, ${plan.thresholdsDir}, profile ${plan.profile} (${plan.scenarios.length} scenarios, ${criteria} criteria)`,
      );
    }
    return EXIT.PASS;
  },
};
