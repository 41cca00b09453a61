/**
 * Before anything is sent: can this plan yield enough samples for each strict percentile criterion to be decided
 * with confidence? A `p(95)<…` at 0.95 needs 59 samples for its upper bound to exist; a plan that can yield at
 * most 10 can only end INCONCLUSIVE, and the user should hear so from `loadgate plan`, not after the run.
 * Only yields the plan fixes are counted (iterations of an iteration-bounded or arrival-rate executor, seconds of
 * the canary, a probe's operations); a time-bound closed model's yield depends on the target, so it is not guessed.
 */
import { CATALOG, type MetricSpec } from '../catalog.ts';
import { minSamplesFor, quantileOf } from '../criteria/confidence.ts';
import { parseExpression } from '../criteria/expression.ts';
import { durationMs, executorMs } from '../config/duration.ts';
import { hasExecutor } from './load-shape.ts';
import type { CriterionPlan, ExecutorPlan, RunPlan, ScenarioPlan } from './types.ts';

/** Iterations an executor starts at most, when the plan fixes that number. */
export function maxIterations(e: ExecutorPlan): number | undefined {
  switch (e.type) {
    case 'shared-iterations':
      return e.iterations;
    case 'per-vu-iterations':
      return e.vus * e.iterations;
    case 'constant-arrival-rate': {
      const unit = durationMs(e.timeUnit) ?? 1000;
      return Math.floor(((durationMs(e.duration) ?? 0) / unit) * e.rate) + 1;
    }
    case 'ramping-arrival-rate': {
      // The rate moves linearly from each stage's start to its target: the area under it, per time unit.
      const unit = durationMs(e.timeUnit) ?? 1000;
      let rate = e.startRate;
      let area = 0;
      for (const s of e.stages) {
        area += (((durationMs(s.duration) ?? 0) / unit) * (rate + s.target)) / 2;
        rate = s.target;
      }
      return Math.floor(area) + 1;
    }
    case 'constant-vus':
    case 'ramping-vus':
      return undefined;
  }
}

/** The most samples of one metric a scenario can yield, or undefined when the plan does not fix it. */
export function maxSamples(s: ScenarioPlan, spec: MetricSpec): number | undefined {
  const y = spec.yields;
  if (!y) return undefined;
  if (y.per === 'param') {
    const v = s.params[y.param];
    return typeof v === 'number' ? v * (y.times ?? 1) : undefined;
  }
  if (!hasExecutor(s)) return undefined;
  if (y.per === 'second') return Math.floor(executorMs(s.executor) / 1000) + 1;
  const iterations = maxIterations(s.executor);
  if (iterations === undefined) return undefined;
  const times = y.times === undefined ? 1 : s.params[y.times];
  return typeof times === 'number' ? iterations * times : undefined;
}

/** How to get more samples out of this scenario, in the profile's own words. */
function remedy(s: ScenarioPlan, perIteration: number, need: number): string {
  if (!hasExecutor(s)) return 'raise its operations';
  const e = s.executor;
  // A scenario whose iterations are its rounds (fir-concurrency: every VU runs one flow per round).
  if (typeof s.params['rounds'] === 'number' && e.type === 'per-vu-iterations')
    return `raise rounds to ${Math.ceil(need / (e.vus * perIteration))}`;
  if (e.type === 'shared-iterations') return `raise iterations to ${Math.ceil(need / perIteration)}`;
  if (e.type === 'per-vu-iterations') return `raise iterations to ${Math.ceil(need / (e.vus * perIteration))}`;
  return 'run it longer or at a higher rate';
}

function criterionWarning(s: ScenarioPlan, c: CriterionPlan): string | undefined {
  if (!c.strict || c.confidence === null) return undefined;
  const expr = parseExpression(c.expression);
  if (!expr.ok) return undefined;
  const q = quantileOf(expr.value);
  if (q === undefined) return undefined;
  const need = minSamplesFor(q, c.confidence, expr.value.operator);
  const spec = CATALOG[s.scenario]?.metrics[c.metric];
  const most = spec ? maxSamples(s, spec) : undefined;
  if (need === undefined || most === undefined || most >= need) return undefined;
  const iterations = hasExecutor(s) ? maxIterations(s.executor) : undefined;
  const perIteration = iterations ? Math.max(1, most / iterations) : 1;
  return (
    `${s.id}: ${c.selector} ${c.expression} needs ≥ ${need} samples at ${c.confidence}; this profile yields at most ${most}` +
    ` — ${remedy(s, perIteration, need)}, or the criterion can only end INCONCLUSIVE`
  );
}

/** One line per strict percentile criterion the plan cannot give enough evidence for. */
export function evidenceWarnings(plan: RunPlan): string[] {
  return plan.scenarios.flatMap((s) => s.criteria.map((c) => criterionWarning(s, c)).filter((w) => w !== undefined));
}
