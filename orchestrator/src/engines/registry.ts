/**
 * Every engine by name, and the one place a scenario plan is matched with its engine: the pipeline, preflight
 * and the verdict dispatch through here and never test which engine a scenario has.
 */
import type { ScenarioPlan } from '../plan/types.ts';
import type { ScenarioRecord } from '../record.ts';
import type { Engine, EngineJudge, EngineRunContext, EngineRunner, Reach } from './engine.ts';
import { k6Engine } from './k6/engine.ts';
import { probeEngine } from './probe/engine.ts';

export type EngineName = ScenarioPlan['engine'];
type PlanOf<E extends EngineName> = Extract<ScenarioPlan, { engine: E }>;

export const ENGINES: { readonly [E in EngineName]: Engine<PlanOf<E>> } = { k6: k6Engine, probe: probeEngine };

/** The engines a plan's scenarios need, made ready once for the run. */
export type Runners = { [E in EngineName]?: EngineRunner<PlanOf<E>> };

export function reachOf(plan: ScenarioPlan): Reach {
  return plan.engine === 'k6' ? ENGINES.k6.reach(plan) : ENGINES.probe.reach(plan);
}

export function judgeOf(record: ScenarioRecord): EngineJudge {
  return ENGINES[record.engine].judge;
}

/** Prepares each engine the scenarios use, once, in the order they first appear. */
export async function prepareEngines(scenarios: readonly ScenarioPlan[], env: NodeJS.ProcessEnv): Promise<Runners> {
  const runners: Runners = {};
  for (const s of scenarios) {
    if (s.engine === 'k6') runners.k6 ??= await ENGINES.k6.prepare(env);
    else runners.probe ??= await ENGINES.probe.prepare(env);
  }
  return runners;
}

export function runScenario(plan: ScenarioPlan, runners: Runners, ctx: EngineRunContext): Promise<ScenarioRecord> {
  // Unreachable without a runner: prepareEngines saw every scenario of the plan.
  const missing = (): never => {
    throw new Error(`engine ${plan.engine} was not prepared for ${plan.id}`);
  };
  return plan.engine === 'k6' ? (runners.k6 ?? missing()).run(plan, ctx) : (runners.probe ?? missing()).run(plan, ctx);
}
