/**
 * The k6 engine: a scenario's reach is its HTTP targets; it is prepared by finding the pinned k6 and making
 * sure the bundles are current (bundle.ts); it runs one k6 process per scenario with the canary beside it
 * (its outages become the record's faults); k6's own conclusions are judged by judge.ts.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, LoopbackRefusedError, PreflightError } from '../../errors.ts';
import type { K6ScenarioPlan } from '../../plan/types.ts';
import { startCanary } from '../../probes/canary.ts';
import type { ScenarioRecord } from '../../record.ts';
import { assertLoopbackTargets } from '../../safety/loopback.ts';
import { requireK6 } from '../../toolchain.ts';
import type { Engine, EngineRunContext } from '../engine.ts';
import { liveMetricsFor } from '../live-metrics.ts';
import { outputHosts } from './outputs.ts';
import { ensureBundle } from './bundle.ts';
import { outageLines, readCanaryPolls } from './canary-faults.ts';
import { k6Judge } from './judge.ts';
import { intendedLoad } from './options.ts';
import { runK6Scenario } from './runner.ts';
import { closeGenerators, prepareGenerators, type ReadyGenerator } from './remote/generators.ts';

type K6 = { path: string; version: string };

/**
 * A sender that refuses a target after preflight has connected: the run goes on to its verdict (ERROR naming
 * the refusal) and the message says what is true now — this scenario sent nothing, the run did.
 */
function refusedRecord(plan: K6ScenarioPlan, ctx: EngineRunContext, err: LoopbackRefusedError): ScenarioRecord {
  const now = new Date().toISOString();
  return {
    id: plan.id,
    entry: ctx.entry,
    round: ctx.round,
    scenario: plan.scenario,
    engine: 'k6',
    startedAt: now,
    finishedAt: now,
    samples: [],
    artifacts: {},
    intended: intendedLoad(plan.executor),
    errors: [`${err.refusal}; the scenario was not started (preflight had already connected to the run's targets)`],
    faults: [],
    aborted: false,
  };
}

/** The canary's outages as fault lines naming the VM and service it watched (`main/backend`). */
async function canaryFaults(path: string, plan: K6ScenarioPlan): Promise<string[]> {
  const url = plan.canary?.url ?? '';
  const target = Object.values(plan.targets).find((t) => url.startsWith(t.baseUrl));
  const where = `${target ? `${target.vm}/${target.service}` : (plan.canary?.vm ?? '?')} (GET ${url})`;
  try {
    return outageLines(await readCanaryPolls(path), where);
  } catch (err) {
    return [`${new Date().toISOString()} the canary's samples for ${where} could not be read back: ${describeError(err)}`];
  }
}

async function runWithCanary(
  plan: K6ScenarioPlan,
  k6: K6,
  ctx: EngineRunContext,
  generators: ReadonlyMap<string, ReadyGenerator>,
): Promise<ScenarioRecord> {
  const dir = join(ctx.runDir, 'k6', plan.id);
  await mkdir(dir, { recursive: true });
  const canaryRel = join('k6', plan.id, 'canary.json.gz');
  const canary = plan.canary
    ? startCanary({
        url: plan.canary.url,
        vm: plan.canary.vm,
        outPath: join(ctx.runDir, canaryRel),
        signal: ctx.signal,
        pins: ctx.pins,
        env: ctx.env,
        metrics: liveMetricsFor(ctx, plan.id),
      })
    : undefined;
  let record: ScenarioRecord;
  try {
    record = await runK6Scenario(plan, { ...ctx, k6, generators });
  } catch (err) {
    await canary?.stop();
    throw err;
  }
  const polled = await canary?.stop();
  // setup() found the target unusable: nothing was loaded, so this is preflight's verdict (exit 3), not a run's.
  if (record.preflight !== undefined)
    throw new PreflightError(
      `preflight failed before any load: ${plan.id}: ${record.preflight} (k6's log: ${join(ctx.runDir, record.artifacts['stderr'] ?? '')})`,
    );
  if (!polled || !plan.canary) return record;
  const faults = await canaryFaults(join(ctx.runDir, canaryRel), plan);
  return { ...record, samples: [...record.samples, canaryRel], faults: [...record.faults, ...faults] };
}

export const k6Engine: Engine<K6ScenarioPlan> = {
  name: 'k6',
  reach(plan) {
    const targets = Object.values(plan.targets);
    return {
      hosts: targets.map((t) => t.host),
      required: targets.map((t) => ({ label: `${t.vm}/${t.service}`, host: t.host, port: t.port })),
      checked: [],
    };
  },
  async prepare(env) {
    const k6 = await requireK6(env);
    await ensureBundle();
    // The run's ssh generators, connected and checked by prepareGenerators; ended by close.
    let generators = new Map<string, ReadyGenerator>();
    return {
      version: k6.version,
      async prepareGenerators(plans, run) {
        generators = await prepareGenerators(plans, { runId: run.runId, env: run.env, localK6: k6.path, progress: run.progress });
      },
      async close() {
        const warnings = await closeGenerators(generators.values());
        generators = new Map();
        return warnings;
      },
      async run(plan, ctx) {
        try {
          // k6's targets and the canary's URL judged before either starts, so a refusal leaves nothing half-sent.
          assertLoopbackTargets(
            `k6 ${plan.id}`,
            Object.values(plan.targets).map((t) => t.host),
            ctx.env,
            ctx.pins,
          );
          if (plan.canary) assertLoopbackTargets('canary', [new URL(plan.canary.url).hostname], ctx.env, ctx.pins);
          assertLoopbackTargets(`k6 ${plan.id}'s outputs`, outputHosts(ctx.outputs?.outputs ?? []), ctx.env);
          return await runWithCanary(plan, k6, ctx, generators);
        } catch (err) {
          if (err instanceof LoopbackRefusedError) return refusedRecord(plan, ctx, err);
          throw err;
        }
      },
    };
  },
  judge: k6Judge,
};
