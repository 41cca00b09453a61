/**
 * A bounded quantile sketch (DDSketch-style logarithmic buckets, 1 % relative accuracy): for the per-second
 * percentiles of the report's charts and the terminal's live p95, where keeping every sample twice would
 * cost as much as the samples. Its size grows with the log of the value range, never with the count:
 * values from 1 µs to 1 h fit in about 1,100 buckets, a typical second in a few dozen. The verdict's
 * criteria never use it; they use the exact samples.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);

export class QuantileSketch {
  private readonly buckets = new Map<number, number>();
  /** Values ≤ 0 (and non-finite ones) have no logarithm: counted apart, reported as 0. */
  private zeros = 0;
  count = 0;

  /** Buckets in use: what the sketch costs, whatever its count. */
  get size(): number {
    return this.buckets.size;
  }

  add(value: number): void {
    this.count++;
    if (!(value > 0) || !Number.isFinite(value)) {
      this.zeros++;
      return;
    }
    const key = Math.ceil(Math.log(value) / LOG_GAMMA);
    this.buckets.set(key, (this.buckets.get(key) ?? 0) + 1);
  }

  /** The q-quantile (0 ≤ q ≤ 1) within 1 % of a true sample's value; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(0, Math.min(this.count - 1, Math.round(q * (this.count - 1))));
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    for (const key of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(key) ?? 0;
      // The bucket (γ^(k−1), γ^k] answers with the point whose relative error is at most α either way.
      if (seen > rank) return (2 * GAMMA ** key) / (GAMMA + 1);
    }
    return undefined;
  }
}
