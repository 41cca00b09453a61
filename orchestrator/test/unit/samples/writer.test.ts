import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ResultsError } from '../../../src/errors.ts';
import { readSamples } from '../../../src/samples/reader.ts';
import { createSampleWriter } from '../../../src/samples/writer.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-writer-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lines(path: string): Promise<unknown[]> {
  const text = gunzipSync(await readFile(path)).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l): unknown => JSON.parse(l));
}

describe('sample writer', { timeout: 30_000 }, () => {
  test("writes k6's JSON output format: a Metric line, then Point lines", async () => {
    const path = join(dir, 'format.json.gz');
    const w = createSampleWriter(path);
    w.declare('redis_op_duration', 'trend', 'time');
    w.point('redis_op_duration', 1.5, { op: 'set' }, new Date('2026-01-02T03:04:05.678Z'));
    await w.close();
    assert.deepEqual(await lines(path), [
      {
        type: 'Metric',
        data: { name: 'redis_op_duration', type: 'trend', contains: 'time', thresholds: [], submetrics: null },
        metric: 'redis_op_duration',
      },
      { metric: 'redis_op_duration', type: 'Point', data: { time: '2026-01-02T03:04:05.678Z', value: 1.5, tags: { op: 'set' } } },
    ]);
  });

  test('is read back exactly by the samples reader (same contract as k6 output)', async () => {
    const path = join(dir, 'reader.json.gz');
    const w = createSampleWriter(path);
    w.declare('redis_op_failed', 'rate', 'default');
    w.declare('event_loop_max_stall', 'gauge', 'time');
    for (let i = 0; i < 10; i++) w.point('redis_op_failed', i < 3 ? 1 : 0, i < 3 ? { reason: 'timeout' } : {});
    w.point('event_loop_max_stall', 4.25);
    await w.close();
    const read = await readSamples([path], { filters: [{ metric: 'redis_op_failed', tags: { reason: 'timeout' } }] });
    assert.equal(read.metrics.get('redis_op_failed')?.type, 'rate');
    assert.equal(read.metrics.get('redis_op_failed')?.values.length, 10);
    assert.equal(read.filtered.get('redis_op_failed{reason:timeout}')?.length, 3);
    assert.deepEqual([...(read.metrics.get('event_loop_max_stall')?.values ?? [])], [4.25]);
  });

  test('keeps every point of a large stream (backpressure) and appears only on close', async () => {
    const path = join(dir, 'large.json.gz');
    const w = createSampleWriter(path);
    w.declare('redis_ops', 'counter', 'default');
    for (let i = 0; i < 200_000; i++) w.point('redis_ops', 1, { op: i % 2 === 0 ? 'set' : 'get' });
    assert.equal((await readdir(dir)).includes('large.json.gz'), false, 'no file under the final name before close');
    await w.close();
    const read = await readSamples([path]);
    assert.equal(read.metrics.get('redis_ops')?.values.length, 200_000);
    assert.equal(w.points, 200_000);
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  test('a write error makes close() reject with a ResultsError and leaves no file', async () => {
    const path = join(dir, 'missing-dir', 'x.json.gz');
    const w = createSampleWriter(path);
    w.declare('m', 'trend', 'time');
    w.point('m', 1);
    await assert.rejects(w.close(), ResultsError);
    await assert.rejects(readFile(path), { code: 'ENOENT' });
  });

  test('refuses undeclared metrics, conflicting declarations, non-finite values and use after close', async () => {
    const w = createSampleWriter(join(dir, 'misuse.json.gz'));
    assert.throws(() => w.point('nope', 1), /not declared/);
    w.declare('m', 'trend', 'time');
    w.declare('m', 'trend', 'time');
    assert.throws(() => w.declare('m', 'rate', 'default'), /declared as trend/);
    assert.throws(() => w.point('m', Number.NaN), /finite/);
    await w.close();
    assert.throws(() => w.point('m', 1), /closed/);
    await assert.rejects(w.close(), /closed/);
  });
});
