import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF_MS, MAX_ATTEMPTS, parseRetryAfter, retryDecision, retryReason } from '../lib/retry.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');

test('the frontend policy: 3 tries, 1 s then 2 s on 5xx', () => {
  assert.equal(MAX_ATTEMPTS, 3);
  assert.deepEqual(BACKOFF_MS, [1000, 2000]);
  assert.deepEqual(retryDecision(500, undefined, 1, 60_000, NOW), { retry: true, waitMs: 1000, reason: 'server_error' });
  assert.deepEqual(retryDecision(504, undefined, 2, 60_000, NOW), { retry: true, waitMs: 2000, reason: 'gateway_timeout' });
  assert.deepEqual(retryDecision(503, undefined, 3, 60_000, NOW), { retry: false }, 'the third failure is final');
});

test('429 honours Retry-After up to the cap; a longer ask is final and says how long it was', () => {
  assert.deepEqual(retryDecision(429, '2', 1, 60_000, NOW), { retry: true, waitMs: 2000, reason: 'rate_limited' });
  assert.deepEqual(
    retryDecision(429, '60', 1, 60_000, NOW),
    { retry: true, waitMs: 60_000, reason: 'rate_limited' },
    "AFIRGen's 60 s by default",
  );
  assert.deepEqual(retryDecision(429, '60', 1, 10_000, NOW), { retry: false, retryAfterMs: 60_000 });
  assert.deepEqual(retryDecision(429, '60', 3, 10_000, NOW), { retry: false, retryAfterMs: 60_000 }, 'on the last try too');
  assert.deepEqual(retryDecision(429, '2', 3, 10_000, NOW), { retry: false }, 'a last try within the cap is a plain final 429');
  assert.deepEqual(retryDecision(429, undefined, 1, 60_000, NOW), { retry: true, waitMs: 1000, reason: 'rate_limited' });
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', NOW), 3000);
  assert.equal(parseRetryAfter('soon', NOW), undefined);
});

test('success, client errors and no answer at all are never retried', () => {
  for (const s of [200, 201, 400, 401, 404, 413, 422])
    assert.deepEqual(retryDecision(s, undefined, 1, 60_000, NOW), { retry: false }, String(s));
  assert.equal(retryReason(0), undefined);
  assert.deepEqual(retryDecision(0, undefined, 1, 60_000, NOW), { retry: false });
});
