import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProbePlan, RedisTarget } from '../../../src/plan/types.ts';
import { runProbe } from '../../../src/probes/index.ts';
import { freePort, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { readPoints, select } from './samples.ts';

const PASSWORD = 'probe-test-secret';
let redis: TestRedis;
let runDir: string;
let runs = 0;

before(async () => {
  redis = await startRedis({ password: PASSWORD });
  runDir = await mkdtemp(join(tmpdir(), 'loadgate-probe-redis-'));
});
after(async () => {
  await redis?.stop();
  await rm(runDir, { recursive: true, force: true });
});

function target(overrides: Partial<RedisTarget> = {}): RedisTarget {
  return {
    vm: 'redis',
    host: '127.0.0.1',
    port: redis.port,
    tls: false,
    db: 3,
    dbName: 'agents',
    password: PASSWORD,
    timeoutMs: 2000,
    ...overrides,
  };
}

function plan(t: RedisTarget, params: ProbePlan['params'] = {}, timeoutMs = 10_000): ProbePlan {
  return { engine: 'probe', id: `redis-${++runs}`, scenario: 'redis', params, redis: t, criteria: [], timeoutMs };
}

async function run(p: ProbePlan, signal?: AbortSignal) {
  const started = performance.now();
  const record = await runProbe(p, { env: process.env, runId: 'run1', runDir, ...(signal ? { signal } : {}) });
  const elapsed = performance.now() - started;
  const { declared, points } = await readPoints(join(runDir, record.samples[0] ?? 'missing'));
  return { record, declared, points, elapsed };
}

/** The distinct reasons of failed samples; a passed sample (value 0) shows as `ok`. */
const reasonsOf = (ps: ReadonlyArray<{ value: number; tags: Record<string, string> }>): string[] =>
  [...new Set(ps.map((p) => (p.value === 1 ? (p.tags['reason'] ?? 'no reason') : 'ok')))].sort();
const sum = (ps: ReadonlyArray<{ value: number }>): number => ps.reduce((a, p) => a + p.value, 0);

describe('redis probe', { timeout: 60_000 }, () => {
  test('100 concurrent SET+GET pairs in the planned database, verified, timed, and cleaned up', async () => {
    const db0 = await redis.client(0);
    const p = plan(target());
    // A key of the same name in another database must survive: the probe works in db 3 only.
    await db0.set(`loadgate:run1:${p.id}:0`, 'untouched');
    const { record, declared, points } = await run(p);

    assert.deepEqual(record.errors, []);
    assert.deepEqual(record.samples, [join('probes', p.id, 'samples.json.gz')]);
    assert.equal(record.artifacts['result'], join('probes', p.id, 'result.json'));
    assert.equal(record.engine, 'probe');
    assert.equal(record.intended['operations'], 100);
    assert.equal(record.aborted, false);
    for (const name of [
      'redis_op_duration',
      'redis_batch_duration',
      'redis_op_failed',
      'redis_ops',
      'event_loop_max_stall',
      'event_loop_p99',
    ])
      assert.ok(declared.has(name), name);
    assert.equal(declared.get('redis_op_failed'), 'rate');
    assert.equal(sum(select(points, 'redis_ops', { op: 'set' })), 100);
    assert.equal(sum(select(points, 'redis_ops', { op: 'get' })), 100);
    assert.equal(select(points, 'redis_op_duration', { op: 'get' }).length, 100);
    const failed = select(points, 'redis_op_failed');
    assert.equal(failed.length, 100);
    assert.equal(sum(failed), 0);
    const batch = select(points, 'redis_batch_duration');
    assert.equal(batch.length, 1);
    assert.ok((batch[0]?.value ?? Infinity) < 2000, `batch ${batch[0]?.value}`);
    assert.equal(select(points, 'event_loop_max_stall').length, 1);
    assert.equal(select(points, 'event_loop_p99').length, 1);

    assert.deepEqual(await redis.keys('loadgate:*', 3), [], 'no key left in db 3');
    assert.equal(await db0.get(`loadgate:run1:${p.id}:0`), 'untouched');
    await db0.del(`loadgate:run1:${p.id}:0`);
    db0.destroy();

    const result: unknown = JSON.parse(await readFile(join(runDir, record.artifacts['result'] ?? ''), 'utf8'));
    assert.ok(typeof result === 'object' && result !== null && 'details' in result, 'result.json has details');
    assert.equal(JSON.stringify(result).includes(PASSWORD), false, 'the password is never written');
  });

  test('a bounded concurrency and value size are honoured', async () => {
    const { record, points } = await run(plan(target(), { operations: 300, concurrency: 10, valueBytes: 1024 }));
    assert.equal(record.intended['concurrency'], 10);
    assert.equal(select(points, 'redis_op_failed').length, 300);
    assert.equal(sum(select(points, 'redis_op_failed')), 0);
    assert.deepEqual(await redis.keys('loadgate:*', 3), []);
  });

  test('Redis down: every pair fails with reason "refused", quickly, without throwing', async () => {
    const { record, points, elapsed } = await run(plan(target({ port: await freePort() })));
    assert.deepEqual(record.errors, []);
    const failed = select(points, 'redis_op_failed');
    assert.equal(failed.length, 100);
    assert.deepEqual(reasonsOf(failed), ['refused']);
    assert.ok(elapsed < 3000, `took ${elapsed} ms`);
    assert.match(record.faults.join('\n'), /could not connect \(refused\)/);
  });

  test('wrong password: every pair fails with reason "auth"', async () => {
    const { record, points } = await run(plan(target({ password: 'not-the-password' })));
    assert.deepEqual(record.errors, []);
    const failed = select(points, 'redis_op_failed');
    assert.equal(failed.length, 100);
    assert.deepEqual(reasonsOf(failed), ['auth']);
    assert.deepEqual(record.details?.['errorsByKind'], { auth: 100 });
  });

  test('slow Redis (CLIENT PAUSE WRITE): pairs time out, the probe returns in time, no key is left', async () => {
    const admin = await redis.client(0);
    await admin.sendCommand(['CLIENT', 'PAUSE', '1500', 'WRITE']);
    const { record, points, elapsed } = await run(plan(target({ timeoutMs: 300 }), {}, 1000));
    const failed = select(points, 'redis_op_failed');
    assert.equal(failed.length, 100);
    assert.deepEqual(reasonsOf(failed), ['timeout'], JSON.stringify(record.details));
    // Time limit 1 s + clean-up grace 2 s, with slack for a loaded machine.
    assert.ok(elapsed < 3800, `took ${elapsed} ms`);
    await admin.sendCommand(['CLIENT', 'UNPAUSE']);
    // The SETs reach Redis after the pause; the UNLINK queued behind them on the same connection removes them.
    assert.deepEqual(await redis.keys('loadgate:*', 3), []);
    admin.destroy();
  });

  test('stalled Redis (DEBUG SLEEP): the connect times out with reason "timeout", nothing hangs', async () => {
    const admin = await redis.client(0);
    const sleeping = admin.sendCommand(['DEBUG', 'SLEEP', '1.5']);
    const { record, points, elapsed } = await run(plan(target({ timeoutMs: 300 }), {}, 1000));
    assert.deepEqual(reasonsOf(select(points, 'redis_op_failed')), ['timeout']);
    assert.ok(elapsed < 1500, `took ${elapsed} ms`);
    assert.deepEqual(record.errors, []);
    await sleeping;
    assert.deepEqual(await redis.keys('loadgate:*', 3), []);
    admin.destroy();
  });

  test('an interrupted run stops at once and says so', async () => {
    const admin = await redis.client(0);
    await admin.sendCommand(['CLIENT', 'PAUSE', '1000', 'WRITE']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { record, elapsed } = await run(plan(target(), {}, 10_000), controller.signal);
    assert.equal(record.aborted, true);
    assert.ok(elapsed < 3000, `took ${elapsed} ms`);
    await admin.sendCommand(['CLIENT', 'UNPAUSE']);
    assert.deepEqual(await redis.keys('loadgate:*', 3), []);
    admin.destroy();
  });

  test('a probe without a Redis target or with a bad parameter reports an error instead of running', async () => {
    const noTarget = await runProbe({ ...plan(target()), redis: undefined }, { env: process.env, runId: 'run1', runDir });
    assert.match(noTarget.errors.join(), /no Redis target/);
    const bad = await runProbe(plan(target(), { operations: -5 }), { env: process.env, runId: 'run1', runDir });
    assert.match(bad.errors.join(), /operations/);
  });
});
