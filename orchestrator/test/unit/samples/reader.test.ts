import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readSamples, filterKey, visitPoints, type KeptPoint } from '../../../src/samples/reader.ts';
import { fastPoint, type PointCursor } from '../../../src/samples/point-line.ts';
import { ResultsError } from '../../../src/errors.ts';
import { summarize, sampleSet } from '../../../src/verdict/metrics.ts';
import { k6Lines, RECORDED_DIR, tempRunDir } from '../../fixtures/runs/make-run.ts';

const recorded = join(RECORDED_DIR, 'samples.json.gz');
const summary = async (): Promise<Record<string, { values: Record<string, number> }>> => {
  const json: unknown = JSON.parse(await readFile(join(RECORDED_DIR, 'summary.json'), 'utf8'));
  assert.ok(typeof json === 'object' && json !== null && 'metrics' in json);
  return json.metrics as Record<string, { values: Record<string, number> }>;
};

test('recorded real k6 output: recomputed percentiles equal k6 summary exactly', async () => {
  const r = await readSamples([recorded], { filters: [{ metric: 'fir_step_duration', tags: { step: 'summary' } }], series: ['http_reqs'] });
  const k6 = await summary();
  const dur = r.metrics.get('http_req_duration');
  assert.equal(dur?.type, 'trend');
  const s = summarize(sampleSet('trend', dur?.values ?? new Float64Array(0), 1));
  assert.equal(s?.count, k6['http_req_duration']?.values['count']);
  assert.equal(s?.p95, k6['http_req_duration']?.values['p(95)']);
  assert.equal(s?.p90, k6['http_req_duration']?.values['p(90)']);
  const step = r.filtered.get('fir_step_duration{step:summary}') ?? new Float64Array(0);
  const ss = summarize(sampleSet('trend', step, 1));
  assert.equal(ss?.count, 21);
  assert.equal(ss?.p95, k6['fir_step_duration{step:summary}']?.values['p(95)']);
  assert.equal(r.metrics.get('checks')?.values.length, 40);
  assert.ok((r.series.get('http_reqs')?.length ?? 0) >= 1);
});

test('a plain (not gzipped) file reads the same as the gzipped one', async () => {
  const dir = await tempRunDir();
  try {
    const plain = join(dir, 'samples.json');
    await writeFile(plain, gunzipSync(await readFile(recorded)));
    const a = await readSamples([recorded]);
    const b = await readSamples([plain]);
    assert.equal(b.points, a.points);
    assert.deepEqual([...(b.metrics.get('http_req_duration')?.values ?? [])], [...(a.metrics.get('http_req_duration')?.values ?? [])]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a truncated gzip file is a ResultsError naming the file and line', async () => {
  const dir = await tempRunDir();
  try {
    const bytes = await readFile(recorded);
    const cut = join(dir, 'cut.json.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assert.rejects(
      readSamples([cut]),
      (err: unknown) => err instanceof ResultsError && err.message.includes('cut.json.gz') && /line \d+/.test(err.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a corrupt line is a ResultsError with file:line; a well-formed file is not', async () => {
  const dir = await tempRunDir();
  try {
    const text = gunzipSync(await readFile(recorded))
      .toString('utf8')
      .split('\n');
    text[5] = '{"metric":"http_reqs","type":"Point","data":{"time":"x","value":'; // cut mid-line
    const bad = join(dir, 'bad.json.gz');
    await writeFile(bad, gzipSync(text.join('\n')));
    await assert.rejects(readSamples([bad]), (err: unknown) => err instanceof ResultsError && err.message.includes('bad.json.gz:6:'));
    const good = join(dir, 'good.json.gz');
    await writeFile(good, gzipSync(gunzipSync(await readFile(recorded))));
    await assert.doesNotReject(readSamples([good]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('fast path declines what it cannot read exactly; the JSON.parse fallback reads it the same', async () => {
  const cursor: PointCursor = { metric: '', value: 0, timeAt: 0, timeEnd: 0, tagsAt: 0 };
  const plain = '{"metric":"m","type":"Point","data":{"time":"2026-11-23T10:00:00Z","value":1.5e3,"tags":{"a":"b"}}}';
  assert.equal(fastPoint(plain, cursor), true);
  assert.equal(cursor.value, 1500);
  const escaped = '{"metric":"m","type":"Point","data":{"time":"2026-11-23T10:00:00Z","value":2,"tags":{"step":"sum\\"mary"}}}';
  assert.equal(fastPoint(escaped, cursor), false);
  assert.equal(fastPoint(plain.replace('1.5e3', '0x10'), cursor), false);
  const dir = await tempRunDir();
  try {
    const f = join(dir, 's.json');
    await writeFile(f, `${plain}\n${escaped}\n${plain.replace('"a":"b"', '"step":"summary"')}\n`);
    const r = await readSamples([f], {
      filters: [
        { metric: 'm', tags: { step: 'sum"mary' } },
        { metric: 'm', tags: { step: 'summary' } },
      ],
    });
    assert.deepEqual([...(r.metrics.get('m')?.values ?? [])], [1500, 2, 1500]);
    assert.deepEqual([...(r.filtered.get(filterKey({ metric: 'm', tags: { step: 'sum"mary' } })) ?? [])], [2]);
    assert.deepEqual([...(r.filtered.get('m{step:summary}') ?? [])], [1500]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing file is a ResultsError naming it', async () => {
  await assert.rejects(
    readSamples(['/nonexistent/samples.json.gz']),
    (err: unknown) => err instanceof ResultsError && err.message.includes('/nonexistent/samples.json.gz'),
  );
});

test('a last line without a newline is read like every other, gzipped or plain', async () => {
  const dir = await tempRunDir();
  try {
    const text = k6Lines([1, 2, 3].map((value) => ({ metric: 'chat_turn_duration', value }))).trimEnd();
    assert.ok(!text.endsWith('\n'));
    await writeFile(join(dir, 'plain.json'), text);
    await writeFile(join(dir, 'packed.json.gz'), gzipSync(text));
    for (const f of ['plain.json', 'packed.json.gz']) {
      const r = await readSamples([join(dir, f)]);
      assert.deepEqual([...(r.metrics.get('chat_turn_duration')?.values ?? [])], [1, 2, 3], f);
      assert.equal(r.points, 3, f);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('visitPoints: every point of the named metrics, whole and in order, the same as readSamples keeps; gz, plain, no last newline', async () => {
  const dir = await tempRunDir();
  try {
    const text = k6Lines([
      { metric: 'canary_failed', value: 0, tags: { vm: 'main' }, t: 0 },
      { metric: 'http_req_duration', value: 7, t: 0 },
      { metric: 'canary_failed', value: 1, tags: { vm: 'main', reason: 'refused' }, t: 1 },
    ]).trimEnd();
    await writeFile(join(dir, 'plain.json'), text);
    await writeFile(join(dir, 'packed.json.gz'), gzipSync(text));
    for (const f of ['plain.json', 'packed.json.gz']) {
      const seen: Array<[string, KeptPoint]> = [];
      await visitPoints([join(dir, f)], ['canary_failed'], (m, p) => seen.push([m, p]));
      const kept = (await readSamples([join(dir, f)], { points: ['canary_failed'] })).kept.get('canary_failed');
      assert.deepEqual(
        seen.map(([m, p]) => [m, p.value, p.tags['reason']]),
        [
          ['canary_failed', 0, undefined],
          ['canary_failed', 1, 'refused'],
        ],
        f,
      );
      assert.deepEqual(
        seen.map(([, p]) => p),
        kept,
        f,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('visitPoints on a cut-off gzip: the complete lines are visited, then a ResultsError naming the file and line', async () => {
  const dir = await tempRunDir();
  try {
    const bytes = await readFile(recorded);
    const cut = join(dir, 'cut.json.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    let visited = 0;
    await assert.rejects(
      visitPoints([cut], ['http_req_duration'], () => visited++),
      (err: unknown) => err instanceof ResultsError && err.message.includes('cut.json.gz') && /line \d+/.test(err.message),
    );
    assert.ok(visited > 0, 'the points before the cut were visited');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
