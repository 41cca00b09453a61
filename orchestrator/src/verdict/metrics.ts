/**
 * MetricStats from raw values, k6's way: percentiles by k6's method over the sorted samples, a counter's
 * count is the sum of its values, a rate is the fraction of non-zero samples, a gauge's value is its last.
 * Sorts trend/rate/counter arrays in place (they are the reader's own copies): no second copy of
 * millions of samples.
 */
import type { MetricType } from '../criteria/expression.ts';
import { percentileSorted } from '../stats/percentile.ts';
import type { SampleSet } from '../criteria/evaluate.ts';
import type { MetricStats } from './types.ts';

/** Prepares a sample set for evaluation: sorted ascending except gauges, whose order is their meaning. */
export function sampleSet(type: MetricType, values: Float64Array, durationSeconds: number): SampleSet {
  if (type !== 'gauge') values.sort();
  return { type, values, durationSeconds };
}

export function summarize(set: SampleSet): MetricStats | undefined {
  const n = set.values.length;
  if (n === 0) return undefined;
  const last = set.values[n - 1] ?? Number.NaN;
  const sorted = set.type === 'gauge' ? Float64Array.from(set.values).sort() : set.values;
  let sum = 0;
  let hits = 0;
  for (const v of sorted) {
    sum += v;
    if (v !== 0) hits++;
  }
  const at = (p: number): number => percentileSorted(sorted, p) ?? Number.NaN;
  const stats: MetricStats = {
    type: set.type,
    count: set.type === 'counter' ? sum : n,
    sum,
    min: sorted[0] ?? Number.NaN,
    avg: sum / n,
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[n - 1] ?? Number.NaN,
  };
  if (set.type === 'rate') stats.rate = hits / n;
  if (set.type === 'counter' && set.durationSeconds) stats.rate = sum / set.durationSeconds;
  if (set.type === 'gauge') stats.value = last;
  return stats;
}
