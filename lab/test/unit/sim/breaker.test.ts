/** The per-model-server circuit breaker: N consecutive failures open it for openMs. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitBreaker } from '../../../src/sim/breaker.ts';

describe('CircuitBreaker', { timeout: 5000 }, () => {
  test('opens after `failures` consecutive failures, for openMs', () => {
    const b = new CircuitBreaker('model_server');
    for (let i = 0; i < 4; i++) b.failure(5, 60_000, 1000);
    assert.equal(b.isOpen(1000), false);
    assert.deepEqual(b.state(1000), { state: 'closed', consecutive_failures: 4 });
    b.failure(5, 60_000, 1000);
    assert.equal(b.isOpen(1000), true);
    assert.equal(b.isOpen(60_999), true);
    assert.equal(b.state(30_000).state, 'open');
    assert.equal(b.isOpen(61_000), false);
  });

  test('a success resets the count: failures must be consecutive', () => {
    const b = new CircuitBreaker('model_server');
    for (let i = 0; i < 4; i++) b.failure(5, 60_000, 0);
    b.success();
    for (let i = 0; i < 4; i++) b.failure(5, 60_000, 0);
    assert.equal(b.isOpen(0), false);
    assert.equal(b.state(0).consecutive_failures, 4);
  });

  test('after the open period it closes and needs a fresh run of failures to open again', () => {
    const b = new CircuitBreaker('asr_ocr_server');
    for (let i = 0; i < 2; i++) b.failure(2, 100, 0);
    assert.equal(b.isOpen(50), true);
    assert.equal(b.isOpen(100), false);
    b.failure(2, 100, 100);
    assert.equal(b.isOpen(100), false);
    b.failure(2, 100, 101);
    assert.equal(b.isOpen(101), true);
  });
});
