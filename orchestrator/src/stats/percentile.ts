/**
 * Percentiles exactly as k6 computes them (lib/metrics/sink.go, TrendSink.P): sort the samples, take the
 * fractional rank i = p·(n−1), and interpolate linearly between the samples either side of it. One
 * sample → that sample; no samples → undefined (k6 says 0; we refuse to invent a number).
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  if (n === 1) return sorted[0];
  const i = p * (n - 1);
  const lo = sorted[Math.floor(i)] ?? Number.NaN;
  const hi = sorted[Math.ceil(i)] ?? Number.NaN;
  return lo + (hi - lo) * (i - Math.floor(i));
}

/** Sorts a copy (numeric, ascending) in a typed array: cheap for millions of samples. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  out.sort();
  return out;
}
