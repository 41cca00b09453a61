/**
 * Mann–Whitney U test (one-sided: is `current` stochastically larger than `base`?), normal approximation
 * with tie correction. Both inputs sorted ascending; ranks come from one merge pass, O(n1 + n2), so ten
 * million samples cost no extra memory.
 */
export interface MannWhitney {
  u: number;
  z: number;
  /** P(U ≥ observed) under H0: small = current is significantly slower. */
  pValue: number;
}

export function mannWhitney(base: ArrayLike<number>, current: ArrayLike<number>): MannWhitney {
  const n1 = base.length;
  const n2 = current.length;
  let i = 0;
  let j = 0;
  let rank = 0;
  let rankSumCurrent = 0;
  let tieTerm = 0;
  while (i < n1 || j < n2) {
    const x = Math.min(i < n1 ? (base[i] ?? Infinity) : Infinity, j < n2 ? (current[j] ?? Infinity) : Infinity);
    let inBase = 0;
    let inCurrent = 0;
    for (; i < n1 && base[i] === x; i++) inBase++;
    for (; j < n2 && current[j] === x; j++) inCurrent++;
    const t = inBase + inCurrent;
    // Tied values share the average of the ranks they span.
    const avgRank = rank + (t + 1) / 2;
    rankSumCurrent += avgRank * inCurrent;
    rank += t;
    tieTerm += t * t * t - t;
  }
  const u = rankSumCurrent - (n2 * (n2 + 1)) / 2;
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const z = variance > 0 ? (u - mean - 0.5) / Math.sqrt(variance) : 0;
  return { u, z, pValue: variance > 0 ? 1 - normalCdf(z) : 1 };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
