import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { QuantileSketch, RELATIVE_ACCURACY } from '../../../src/stats/sketch.ts';
import { percentileSorted } from '../../../src/stats/percentile.ts';

test('the sketch answers each quantile within 1 % of a sample at that rank, for any values', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0.001, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 500 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (values, q) => {
        const sketch = new QuantileSketch();
        for (const v of values) sketch.add(v);
        const sorted = Float64Array.from(values).sort();
        const exact = sorted[Math.round(q * (sorted.length - 1))] ?? Number.NaN;
        const got = sketch.quantile(q) ?? Number.NaN;
        assert.ok(Math.abs(got - exact) <= exact * RELATIVE_ACCURACY * 1.0001, `q=${q}: ${got} vs ${exact}`);
      },
    ),
  );
});

test('the sketch: empty is undefined, zeros and negatives are 0, and its size does not grow with the count', () => {
  const sketch = new QuantileSketch();
  assert.equal(sketch.quantile(0.5), undefined);
  sketch.add(0);
  sketch.add(-3);
  assert.equal(sketch.quantile(0.99), 0);
  const big = new QuantileSketch();
  for (let i = 0; i < 100_000; i++) big.add(100 + (i % 1000));
  const p95 = big.quantile(0.95) ?? 0;
  const exact =
    percentileSorted(
      Float64Array.from({ length: 1000 }, (_, i) => 100 + i),
      0.95,
    ) ?? 0;
  assert.ok(Math.abs(p95 - exact) <= exact * 0.011, `${p95} vs ${exact}`);
  // 100,000 values over 100–1,099 ms: ln(11)/ln(1.0202) ≈ 121 buckets.
  assert.ok(big.size <= 125, `buckets: ${big.size}`);
});
