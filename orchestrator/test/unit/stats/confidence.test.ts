/**
 * The quantile bounds against exact binomial values worked by hand, the edge where a bound stops existing,
 * Wilson against its closed form, and a coverage property over simulated lognormal latencies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { binomialCdf, logGamma } from '../../../src/stats/binomial.ts';
import { normalQuantile, quantileBoundRanks, quantileBounds, wilsonBounds } from '../../../src/stats/confidence.ts';
import { seededRng } from '../../../../lab/src/sim/random.ts';

const close = (actual: number, expected: number, tol = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} ≉ ${expected}`);

test('log Γ matches factorials and Γ(1/2) = √π', () => {
  close(logGamma(1), 0);
  close(logGamma(5), Math.log(24));
  close(logGamma(21), Math.log(2432902008176640000));
  close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)));
});

test('binomial CDF: exact small cases', () => {
  // Bin(10, 1/2): P(X ≤ 3) = (1 + 10 + 45 + 120) / 1024 = 176/1024.
  close(binomialCdf(3, 10, 0.5), 176 / 1024);
  // P(X ≤ 7) = 1 − (45 + 10 + 1)/1024 = 968/1024; P(X ≤ 8) = 1013/1024.
  close(binomialCdf(7, 10, 0.5), 968 / 1024);
  close(binomialCdf(8, 10, 0.5), 1013 / 1024);
  // Bin(59, 0.95): P(X ≤ 58) = 1 − 0.95^59.
  close(binomialCdf(58, 59, 0.95), 1 - 0.95 ** 59);
  // Bin(20, 0.3): P(X ≤ 0) = 0.7^20.
  close(binomialCdf(0, 20, 0.3), 0.7 ** 20);
  assert.equal(binomialCdf(-1, 5, 0.5), 0);
  assert.equal(binomialCdf(5, 5, 0.5), 1);
});

test('binomial CDF stays exact for millions of trials (against a normal approximation far from the tail)', () => {
  // Bin(1e6, 0.95): mean 950000, sd √47500 ≈ 217.94; P(X ≤ mean) ≈ 0.5 + a continuity term of about 0.0009.
  const v = binomialCdf(950_000, 1_000_000, 0.95);
  assert.ok(v > 0.5 && v < 0.502, String(v));
  // 3 sd below the mean: about 0.00135 (normal), the skew moves it a little.
  const tail = binomialCdf(950_000 - 654, 1_000_000, 0.95);
  assert.ok(tail > 0.001 && tail < 0.0017, String(tail));
});

test('p95 at 0.95: the upper bound needs n ≥ 59 and is then the largest sample', () => {
  // n = 58: even x(58) covers only with 1 − 0.95^58 = 0.94896 < 0.95.
  assert.equal(quantileBoundRanks(58, 0.95, 0.95).highRank, undefined);
  // n = 59: 1 − 0.95^59 = 0.95151 ≥ 0.95 → rank 59; rank 58 covers only 0.80094.
  assert.equal(quantileBoundRanks(59, 0.95, 0.95).highRank, 59);
  // At 0.99 the upper bound on p95 needs 1 − 0.95^n ≥ 0.99: n ≥ 90.
  assert.equal(quantileBoundRanks(89, 0.95, 0.99).highRank, undefined);
  assert.equal(quantileBoundRanks(90, 0.95, 0.99).highRank, 90);
});

test('p95 of 10 samples: no upper bound, but a lower bound at x(8)', () => {
  // P(Bin(10, .95) ≥ 8) = 0.98850 ≥ 0.95; P(≥ 9) = 0.91386 < 0.95.
  const r = quantileBoundRanks(10, 0.95, 0.95);
  assert.equal(r.highRank, undefined);
  assert.equal(r.lowRank, 8);
  const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(quantileBounds(sorted, 0.95, 0.95), { low: 8, high: undefined });
});

test('the median of 10 samples: [x(2), x(9)] at 0.95 each side', () => {
  // P(Bin(10, .5) ≤ 8) = 1013/1024 = 0.98926 ≥ 0.95 but P(≤ 7) = 0.94531 < 0.95 → upper rank 9;
  // P(≥ 2) = 1013/1024 ≥ 0.95, P(≥ 3) = 968/1024 < 0.95 → lower rank 2.
  assert.deepEqual(quantileBoundRanks(10, 0.5, 0.95), { lowRank: 2, highRank: 9 });
});

test('no samples: no bounds', () => {
  assert.deepEqual(quantileBounds(new Float64Array(0), 0.95, 0.95), { low: undefined, high: undefined });
});

test('normal quantile', () => {
  close(normalQuantile(0.5), 0, 1e-9);
  close(normalQuantile(0.95), 1.6448536269514722, 1e-8);
  close(normalQuantile(0.99), 2.3263478740408408, 1e-8);
  close(normalQuantile(0.01), -2.3263478740408408, 1e-8);
});

test('Wilson bounds: the closed form, and never [p, p] at 0 % or 100 %', () => {
  // 0 of 100 at 0.95 (z = 1.6449): high = z²/n / (1 + z²/n) = 2.70554/100 / 1.0270554 = 0.026343.
  const zero = wilsonBounds(0, 100, 0.95);
  assert.equal(zero.low, 0);
  close(zero.high ?? Number.NaN, 0.0263427, 1e-4);
  const all = wilsonBounds(100, 100, 0.95);
  close(all.low ?? Number.NaN, 1 - 0.0263427, 1e-4);
  assert.equal(all.high, 1);
  const half = wilsonBounds(50, 100, 0.95);
  assert.ok((half.low ?? 1) < 0.5 && (half.high ?? 0) > 0.5);
  close(0.5 - (half.low ?? 0), (half.high ?? 0) - 0.5, 1e-12);
});

test('property: over simulated lognormal latencies each 95 % bound holds its side of the true p95 in ≥ 94 % of 2,000 trials', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 59, max: 400 }), (seed, n) => {
      const rnd = seededRng(seed);
      const sigma = 0.45;
      const median = 50;
      const truth = median * Math.exp(sigma * normalQuantile(0.95));
      let highHolds = 0;
      let lowHolds = 0;
      const trials = 2000;
      const xs = new Float64Array(n);
      for (let t = 0; t < trials; t++) {
        for (let i = 0; i < n; i++) {
          // Box–Muller: one standard normal from two uniforms.
          const u = 1 - rnd();
          const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
          xs[i] = median * Math.exp(sigma * z);
        }
        xs.sort();
        const b = quantileBounds(xs, 0.95, 0.95);
        if (b.high !== undefined && b.high >= truth) highHolds++;
        if (b.low !== undefined && b.low <= truth) lowHolds++;
      }
      return highHolds / trials >= 0.94 && lowHolds / trials >= 0.94;
    }),
    { numRuns: 4, seed: 20261201 },
  );
});
