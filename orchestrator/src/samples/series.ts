/**
 * Per-second aggregates of one metric (requests, errors, VUs and latency over time, for the HTML report's
 * charts). Counts, sums and maxima are exact; the per-second percentiles come from a bounded sketch
 * (stats/sketch.ts, within 1 %), because exact ones would need every sample kept twice.
 */
import { QuantileSketch } from '../stats/sketch.ts';

export interface SecondBucket {
  /** Epoch second. */
  t: number;
  count: number;
  sum: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
}

interface Open {
  t: number;
  count: number;
  sum: number;
  max: number;
  sketch: QuantileSketch;
}

export class SeriesBuilder {
  private readonly buckets = new Map<number, Open>();
  private last: Open | undefined;

  add(second: number, value: number): void {
    let b = this.last;
    if (b === undefined || b.t !== second) {
      b = this.buckets.get(second);
      if (b === undefined) {
        b = { t: second, count: 0, sum: 0, max: Number.NEGATIVE_INFINITY, sketch: new QuantileSketch() };
        this.buckets.set(second, b);
      }
      this.last = b;
    }
    b.count++;
    b.sum += value;
    if (value > b.max) b.max = value;
    b.sketch.add(value);
  }

  /** Buckets in time order. */
  build(): SecondBucket[] {
    return [...this.buckets.values()]
      .sort((a, b) => a.t - b.t)
      .map(({ sketch, ...b }) => ({
        ...b,
        p50: sketch.quantile(0.5) ?? 0,
        p95: sketch.quantile(0.95) ?? 0,
        p99: sketch.quantile(0.99) ?? 0,
      }));
  }
}
