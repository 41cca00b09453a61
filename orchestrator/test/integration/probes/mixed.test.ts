import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { ProbePlan, RedisTarget } from '../../../src/plan/types.ts';
import { runProbe } from '../../../src/probes/index.ts';
import { freePort, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { readPoints, select } from './samples.ts';

const run = promisify(execFile);
let redis: TestRedis;
let runDir: string;

before(async () => {
  redis = await startRedis();
  runDir = await mkdtemp(join(tmpdir(), 'loadgate-probe-mixed-'));
});
after(async () => {
  await redis?.stop();
  await rm(runDir, { recursive: true, force: true });
});

function plan(id: string, overrides: Partial<RedisTarget> = {}, params: ProbePlan['params'] = {}): ProbePlan {
  const redisTarget: RedisTarget = {
    vm: 'redis',
    host: '127.0.0.1',
    port: redis.port,
    tls: false,
    db: 0,
    dbName: 'main',
    timeoutMs: 2000,
    ...overrides,
  };
  return { engine: 'probe', id, scenario: 'mixed', params, redis: redisTarget, criteria: [], timeoutMs: 10_000 };
}

const reasonsOf = (ps: ReadonlyArray<{ value: number; tags: Record<string, string> }>): string[] =>
  [...new Set(ps.map((p) => (p.value === 1 ? (p.tags['reason'] ?? 'no reason') : 'ok')))].sort();

describe('mixed probe', { timeout: 60_000 }, () => {
  test('25 file operations with 25 Redis pairs: alone, together, the interference ratio; nothing left behind', async () => {
    const record = await runProbe(plan('mixed-ok'), { env: process.env, runId: 'run1', runDir });
    assert.deepEqual(record.errors, []);
    const { declared, points } = await readPoints(join(runDir, record.samples[0] ?? ''));
    for (const name of ['mixed_total_duration', 'mixed_op_duration', 'mixed_op_failed', 'mixed_interference', 'event_loop_max_stall'])
      assert.ok(declared.has(name), name);
    for (const kind of ['file', 'redis'])
      for (const phase of ['alone', 'together'])
        assert.equal(select(points, 'mixed_op_duration', { kind, phase }).length, 25, `${kind} ${phase}`);
    const failed = select(points, 'mixed_op_failed');
    assert.equal(failed.length, 100);
    assert.deepEqual(reasonsOf(failed), ['ok']);
    const total = select(points, 'mixed_total_duration');
    assert.equal(total.length, 1);
    assert.ok((total[0]?.value ?? Infinity) < 5000, `total ${total[0]?.value}`);
    const ratio = select(points, 'mixed_interference')[0]?.value ?? 0;
    assert.ok(ratio > 0, `ratio ${ratio}`);
    assert.equal(record.intended['fileOps'], 25);
    assert.deepEqual(await readdir(join(runDir, 'probes', 'mixed-ok', 'files')), [], 'the temp dir is removed');
    assert.deepEqual(await redis.keys('loadgate:*'), []);
  });

  test('a full disk (a 256 KiB tmpfs under the files dir): file operations fail with "no-space", Redis pairs still pass', async (t) => {
    const filesDir = join(runDir, 'probes', 'mixed-full', 'files');
    await mkdir(filesDir, { recursive: true });
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', filesDir], { timeout: 10_000 });
    } catch (err) {
      t.skip(`cannot mount a tmpfs here (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
      return;
    }
    try {
      // 25 concurrent writes of 64 KiB cannot all fit in 256 KiB.
      const started = performance.now();
      const record = await runProbe(plan('mixed-full'), { env: process.env, runId: 'run1', runDir });
      assert.ok(performance.now() - started < 10_000, 'within its time limit');
      assert.deepEqual(record.errors, []);
      const { points } = await readPoints(join(runDir, record.samples[0] ?? ''));
      const fileFailed = select(points, 'mixed_op_failed', { kind: 'file' });
      assert.equal(fileFailed.length, 50);
      assert.ok(
        fileFailed.some((p) => p.value === 1 && p.tags['reason'] === 'no-space'),
        JSON.stringify(record.details),
      );
      assert.deepEqual(reasonsOf(select(points, 'mixed_op_failed', { kind: 'redis' })), ['ok']);
      assert.match(record.faults.join('\n'), /file operations failed \(no-space/);
      assert.deepEqual(await readdir(filesDir), [], 'the probe removed its files from the full disk');
    } finally {
      await run('umount', [filesDir], { timeout: 10_000 });
    }
    assert.deepEqual(await redis.keys('loadgate:*'), []);
  });

  test('Redis down during the mixed probe: Redis pairs fail with "refused", file operations still run', async () => {
    const record = await runProbe(plan('mixed-down', { port: await freePort() }, { fileOps: 5, redisOps: 5, fileBytes: 4096 }), {
      env: process.env,
      runId: 'run1',
      runDir,
    });
    const { points } = await readPoints(join(runDir, record.samples[0] ?? ''));
    assert.deepEqual(reasonsOf(select(points, 'mixed_op_failed', { kind: 'redis' })), ['refused']);
    assert.deepEqual(reasonsOf(select(points, 'mixed_op_failed', { kind: 'file' })), ['ok']);
    assert.equal(select(points, 'mixed_total_duration').length, 1);
  });
});
