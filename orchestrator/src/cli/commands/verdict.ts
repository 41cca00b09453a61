/**
 * `loadgate verdict --plan loadgate-plan.json --samples DIR`: the verdict, reports and exit code of a run whose
 * k6 runners ran elsewhere (k6-operator pods, SSH generators), from the sample files they left. The reports are
 * written into the run's directory among the samples, as a local run's are.
 */
import { UsageError } from '../../errors.ts';
import { loadPlanFile } from '../../export/k8s/plan-file.ts';
import { verdictFromSamples } from '../../collect/verdict.ts';
import { loadVerdict } from '../../verdict/load.ts';
import { ALL_GATE_STATUSES, parseFailOn } from '../../verdict/gate.ts';
import { consoleSummary } from '../../report/console.ts';
import { stringFlag, type Command } from '../command.ts';
import { minEffectFlag } from './compare.ts';
import { versionText } from '../help.ts';

export const verdictCommand: Command = {
  name: 'verdict',
  summary: 'judge samples collected from remote runners (k6-operator, SSH) against a loadgate-plan.json: one verdict, one exit code',
  usage: `loadgate verdict --plan DIR/loadgate-plan.json --samples RESULTS_DIR [--baseline RUN_DIR|verdict.json [--min-effect 0.10]] [--fail-on ${ALL_GATE_STATUSES.join(',')}]`,
  flags: {
    plan: { type: 'string' },
    samples: { type: 'string' },
    baseline: { type: 'string' },
    'min-effect': { type: 'string' },
    'fail-on': { type: 'string' },
  },
  async run(args, ctx) {
    const planPath = stringFlag(args, 'plan');
    const samplesDir = stringFlag(args, 'samples');
    if (planPath === undefined || samplesDir === undefined)
      throw new UsageError(`verdict: --plan and --samples are required (usage: ${this.usage})`);
    const baselinePath = stringFlag(args, 'baseline');
    const minEffect = minEffectFlag(args, 'verdict');
    if (minEffect !== undefined && baselinePath === undefined)
      throw new UsageError('verdict: --min-effect applies to a comparison; give --baseline too');
    const failOnText = stringFlag(args, 'fail-on');
    const planFile = await loadPlanFile(planPath);
    const { exitCode, runDir, verdict } = await verdictFromSamples({
      planFile,
      samplesDir,
      baseline: baselinePath === undefined ? undefined : await loadVerdict(baselinePath),
      minEffect,
      failOn: failOnText === undefined ? undefined : parseFailOn(failOnText),
      env: ctx.env,
      tools: { node: process.versions.node, loadgate: (await versionText()).replace(/^loadgate /, '') },
    });
    for (const line of consoleSummary(verdict)) ctx.out(line);
    ctx.out(`results: ${runDir}`);
    return exitCode;
  },
};
