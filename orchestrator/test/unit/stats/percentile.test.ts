import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentileSorted, sortedCopy } from '../../../src/stats/percentile.ts';
import { summarizeRate, summarizeTrend } from '../../../src/stats/summary.ts';

test('percentile interpolates like k6 (i = p·(n−1))', () => {
  const s = sortedCopy([10, 20, 30, 40]);
  assert.equal(percentileSorted(s, 0.5), 25);
  assert.equal(percentileSorted(s, 0.95), 38.5);
  assert.equal(percentileSorted(s, 0), 10);
  assert.equal(percentileSorted(s, 1), 40);
});

test('percentile of one sample is that sample, of none is undefined', () => {
  assert.equal(percentileSorted(sortedCopy([7]), 0.99), 7);
  assert.equal(percentileSorted(new Float64Array(0), 0.5), undefined);
});

test('sortedCopy sorts numerically, not as strings', () => {
  assert.deepEqual([...sortedCopy([100, 9, 20])], [9, 20, 100]);
});

test('summaries: no data is undefined, never zeros', () => {
  assert.equal(summarizeTrend([]), undefined);
  const s = summarizeTrend([1, 2, 3, 4, 5]);
  assert.deepEqual(s, { count: 5, min: 1, avg: 3, p50: 3, p90: 4.6, p95: 4.8, p99: 4.96, max: 5 });
  assert.equal(summarizeRate([1, 0, 0, 1])?.rate, 0.5);
});
