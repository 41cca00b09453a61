/** A K6ScenarioPlan for tests (targets on loopback; nothing is sent by the unit tests). */
import type { CriterionPlan, K6ScenarioPlan } from '../../../../src/plan/types.ts';
import { placeOn } from '../../../../src/plan/segments.ts';

export const SECRET_KEY = 'sekrit-key-4711';

export function criterion(selector: string, metric: string, expression: string, source: CriterionPlan['source'] = 'k6'): CriterionPlan {
  return {
    selector,
    metric,
    tags: {},
    expression,
    strict: true,
    abortOnFail: false,
    confidence: null,
    source,
    file: 'thresholds/x.yaml',
    line: 1,
  };
}

export function firPlan(overrides: Partial<K6ScenarioPlan> = {}): K6ScenarioPlan {
  const plan: Omit<K6ScenarioPlan, 'segments'> & Partial<Pick<K6ScenarioPlan, 'segments'>> = {
    engine: 'k6',
    id: 'fir-single',
    scenario: 'fir-single',
    executor: { type: 'shared-iterations', vus: 1, iterations: 2, maxDuration: '1m' },
    params: { textLength: 200 },
    targets: { afirgen: { vm: 'main', service: 'afirgen', host: '127.0.0.1', port: 9, tls: false, baseUrl: 'http://127.0.0.1:9' } },
    apiKey: SECRET_KEY,
    criteria: [criterion('fir_e2e_duration', 'fir_e2e_duration', 'p(95)<30000')],
    timeoutMs: 20_000,
    ...overrides,
  };
  return { ...plan, segments: plan.segments ?? placeOn(plan.executor, ['local']) };
}
