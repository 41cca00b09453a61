/** AFIRGen's sliding-window rate limiter: `limit` per window per client, refused hits are not counted. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindowLimiter } from '../../../src/sim/rate-limit.ts';

describe('SlidingWindowLimiter', { timeout: 5000 }, () => {
  test('allows up to the limit within one window, then refuses', () => {
    const l = new SlidingWindowLimiter();
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) assert.equal(l.allow('a', 3, 60_000, now + i), true);
    assert.equal(l.allow('a', 3, 60_000, now + 10), false);
    assert.equal(l.allow('a', 3, 60_000, now + 59_999), false);
  });

  test('the window slides: a hit ages out after windowMs', () => {
    const l = new SlidingWindowLimiter();
    assert.equal(l.allow('a', 2, 1000, 0), true);
    assert.equal(l.allow('a', 2, 1000, 500), true);
    assert.equal(l.allow('a', 2, 1000, 999), false);
    // The hit at 0 is out of the window at 1000; the one at 500 is still in.
    assert.equal(l.allow('a', 2, 1000, 1000), true);
    assert.equal(l.allow('a', 2, 1000, 1001), false);
    assert.equal(l.allow('a', 2, 1000, 1500), true);
  });

  test('refused hits do not extend the window', () => {
    const l = new SlidingWindowLimiter();
    assert.equal(l.allow('a', 1, 1000, 0), true);
    for (let t = 100; t < 1000; t += 100) assert.equal(l.allow('a', 1, 1000, t), false);
    assert.equal(l.allow('a', 1, 1000, 1000), true);
  });

  test('clients are counted separately', () => {
    const l = new SlidingWindowLimiter();
    assert.equal(l.allow('a', 1, 1000, 0), true);
    assert.equal(l.allow('a', 1, 1000, 1), false);
    assert.equal(l.allow('b', 1, 1000, 1), true);
  });

  test('reset forgets every client', () => {
    const l = new SlidingWindowLimiter();
    assert.equal(l.allow('a', 1, 1000, 0), true);
    l.reset();
    assert.equal(l.allow('a', 1, 1000, 1), true);
  });
});
