/**
 * Per-second aggregates of one metric (requests and latency over time, for the HTML report's charts).
 * Counts, sums and maxima are exact; a per-second percentile would need every sample kept twice.
 */
export interface SecondBucket {
  /** Epoch second. */
  t: number;
  count: number;
  sum: number;
  max: number;
}

export class SeriesBuilder {
  private readonly buckets = new Map<number, SecondBucket>();
  private last: SecondBucket | undefined;

  add(second: number, value: number): void {
    let b = this.last;
    if (b === undefined || b.t !== second) {
      b = this.buckets.get(second);
      if (b === undefined) {
        b = { t: second, count: 0, sum: 0, max: Number.NEGATIVE_INFINITY };
        this.buckets.set(second, b);
      }
      this.last = b;
    }
    b.count++;
    b.sum += value;
    if (value > b.max) b.max = value;
  }

  /** Buckets in time order. */
  build(): SecondBucket[] {
    return [...this.buckets.values()].sort((a, b) => a.t - b.t);
  }
}
