/**
 * The one shape every metric has in a verdict, whether k6 or a native probe measured it.
 */
import { percentileSorted, sortedCopy } from './percentile.ts';

export interface MetricSummary {
  count: number;
  min: number;
  avg: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  /** For rate metrics (k6 Rate): the fraction of non-zero samples. */
  rate?: number;
}

/** Summarises trend samples (e.g. durations in ms). Undefined when there are none: no data is not zero. */
export function summarizeTrend(values: ArrayLike<number>): MetricSummary | undefined {
  if (values.length === 0) return undefined;
  const s = sortedCopy(values);
  let sum = 0;
  for (const v of s) sum += v;
  const at = (p: number): number => percentileSorted(s, p) ?? Number.NaN;
  return {
    count: s.length,
    min: s[0] ?? Number.NaN,
    avg: sum / s.length,
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    max: s[s.length - 1] ?? Number.NaN,
  };
}

/** Summarises 0/1 samples the way k6's Rate does: rate = non-zero / total. */
export function summarizeRate(values: ArrayLike<number>): MetricSummary | undefined {
  const base = summarizeTrend(values);
  if (!base) return undefined;
  let hits = 0;
  for (let i = 0; i < values.length; i++) if ((values[i] ?? 0) !== 0) hits++;
  return { ...base, rate: hits / values.length };
}
