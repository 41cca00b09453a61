/** The plan builder (config/build.ts), through loadPlan on the real configuration: what the descriptor decides. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { realPlan } from './fixture.ts';

test('a kind with a derived executor gets it from its parameters; other k6 kinds keep the profile’s', async () => {
  const plan = await realPlan({ profile: 'smoke' });
  const fc = plan.scenarios.find((s) => s.scenario === 'fir-concurrency');
  assert.ok(fc?.engine === 'k6');
  assert.deepEqual(fc.executor, { type: 'per-vu-iterations', vus: 2, iterations: 1, maxDuration: '40s' });
  const chat = plan.scenarios.find((s) => s.scenario === 'chat');
  assert.ok(chat?.engine === 'k6');
  assert.deepEqual(chat.executor, { type: 'constant-vus', vus: 5, duration: '5s' });
});

test('a probe gets the target its descriptor names: a Redis database, or every service’s check', async () => {
  const plan = await realPlan({ profile: 'smoke' });
  const redis = plan.scenarios.find((s) => s.scenario === 'redis');
  const crossVm = plan.scenarios.find((s) => s.scenario === 'cross-vm');
  assert.ok(redis?.engine === 'probe' && crossVm?.engine === 'probe');
  assert.equal(redis.redis?.dbName, 'main');
  assert.equal(redis.checks, undefined);
  assert.equal(crossVm.redis, undefined);
  assert.ok((crossVm.checks?.length ?? 0) > 1);
});

test('a Redis password is resolved once for the probe’s target and the health check alike, and kept as a secret', async () => {
  const plan = await realPlan({ profile: 'smoke', env: { LAB_REDIS_PASSWORD: 'pw-under-test' } });
  const redis = plan.scenarios.find((s) => s.scenario === 'redis');
  const crossVm = plan.scenarios.find((s) => s.scenario === 'cross-vm');
  assert.ok(redis?.engine === 'probe' && crossVm?.engine === 'probe');
  assert.equal(redis.redis?.password, 'pw-under-test');
  const check = crossVm.checks?.find((c) => c.kind === 'redis');
  assert.deepEqual(check?.redis, { password: 'pw-under-test' });
  assert.ok(plan.secrets.includes('pw-under-test'));
  const none = await realPlan({ profile: 'smoke' });
  const bare = none.scenarios.find((s) => s.scenario === 'cross-vm');
  assert.ok(bare?.engine === 'probe');
  assert.deepEqual(bare.checks?.find((c) => c.kind === 'redis')?.redis, {}, 'an empty variable means no AUTH');
});
