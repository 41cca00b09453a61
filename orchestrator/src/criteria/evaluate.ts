/**
 * Evaluates one threshold expression against raw samples, the way k6 does, so that the verdict can
 * recompute every criterion (k6's and the probes') from what the run directory keeps.
 */
import { percentileSorted } from '../stats/percentile.ts';
import { compare, type Expression, type MetricType } from './expression.ts';

export interface SampleSet {
  type: MetricType;
  /** Samples sorted ascending (trend), or in arrival order (rate, counter, gauge: order matters only for gauge). */
  values: Float64Array;
  /** For counters' `rate`: the run's duration in seconds. */
  durationSeconds?: number;
}

export interface Evaluation {
  /** The aggregated value; undefined when there were no samples ("no data", never a pass). */
  observed: number | undefined;
  ok: boolean | undefined;
  samples: number;
}

/** Aggregates a sample set as k6 does; `values` must be sorted ascending for trends. */
export function aggregate(expr: Expression, set: SampleSet): number | undefined {
  const v = set.values;
  const n = v.length;
  if (n === 0) return undefined;
  const a = expr.aggregation;
  switch (a.kind) {
    case 'percentile':
      return percentileSorted(v, a.p / 100);
    case 'med':
      return percentileSorted(v, 0.5);
    case 'min':
      return v[0];
    case 'max':
      return v[n - 1];
    case 'avg': {
      let sum = 0;
      for (const x of v) sum += x;
      return sum / n;
    }
    case 'count': {
      let sum = 0;
      for (const x of v) sum += x;
      return sum;
    }
    case 'rate': {
      if (set.type === 'counter') {
        let sum = 0;
        for (const x of v) sum += x;
        return set.durationSeconds ? sum / set.durationSeconds : undefined;
      }
      let hits = 0;
      for (const x of v) if (x !== 0) hits++;
      return hits / n;
    }
    case 'value':
      return v[n - 1];
  }
}

export function evaluate(expr: Expression, set: SampleSet): Evaluation {
  const observed = aggregate(expr, set);
  return {
    observed,
    ok: observed === undefined ? undefined : compare(observed, expr.operator, expr.threshold),
    samples: set.values.length,
  };
}
