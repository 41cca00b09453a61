/**
 * Distribution-free confidence bounds for a quantile, from order statistics, and Wilson bounds for a proportion.
 *
 * Quantile ξ_q of a continuous distribution, n independent samples sorted x(1) ≤ … ≤ x(n):
 * the number of samples below ξ_q is Bin(n, q), so for every rank k
 *     P(x(k) ≥ ξ_q) = P(Bin(n, q) ≤ k − 1).
 * The one-sided upper bound at level L is x(k) for the smallest k with P(Bin(n, q) ≤ k − 1) ≥ L; the one-sided
 * lower bound is x(j) for the largest j with P(Bin(n, q) ≥ j) ≥ L. Neither assumes anything about the shape of
 * the distribution (Hahn & Meeker, Statistical Intervals, 1991, §5.2; David & Nagaraja, Order Statistics, 3rd
 * ed., §7.1). A bound does not exist when even the extreme sample is not far enough out: the upper bound on
 * p95 at 0.95 needs 1 − 0.95^n ≥ 0.95, i.e. n ≥ 59.
 *
 * loadgate decides a criterion with the one-sided bound in the criterion's direction (a `p(95)<2000` passes when
 * the upper bound is below 2000, fails when the lower bound is at or above it). Reported together, the two
 * one-sided bounds at L form a two-sided interval at 2L − 1 (0.90 for L = 0.95); docs/verdict.md says so.
 * With ties (discrete data) the coverage only grows: the bounds stay conservative.
 */
import { binomialCdf } from './binomial.ts';

export interface Bounds {
  /** The one-sided lower bound at the level, or undefined when n is too small for one to exist. */
  low: number | undefined;
  /** The one-sided upper bound at the level, or undefined when n is too small for one to exist. */
  high: number | undefined;
}

/** The smallest integer in [lo, hi] where `pred` holds, for a predicate false-then-true over the range. */
function firstTrue(lo: number, hi: number, pred: (k: number) => boolean): number | undefined {
  if (lo > hi || !pred(hi)) return undefined;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** 1-based ranks of the quantile bounds for n samples: upper rank k and lower rank j (undefined if none). */
export function quantileBoundRanks(n: number, q: number, level: number): { lowRank: number | undefined; highRank: number | undefined } {
  if (n <= 0) return { lowRank: undefined, highRank: undefined };
  const highRank = firstTrue(1, n, (k) => binomialCdf(k - 1, n, q) >= level);
  // P(Bin ≥ j) = 1 − P(Bin ≤ j − 1) is decreasing in j: find the first j where it drops below L, step back one.
  const firstShort = firstTrue(1, n, (j) => 1 - binomialCdf(j - 1, n, q) < level);
  const lowRank = firstShort === undefined ? n : firstShort - 1;
  return { lowRank: lowRank >= 1 ? lowRank : undefined, highRank };
}

/** Bounds on the q-quantile from samples sorted ascending. */
export function quantileBounds(sorted: ArrayLike<number>, q: number, level: number): Bounds {
  const { lowRank, highRank } = quantileBoundRanks(sorted.length, q, level);
  return {
    low: lowRank === undefined ? undefined : sorted[lowRank - 1],
    high: highRank === undefined ? undefined : sorted[highRank - 1],
  };
}

/**
 * Φ⁻¹, the standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9), for the Wilson
 * bound's z. Only levels in (0, 1) are meaningful.
 */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: readonly number[], x: number): number => k.reduce((acc, v) => acc * x + v, 0);
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * One-sided Wilson score bounds at `level` for a proportion of `hits` in `n` trials (Wilson 1927; Brown, Cai &
 * DasGupta 2001 recommend it over the Wald interval, which collapses to [p̂, p̂] at 0 % and 100 %).
 */
export function wilsonBounds(hits: number, n: number, level: number): Bounds {
  if (n <= 0) return { low: undefined, high: undefined };
  const z = normalQuantile(level);
  const p = hits / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
