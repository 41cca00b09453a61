/**
 * Per-stage statistics of a ramping scenario, cut from the raw samples' timestamps along the plan's stages
 * (plan/stages.ts). The scenario's start is its first VU's start (`loadgate_vu_started`, emitted before the
 * first request of each VU) minus the ramp's time to its first VU. A sample belongs to the stage in which it
 * was recorded (k6 stamps a request's samples when it ends); samples before the start go to the first stage,
 * after the last stage's end (graceful stop, ramp-down) to the last.
 */
import { quantileBounds } from '../stats/confidence.ts';
import { percentileSorted } from '../stats/percentile.ts';
import { parseExpression } from '../criteria/expression.ts';
import { criterionConfidence, DEFAULT_CONFIDENCE } from '../criteria/confidence.ts';
import { evaluate } from '../criteria/evaluate.ts';
import type { KeptPoint } from '../samples/reader.ts';
import { scenarioStartMs, VU_STARTED } from './window.ts';
import type { CriterionPlan } from '../plan/types.ts';
import type { StagePlan } from '../plan/stages.ts';
import type { QuantileEstimate, StageCriterion, StageStats } from '../stage-result.ts';

/** k6 metrics each stage counts, besides the main latency metric and the criteria's. */
export const STAGE_METRICS = [VU_STARTED, 'vus', 'vus_max', 'iterations', 'dropped_iterations', 'http_reqs', 'http_req_failed'];

/** The criteria a stage is judged on: strict percentile (decided with confidence) and rate criteria. */
export function kneeCriteria(criteria: readonly CriterionPlan[]): CriterionPlan[] {
  return criteria.filter((c) => {
    if (!c.strict) return false;
    const e = parseExpression(c.expression);
    return e.ok && ['percentile', 'med', 'rate'].includes(e.value.aggregation.kind);
  });
}

/** The metrics whose every point verdict/scenario.ts keeps for the stages. */
export function stageMetrics(latency: string | undefined, criteria: readonly CriterionPlan[]): string[] {
  return [...new Set([...STAGE_METRICS, ...(latency === undefined ? [] : [latency]), ...kneeCriteria(criteria).map((c) => c.metric)])];
}

interface Timed {
  at: number;
  value: number;
  tags: Record<string, string>;
}

const matches = (p: Timed, tags: Readonly<Record<string, string>>): boolean => Object.entries(tags).every(([k, v]) => p.tags[k] === v);

function estimate(sorted: Float64Array, q: number, level: number): QuantileEstimate {
  const b = quantileBounds(sorted, q, level);
  return { value: percentileSorted(sorted, q) ?? Number.NaN, low: b.low ?? null, high: b.high ?? null };
}

function stageCriterion(c: CriterionPlan, points: readonly Timed[]): StageCriterion {
  const expr = parseExpression(c.expression);
  const values = Float64Array.from(points.filter((p) => matches(p, c.tags)).map((p) => p.value)).sort();
  const base = { selector: c.selector, expression: c.expression, n: values.length };
  if (!expr.ok || values.length === 0) return { ...base, observed: null, decision: 'no-data' };
  const e = evaluate(expr.value, { type: expr.value.aggregation.kind === 'rate' ? 'rate' : 'trend', values });
  const ci = criterionConfidence(expr.value, values, c.confidence);
  const observed = e.observed ?? null;
  if (ci) return { ...base, observed, low: ci.low, high: ci.high, decision: ci.decision };
  return { ...base, observed, decision: e.ok === true ? 'pass' : 'fail' };
}

const sum = (ps: readonly Timed[]): number => ps.reduce((s, p) => s + p.value, 0);
const peak = (ps: readonly Timed[]): number => ps.reduce((m, p) => Math.max(m, p.value), 0);

/** Per-stage statistics, or undefined when the samples cannot place the scenario's start (no VU ever started). */
export function stageStats(
  plan: StagePlan,
  kept: ReadonlyMap<string, readonly KeptPoint[]>,
  latency: string | undefined,
  criteria: readonly CriterionPlan[],
): StageStats[] | undefined {
  const timed = new Map<string, Timed[]>();
  for (const [metric, points] of kept)
    timed.set(
      metric,
      points.map((p) => ({ at: Date.parse(p.time), value: p.value, tags: p.tags })),
    );
  const t0 = scenarioStartMs(kept, plan.firstStartMs);
  if (t0 === undefined || plan.stages.length === 0) return undefined;
  const last = plan.stages.length - 1;
  const stageOf = (at: number): number => {
    const ms = at - t0;
    const i = plan.stages.findIndex((s) => ms < s.toMs);
    return i < 0 ? last : i;
  };
  const byStage = (metric: string): Timed[][] => {
    const out: Timed[][] = plan.stages.map(() => []);
    for (const p of timed.get(metric) ?? []) out[stageOf(p.at)]?.push(p);
    return out;
  };
  const split = new Map([...timed.keys()].map((m) => [m, byStage(m)]));
  const of = (metric: string, i: number): Timed[] => split.get(metric)?.[i] ?? [];
  const knee = kneeCriteria(criteria);
  return plan.stages.map((s, i) => {
    const seconds = (s.toMs - s.fromMs) / 1000;
    const failed = of('http_req_failed', i);
    const iterations = sum(of('iterations', i));
    const lat = latency === undefined ? [] : of(latency, i);
    const sorted = Float64Array.from(lat.map((p) => p.value)).sort();
    const level = DEFAULT_CONFIDENCE;
    return {
      index: s.index,
      from: s.fromMs / 1000,
      to: s.toMs / 1000,
      startTarget: s.startTarget,
      target: s.target,
      unit: plan.unit,
      rampDown: s.rampDown,
      vus: peak(of('vus', i)),
      vusMax: peak(of('vus_max', i)),
      iterations,
      iterationRate: seconds > 0 ? Math.round((iterations / seconds) * 1000) / 1000 : 0,
      droppedIterations: sum(of('dropped_iterations', i)),
      requests: sum(of('http_reqs', i)),
      errorRate: failed.length === 0 ? null : failed.filter((p) => p.value !== 0).length / failed.length,
      ...(latency !== undefined && sorted.length > 0
        ? {
            latency: {
              metric: latency,
              level,
              n: sorted.length,
              avg: sum(lat) / sorted.length,
              p50: estimate(sorted, 0.5, level),
              p95: estimate(sorted, 0.95, level),
              p99: estimate(sorted, 0.99, level),
            },
          }
        : {}),
      criteria: knee.map((c) => stageCriterion(c, of(c.metric, i))),
    };
  });
}
