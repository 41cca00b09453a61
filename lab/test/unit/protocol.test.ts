/** Messages from service workers are checked, never trusted: a bad one is dropped, not a crash. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromWorker } from '../../src/protocol.ts';

const REC = {
  service: 'afirgen',
  vm: 'main',
  method: 'GET',
  route: '/health',
  status: 200,
  queueWaitMs: 0,
  serviceTimeMs: 1.5,
  startMs: 1,
};

describe('parseFromWorker', { timeout: 5000 }, () => {
  test('each message type', () => {
    assert.deepEqual(parseFromWorker({ type: 'applied', seq: 3, listening: true }), { type: 'applied', seq: 3, listening: true });
    assert.deepEqual(parseFromWorker({ type: 'failed', message: 'x', code: 'EADDRINUSE' }), {
      type: 'failed',
      message: 'x',
      code: 'EADDRINUSE',
    });
    assert.deepEqual(parseFromWorker({ type: 'failed', message: 'x' }), { type: 'failed', message: 'x', code: undefined });
    assert.deepEqual(parseFromWorker({ type: 'log', line: 'hi' }), { type: 'log', line: 'hi' });
    assert.deepEqual(parseFromWorker({ type: 'closed' }), { type: 'closed' });
  });

  test('ground-truth batches keep only well-formed records', () => {
    const m = parseFromWorker({ type: 'ground-truth', records: [REC, { ...REC, status: '200' }, null] });
    assert.ok(m?.type === 'ground-truth');
    assert.equal(m.records.length, 1);
  });

  test('malformed messages are undefined', () => {
    for (const bad of [
      null,
      'applied',
      { type: 'applied', seq: '1', listening: true },
      { type: 'log' },
      { type: 'failed' },
      { type: 'ground-truth' },
      { type: 'other' },
    ]) {
      assert.equal(parseFromWorker(bad), undefined, JSON.stringify(bad));
    }
  });
});
