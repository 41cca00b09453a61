import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mannWhitney, normalCdf } from '../../../src/verdict/mann-whitney.ts';

test('Mann–Whitney U on known data (textbook example, with ties)', () => {
  // base = [1,2,3,4,5], current = [3,4,5,6,7,8]: ranks of current 4.5+6.5+8.5+9+10+11... computed by hand:
  // pooled sorted 1,2,3,3,4,4,5,5,6,7,8 → ranks 1,2,3.5,3.5,5.5,5.5,7.5,7.5,9,10,11; current ranks 3.5+5.5+7.5+9+10+11 = 46.5
  const r = mannWhitney([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]);
  assert.equal(r.u, 46.5 - 21);
  assert.ok(r.pValue < 0.05 && r.pValue > 0.005, String(r.pValue));
  const same = mannWhitney([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]);
  assert.equal(same.u, 12.5);
  assert.ok(same.pValue > 0.4);
  const faster = mannWhitney([3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5]);
  assert.ok(faster.pValue > 0.95);
});

test('normal CDF', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.6448536) - 0.95) < 1e-6);
  assert.ok(Math.abs(normalCdf(-1.959964) - 0.025) < 1e-6);
});
