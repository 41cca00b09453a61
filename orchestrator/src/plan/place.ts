/**
 * Minimal placement (issue 13, execution half) until the configuration half's placeScenarios lands: every k6
 * scenario spread over every generator given, in order (generator i runs equal segment i of N); the run plan's
 * generators become those. A scenario whose executor cannot give every segment a VU is a problem naming it and
 * the largest generator count that works. Probes stay on the orchestrator. Pure.
 */
import { maxGenerators, placeOn } from './segments.ts';
import type { GeneratorPlan, RunPlan } from './types.ts';

export function placeScenarios(plan: RunPlan, generators: GeneratorPlan[]): { plan: RunPlan } | { problems: string[] } {
  if (generators.length === 0) return { problems: ['no generators to place the scenarios on'] };
  const names = generators.map((g) => g.name);
  const problems: string[] = [];
  const scenarios = plan.scenarios.map((s) => {
    if (s.engine !== 'k6') return s;
    const most = maxGenerators(s.executor);
    if (most < names.length)
      problems.push(
        `${s.id}: ${names.length} generators would leave a segment with 0 VUs; at most ${most} work for its ${s.executor.type} executor`,
      );
    return { ...s, segments: placeOn(s.executor, names) };
  });
  return problems.length > 0 ? { problems } : { plan: { ...plan, scenarios, generators } };
}
