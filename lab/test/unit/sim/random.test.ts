/**
 * Seeded randomness and the delay models: deterministic mode gives exactly the configured delay, zero mode
 * gives 0, and a realistic (lognormal) draw has the median and tail its parameters say.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { delaySampler, seededRng } from '../../../src/sim/random.ts';

function draws(n: number, f: () => number): number[] {
  return Array.from({ length: n }, f).sort((a, b) => a - b);
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  assert.ok(v !== undefined);
  return v;
}

describe('seededRng', { timeout: 10_000 }, () => {
  test('the same seed gives the same sequence', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    assert.deepEqual(
      Array.from({ length: 100 }, () => a()),
      Array.from({ length: 100 }, () => b()),
    );
  });

  test('different seeds give different sequences', () => {
    const a = seededRng(1);
    const b = seededRng(2);
    const sa = Array.from({ length: 20 }, () => a());
    const sb = Array.from({ length: 20 }, () => b());
    assert.notDeepEqual(sa, sb);
  });

  test('draws lie in [0, 1) and are roughly uniform', () => {
    const r = seededRng(7);
    const xs = Array.from({ length: 10_000 }, () => r());
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
    const lowTenth = xs.filter((x) => x < 0.1).length / xs.length;
    assert.ok(Math.abs(lowTenth - 0.1) < 0.02, `share below 0.1: ${lowTenth}`);
  });
});

describe('delaySampler', { timeout: 10_000 }, () => {
  test('deterministic mode returns exactly the configured delay, every time', () => {
    const d = delaySampler('deterministic', seededRng(1));
    for (const ms of [1, 37.5, 300, 4000]) {
      for (let i = 0; i < 100; i++) assert.equal(d.sample(ms, 0.45), ms);
    }
  });

  test('zero mode returns 0 whatever the parameters', () => {
    const d = delaySampler('zero', seededRng(1));
    assert.equal(d.sample(300, 0.45), 0);
    assert.equal(d.sample(4000, 0), 0);
  });

  test('realistic mode with sigma 0 is the median itself; a median of 0 is 0', () => {
    const d = delaySampler('realistic', seededRng(1));
    assert.equal(d.sample(250, 0), 250);
    assert.equal(d.sample(0, 0.45), 0);
  });

  test('realistic mode: over 10,000 draws the median and p95 are what the lognormal parameters say', () => {
    const median = 300;
    const sigma = 0.45;
    const d = delaySampler('realistic', seededRng(1));
    const xs = draws(10_000, () => d.sample(median, sigma, 1e9));
    const p50 = quantile(xs, 0.5);
    const p95 = quantile(xs, 0.95);
    const p99 = quantile(xs, 0.99);
    // Lognormal: quantile q = median * exp(sigma * z_q); z_0.95 = 1.6449, z_0.99 = 2.3263.
    const want95 = median * Math.exp(sigma * 1.6449);
    const want99 = median * Math.exp(sigma * 2.3263);
    assert.ok(Math.abs(p50 / median - 1) < 0.03, `p50 ${p50} vs ${median}`);
    assert.ok(Math.abs(p95 / want95 - 1) < 0.05, `p95 ${p95} vs ${want95}`);
    assert.ok(Math.abs(p99 / want99 - 1) < 0.08, `p99 ${p99} vs ${want99}`);
    // A long right tail: for sigma 0.45 the p95 is about 2.1 times the median.
    assert.ok(p95 > 2 * median);
    assert.ok(xs.every((x) => x > 0));
  });

  test('realistic mode: a larger sigma gives a longer tail (negative check of the tail assertion)', () => {
    const d = delaySampler('realistic', seededRng(3));
    const narrow = draws(10_000, () => d.sample(300, 0.1, 1e9));
    const p95 = quantile(narrow, 0.95);
    assert.ok(p95 < 1.25 * 300, `sigma 0.1 should give p95 near 354 ms, got ${p95}`);
  });

  test('no draw exceeds the cap (default 6x the median)', () => {
    const d = delaySampler('realistic', seededRng(9));
    const capped = draws(10_000, () => d.sample(100, 1.5, 250));
    assert.equal(capped.at(-1), 250);
    const byDefault = draws(10_000, () => d.sample(100, 1.5));
    assert.ok((byDefault.at(-1) ?? 0) <= 600);
  });

  test('the same seed reproduces the same realistic draws', () => {
    const a = delaySampler('realistic', seededRng(5));
    const b = delaySampler('realistic', seededRng(5));
    assert.deepEqual(
      Array.from({ length: 50 }, () => a.sample(300, 0.45)),
      Array.from({ length: 50 }, () => b.sample(300, 0.45)),
    );
  });
});
