import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseK6Summary } from '../../../../src/engines/k6/summary.ts';
import { cpuSecondsFromStat } from '../../../../src/engines/k6/procstat.ts';
import { parseProgressLine } from '../../../../src/engines/k6/progress.ts';
import { batchesFromSamples, batchSampleLines, completeBatches, foldBatch, type Batch } from '../../../../src/engines/k6/batches.ts';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { k6Lines, tempRunDir } from '../../../fixtures/runs/make-run.ts';

test('k6 summary: values per selector and each threshold verdict', () => {
  const parsed = parseK6Summary({
    metrics: {
      'chat_turn_duration{vm:main}': {
        type: 'trend',
        values: { 'p(95)': 12.5, count: 3, junk: 'x' },
        thresholds: { 'p(95)<2000': { ok: true } },
      },
      http_req_failed: { type: 'rate', values: { rate: 0.5 }, thresholds: { 'rate<0.01': { ok: false }, bad: 'x' } },
      broken: 7,
    },
  });
  assert.deepEqual(parsed?.summary, { 'chat_turn_duration{vm:main}': { 'p(95)': 12.5, count: 3 }, http_req_failed: { rate: 0.5 } });
  assert.deepEqual(parsed?.thresholds, [
    { selector: 'chat_turn_duration{vm:main}', expression: 'p(95)<2000', ok: true },
    { selector: 'http_req_failed', expression: 'rate<0.01', ok: false },
  ]);
  assert.equal(parseK6Summary('nope'), undefined);
  assert.equal(parseK6Summary({ metrics: [] }), undefined);
});

test('/proc/<pid>/stat: utime + stime in seconds, even with spaces in the name', () => {
  const stat = '4242 (k6 (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 1 2 3';
  assert.equal(cpuSecondsFromStat(stat), 3);
  assert.equal(cpuSecondsFromStat('garbage'), undefined);
});

test('k6 status lines become progress', () => {
  const p = parseProgressLine('running (04.0s), 2/5 VUs, 7773 complete and 1 interrupted iterations');
  assert.deepEqual(p, { elapsed: '04.0s', vus: 2, maxVus: 5, complete: 7773, interrupted: 1 });
  assert.equal(parseProgressLine('main   [  20% ] 2 VUs  04.0s/20s'), undefined);
});

test('batch duration: earliest process start to the latest flow end, per round', () => {
  const batches = new Map<string, Batch>();
  const t0 = Date.parse('2026-01-01T00:00:10Z');
  foldBatch(batches, { metric: 'fir_step_duration', timeMs: t0, value: 500, tags: { step: 'process', round: '1' } });
  foldBatch(batches, { metric: 'fir_step_duration', timeMs: t0 + 100, value: 300, tags: { step: 'process', round: '1' } });
  foldBatch(batches, { metric: 'fir_step_duration', timeMs: t0 + 9000, value: 300, tags: { step: 'summary', round: '1' } });
  foldBatch(batches, { metric: 'fir_completed', timeMs: t0 + 20_000, value: 1, tags: { round: '1' } });
  foldBatch(batches, { metric: 'fir_completed', timeMs: t0 + 25_000, value: 0, tags: { round: '1' } });
  foldBatch(batches, { metric: 'fir_completed', timeMs: t0 + 99_000, value: 1, tags: {} });
  const b = batches.get('1');
  assert.equal(b && b.endMs - b.startMs, 25_500);
  assert.equal(b?.flows, 2);
  assert.equal(b?.failed, 1);
  assert.deepEqual(completeBatches(batches), [], 'a round with a failed flow is no batch: no pass on failed work');
  foldBatch(batches, { metric: 'fir_step_duration', timeMs: t0, value: 500, tags: { step: 'process', round: '2' } });
  foldBatch(batches, { metric: 'fir_completed', timeMs: t0 + 9_000, value: 1, tags: { round: '2' } });
  assert.deepEqual(
    completeBatches(batches).map((x) => x.round),
    ['2'],
  );
  const lines = batchSampleLines([...batches.values()], { run_id: 'r', scenario: 'fir-concurrency-10' }).map(
    (l) => JSON.parse(l) as unknown,
  );
  assert.deepEqual(lines[1], {
    metric: 'fir_batch_duration',
    type: 'Point',
    data: { time: '2026-01-01T00:00:35.000Z', value: 25_500, tags: { run_id: 'r', scenario: 'fir-concurrency-10', round: '1' } },
  });
});

test('k6 threshold verdicts come only from the {ok} form; a legacy --summary-export boolean (true = FAILED) is never read', () => {
  const modern = parseK6Summary({ metrics: { http_req_duration: { thresholds: { 'p(95)<2000': { ok: false } } } } });
  assert.deepEqual(modern?.thresholds, [{ selector: 'http_req_duration', expression: 'p(95)<2000', ok: false }]);
  const legacy = parseK6Summary({ metrics: { http_req_duration: { thresholds: { 'p(95)<2000': true } } } });
  assert.deepEqual(legacy?.thresholds, [], 'a bare boolean would read as a pass where k6 meant a failure');
  assert.equal(parseK6Summary('nonsense'), undefined);
});

test('batchesFromSamples reads a gzipped k6 file through the one sample reader, its last line without a newline too', async () => {
  const dir = await tempRunDir();
  try {
    const text = k6Lines([
      { metric: 'fir_step_duration', value: 500, tags: { step: 'process', round: '1' }, t: 1 },
      { metric: 'http_req_duration', value: 9, t: 1 },
      { metric: 'fir_completed', value: 1, tags: { round: '1' }, t: 4 },
    ]).trimEnd();
    await writeFile(join(dir, 'samples.json.gz'), gzipSync(text));
    const [b, ...more] = await batchesFromSamples(join(dir, 'samples.json.gz'));
    assert.deepEqual(more, []);
    assert.equal(b?.round, '1');
    assert.equal(b && b.endMs - b.startMs, 3500);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
