/**
 * A generator's samples moved onto the orchestrator's clock by its measured offset: exact to the nanosecond
 * digit, any zone read, metric lines and unreadable lines untouched, and the reader's windows (its per-second
 * series) computed on the shifted times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { shiftLine, shiftSampleFile, shiftTime } from '../../../src/samples/shift.ts';
import { readSamples } from '../../../src/samples/reader.ts';
import { tempRunDir } from '../../fixtures/runs/make-run.ts';

const cursor = () => ({ metric: '', value: 0, timeAt: 0, timeEnd: 0, tagsAt: 0 });

test('shiftTime: whole milliseconds moved, every digit past the millisecond kept, any zone to UTC', () => {
  assert.equal(shiftTime('2026-11-23T11:10:44.018137083Z', -1500), '2026-11-23T11:10:42.518137083Z');
  assert.equal(shiftTime('2026-11-23T11:10:44.018137083+02:00', -2), '2026-11-23T09:10:44.016137083Z');
  assert.equal(shiftTime('2026-11-23T23:59:59.9995Z', 1), '2026-11-24T00:00:00.0005Z');
  assert.equal(shiftTime('2026-11-23T11:10:44Z', 250), '2026-11-23T11:10:44.250Z');
  assert.equal(shiftTime('2026-11-23T11:10:44.5Z', 0), '2026-11-23T11:10:44.500Z');
  assert.equal(shiftTime('not a time', 5), undefined);
  assert.equal(shiftTime('2026-11-23T11:10:44Z', 0.5), undefined, 'only whole milliseconds');
});

test('shiftLine: a Point of the fast shape and one JSON.parse reads are both moved; other lines are unchanged', () => {
  const fast =
    '{"metric":"http_reqs","type":"Point","data":{"time":"2026-11-23T11:10:44.018137083Z","value":1,"tags":{"generator":"gen-2"}}}';
  assert.equal(shiftLine(fast, -140, cursor()), fast.replace('44.018137083Z', '43.878137083Z'));
  const slow = '{"type":"Point","metric":"http_reqs","data":{"value":1,"time":"2026-11-23T11:10:44.1Z","tags":{"a":"\\"q\\""}}}';
  const moved: unknown = JSON.parse(shiftLine(slow, 100, cursor()));
  assert.deepEqual(moved, { type: 'Point', metric: 'http_reqs', data: { value: 1, time: '2026-11-23T11:10:44.200Z', tags: { a: '"q"' } } });
  const metric =
    '{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}';
  assert.equal(shiftLine(metric, 100, cursor()), metric);
  assert.equal(shiftLine('{"cut off', 100, cursor()), '{"cut off');
});

test('shiftSampleFile: a generator 1.5 s ahead lands its samples in the orchestrator’s seconds (the reader’s series)', async () => {
  const dir = await tempRunDir();
  try {
    const file = join(dir, 'samples.json.gz');
    const point = (time: string) => `{"metric":"http_reqs","type":"Point","data":{"time":"${time}","value":1,"tags":{}}}`;
    const lines = [
      '{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}',
      point('2026-11-23T10:00:01.600000001Z'),
      point('2026-11-23T10:00:02.400000002Z'),
      point('2026-11-23T10:00:02.900000003Z'),
    ];
    await writeFile(file, gzipSync(`${lines.join('\n')}\n`));
    const before = await readSamples([file], { series: ['http_reqs'] });
    assert.deepEqual(
      before.series.get('http_reqs')?.map((b) => [b.t % 60, b.count]),
      [
        [1, 1],
        [2, 2],
      ],
    );
    // The generator's clock is 1500 ms ahead: its times move back by 1500 ms.
    await shiftSampleFile(file, -1500);
    const text = gunzipSync(await readFile(file)).toString('utf8');
    assert.deepEqual(
      text
        .split('\n')
        .slice(1, 4)
        .map((l) => /"time":"([^"]+)"/.exec(l)?.[1]),
      ['2026-11-23T10:00:00.100000001Z', '2026-11-23T10:00:00.900000002Z', '2026-11-23T10:00:01.400000003Z'],
    );
    assert.equal(text.split('\n')[0], lines[0]);
    const after = await readSamples([file], { series: ['http_reqs'] });
    assert.deepEqual(
      after.series.get('http_reqs')?.map((b) => [b.t % 60, b.count]),
      [
        [0, 2],
        [1, 1],
      ],
    );
    assert.deepEqual([...(after.metrics.get('http_reqs')?.values ?? [])], [1, 1, 1], 'the values are untouched');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('shiftSampleFile: an offset of 0 leaves the file as it is; a file that is not gzip is an error and left alone', async () => {
  const dir = await tempRunDir();
  try {
    const file = join(dir, 'samples.json.gz');
    await writeFile(file, 'plain text\n');
    await shiftSampleFile(file, 0);
    await assert.rejects(shiftSampleFile(file, 5));
    assert.equal(await readFile(file, 'utf8'), 'plain text\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
