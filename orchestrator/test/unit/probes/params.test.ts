import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProbeError } from '../../../src/errors.ts';
import { countBy, intParam } from '../../../src/probes/context.ts';
import { forbiddenHosts } from '../../../src/probes/index.ts';
import type { ProbePlan } from '../../../src/plan/types.ts';
import { keyAt, keyPrefix, makeValue } from '../../../src/probes/redis-pairs.ts';
import { productionHost } from '../../helpers/production.ts';

test('intParam: defaults, numbers and numeric strings; anything else cannot run', () => {
  assert.equal(intParam({}, 'operations', 100, 1000), 100);
  assert.equal(intParam({ operations: 7 }, 'operations', 100, 1000), 7);
  assert.equal(intParam({ operations: '12' }, 'operations', 100, 1000), 12);
  for (const bad of [0, -1, 1.5, 1001, 'x', '', true])
    assert.throws(() => intParam({ operations: bad }, 'operations', 100, 1000), ProbeError, String(bad));
});

test('countBy counts reasons', () => {
  assert.deepEqual(countBy(['timeout', 'refused', 'timeout']), { timeout: 2, refused: 1 });
  assert.deepEqual(countBy([]), {});
});

test('keys carry the per-run prefix; values have the exact size and differ per key', () => {
  assert.equal(keyPrefix('20260101-000000-load-abcd', 'redis'), 'loadgate:20260101-000000-load-abcd:redis');
  assert.equal(keyAt(keyPrefix('r', 'redis'), 7), 'loadgate:r:redis:7');
  const a = makeValue(1, 64, 'filler');
  const b = makeValue(2, 64, 'filler');
  assert.equal(a.length, 64);
  assert.notEqual(a, b);
  assert.equal(makeValue(12345, 3, 'f').length, 3);
  assert.equal(makeValue(5, 1, 'f').length, 1);
});

const plan = (hosts: string[]): ProbePlan => ({
  engine: 'probe',
  id: 'cross-vm',
  scenario: 'cross-vm',
  params: {},
  checks: hosts.map((host) => ({ vm: 'v', service: 's', kind: 'tcp', host, port: 1, tls: false, critical: false, timeoutMs: 100 })),
  criteria: [],
  timeoutMs: 1000,
});

test('under LOADGATE_LOOPBACK_ONLY=1 a non-loopback target stops the probe before any packet (pure check)', () => {
  const guarded = { LOADGATE_LOOPBACK_ONLY: '1' };
  assert.deepEqual(forbiddenHosts(plan(['127.0.0.20', 'localhost']), guarded), []);
  const prod = productionHost('redis');
  assert.deepEqual(forbiddenHosts(plan(['127.0.0.20', prod, 'redis.example']), guarded), [prod, 'redis.example']);
  assert.deepEqual(forbiddenHosts(plan([prod]), {}), [], 'without the guard the inventory decides');
});
