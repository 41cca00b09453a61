/**
 * Which planned scenarios the k6 engine runs — its own decision, for the commands that handle k6 scenarios
 * apart from the rest (`loadgate export k8s` ships only those; `loadgate verdict` collects only their runners).
 */
import type { K6ScenarioPlan, ScenarioPlan } from '../../plan/types.ts';

export function k6Scenarios(scenarios: readonly ScenarioPlan[]): { k6: K6ScenarioPlan[]; others: ScenarioPlan[] } {
  const k6: K6ScenarioPlan[] = [];
  const others: ScenarioPlan[] = [];
  for (const s of scenarios) {
    if (s.engine === 'k6') k6.push(s);
    else others.push(s);
  }
  return { k6, others };
}
