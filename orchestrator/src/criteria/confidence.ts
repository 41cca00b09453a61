/**
 * Whether the evidence decides a criterion: for percentile and median criteria, the one-sided order-statistic
 * bound in the criterion's direction must lie on the passing side of the limit to PASS, the opposite bound
 * wholly on the failing side to FAIL; anything else is INCONCLUSIVE (stats/confidence.ts has the construction).
 * Averages, counts, min/max and gauges keep their point comparison. `rate` criteria on a rate metric carry a
 * Wilson interval for information, and are decided by the point comparison unless `confidence` says otherwise
 * on the criterion (docs/verdict.md says why: a `rate==0` error budget must fail on the first failure).
 */
import { quantileBoundRanks, quantileBounds, wilsonBounds, type Bounds } from '../stats/confidence.ts';
import { compare, type Expression, type Operator } from './expression.ts';

/** The levels a thresholds file may ask for; `null` = no confidence (point comparison, e.g. smoke). */
export const CONFIDENCE_LEVELS = [0.95, 0.99] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];
export const DEFAULT_CONFIDENCE: ConfidenceLevel = 0.95;

export type Decision = 'pass' | 'fail' | 'inconclusive';

export interface Confidence {
  level: number;
  /** One-sided lower and upper bounds at `level` (null: too few samples for that bound to exist). */
  low: number | null;
  high: number | null;
  n: number;
  /** How the bounds decide the criterion. */
  decision: Decision;
  /** The fewest samples for which the deciding bound exists at this level (percentiles only). */
  minSamples?: number;
}

/** The quantile a criterion's aggregation asks for, when it is one. */
export function quantileOf(expr: Expression): number | undefined {
  if (expr.aggregation.kind === 'percentile') return expr.aggregation.p / 100;
  if (expr.aggregation.kind === 'med') return 0.5;
  return undefined;
}

/** Which bound must clear the limit for a pass: below-limit operators need the upper one. */
function passingBound(op: Operator): 'high' | 'low' | undefined {
  if (op === '<' || op === '<=') return 'high';
  if (op === '>' || op === '>=') return 'low';
  return undefined; // ==, ===, != have no direction: point comparison
}

/** The decision from two one-sided bounds: the passing-side bound holds → pass; the other one fails → fail. */
export function decideBounds(bounds: Bounds, op: Operator, limit: number): Decision {
  const side = passingBound(op);
  if (side === undefined) return 'inconclusive';
  const forPass = side === 'high' ? bounds.high : bounds.low;
  const forFail = side === 'high' ? bounds.low : bounds.high;
  if (forPass !== undefined && compare(forPass, op, limit)) return 'pass';
  if (forFail !== undefined && !compare(forFail, op, limit)) return 'fail';
  return 'inconclusive';
}

/**
 * The fewest samples for which the bound that can pass a q-quantile criterion exists: the upper bound of a
 * `<` criterion needs 1 − q^n ≥ L, the lower bound of a `>` criterion 1 − (1 − q)^n ≥ L.
 */
export function minSamplesFor(q: number, level: number, op: Operator): number | undefined {
  const side = passingBound(op);
  if (side === undefined) return undefined;
  const miss = side === 'high' ? q : 1 - q;
  if (miss <= 0) return 1;
  if (miss >= 1) return undefined;
  // Closed form, then a step either way to absorb rounding.
  let n = Math.max(1, Math.ceil(Math.log(1 - level) / Math.log(miss)));
  const exists = (m: number): boolean => {
    const r = quantileBoundRanks(m, q, level);
    return (side === 'high' ? r.highRank : r.lowRank) !== undefined;
  };
  while (n > 1 && exists(n - 1)) n--;
  while (!exists(n)) n++;
  return n;
}

/**
 * The confidence of a criterion over its samples (trends: sorted ascending; rates: 0/1 in any order), or
 * undefined when the criterion keeps its point comparison.
 */
export function criterionConfidence(expr: Expression, values: Float64Array, level: number | null): Confidence | undefined {
  // ==, != have no side to be on: they keep the point comparison, as do non-quantile aggregations.
  if (level === null || passingBound(expr.operator) === undefined) return undefined;
  const q = quantileOf(expr);
  const n = values.length;
  if (q !== undefined) {
    const bounds = quantileBounds(values, q, level);
    const minSamples = minSamplesFor(q, level, expr.operator);
    return {
      level,
      low: bounds.low ?? null,
      high: bounds.high ?? null,
      n,
      decision: decideBounds(bounds, expr.operator, expr.threshold),
      ...(minSamples === undefined ? {} : { minSamples }),
    };
  }
  return undefined;
}

/** A Wilson interval for a rate criterion's proportion, shown beside the point value (not deciding). */
export function rateInterval(
  values: Float64Array,
  level: number | null,
): { level: number; low: number; high: number; n: number } | undefined {
  if (level === null || values.length === 0) return undefined;
  let hits = 0;
  for (const v of values) if (v !== 0) hits++;
  const b = wilsonBounds(hits, values.length, level);
  return { level, low: b.low ?? 0, high: b.high ?? 1, n: values.length };
}
