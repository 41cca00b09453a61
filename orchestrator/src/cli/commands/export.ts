/**
 * `loadgate export k8s`: a profile as k6-operator resources (ConfigMap + TestRun per k6 scenario) and the
 * loadgate-plan.json that `loadgate verdict` judges the runners' samples by. The loopback guard applies as it
 * does to `run` (these manifests exist to send load), though export itself sends nothing.
 */
import { resolve } from 'node:path';
import { EXIT } from '../../exit-codes.ts';
import { UsageError } from '../../errors.ts';
import { newRunId } from '../../run/run-dir.ts';
import { requireK6 } from '../../toolchain.ts';
import { defaultImage, exportK8s } from '../../export/k8s/export.ts';
import { boolFlag, stringFlag, type Command, type ParsedArgs } from '../command.ts';
import { CONFIG_FLAGS_USAGE, configFlags, planFromFlags } from '../run-flags.ts';
import { versionText } from '../help.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;

function required(args: ParsedArgs, name: string): string {
  const v = stringFlag(args, name);
  if (v === undefined || v === '') throw new UsageError(`export k8s: --${name} is required`);
  return v;
}

function matching(args: ParsedArgs, name: string, pattern: RegExp, what: string, fallback: string): string {
  const v = stringFlag(args, name) ?? fallback;
  if (!pattern.test(v)) throw new UsageError(`export k8s: --${name} '${v}' is not ${what}`);
  return v;
}

function parallelismFlag(args: ParsedArgs): number {
  const text = required(args, 'parallelism');
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`export k8s: --parallelism '${text}' is not a whole number ≥ 1`);
  return n;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export k8s: a profile as k6-operator TestRuns (+ ConfigMaps with k6 archives) and loadgate-plan.json; sends nothing',
  usage: `loadgate export k8s ${CONFIG_FLAGS_USAGE} --parallelism N --namespace NS --out DIR [--image I] [--results-claim PVC] [--script-claim PVC] [--secret NAME] [--separate] [--cpu-request Q] [--memory-request Q]`,
  flags: {
    ...configFlags,
    parallelism: { type: 'string' },
    namespace: { type: 'string' },
    out: { type: 'string' },
    image: { type: 'string' },
    'results-claim': { type: 'string' },
    'script-claim': { type: 'string' },
    secret: { type: 'string' },
    separate: { type: 'boolean' },
    'cpu-request': { type: 'string' },
    'memory-request': { type: 'string' },
  },
  positionals: true,
  async run(args, ctx) {
    const [target, ...extra] = args.positionals;
    if (target !== 'k8s' || extra.length > 0) throw new UsageError(`export: expected the target 'k8s' (usage: ${this.usage})`);
    const parallelism = parallelismFlag(args);
    const namespace = matching(args, 'namespace', DNS_LABEL, 'a Kubernetes namespace name', required(args, 'namespace'));
    const outDir = resolve(required(args, 'out'));
    const resultsClaim = matching(args, 'results-claim', DNS_LABEL, 'a claim name', 'loadgate-results');
    const scriptClaimText = stringFlag(args, 'script-claim');
    const scriptClaim = scriptClaimText === undefined ? undefined : matching(args, 'script-claim', DNS_LABEL, 'a claim name', '');
    const secretName = matching(args, 'secret', DNS_LABEL, 'a Secret name', 'loadgate-secrets');
    const cpu = matching(args, 'cpu-request', QUANTITY, 'a CPU quantity (500m, 1)', '500m');
    const memory = matching(args, 'memory-request', QUANTITY, 'a memory quantity (256Mi)', '256Mi');
    // forRun: these manifests send load, so the loopback guard judges their targets as a run's. Its --out is a directory.
    const plan = await planFromFlags(args, ctx, true, false);
    const k6 = await requireK6(ctx.env);
    const runId = newRunId(plan.profile);
    const result = await exportK8s({
      plan,
      outDir,
      k6,
      loadgateVersion: (await versionText()).replace(/^loadgate /, ''),
      options: {
        runId,
        namespace,
        parallelism,
        image: stringFlag(args, 'image') ?? defaultImage(k6.version),
        resultsClaim,
        scriptClaim,
        secretName,
        separate: boolFlag(args, 'separate'),
        requests: { cpu, memory },
      },
    });
    for (const id of result.skipped)
      ctx.err(`export: ${id} is a loadgate probe, not a k6 scenario: not exported (run it with loadgate run)`);
    for (const c of result.dropped) ctx.err(`export: criterion not judged on Kubernetes (no runner measures it): ${c}`);
    for (const f of result.files) ctx.out(`wrote ${f}`);
    ctx.out(
      `run ${runId}: ${result.testRuns.length} TestRun(s) × ${parallelism} runner(s); results go to claim ${resultsClaim} under /${runId}/`,
    );
    return EXIT.PASS;
  },
};
