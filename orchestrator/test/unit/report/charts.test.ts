import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlReport } from '../../../src/report/html.ts';
import { alignTo, embedJson, scenarioChartSpecs } from '../../../src/report/charts.ts';
import { buildSeries } from '../../../src/verdict/series.ts';
import { chatVerdict } from '../../fixtures/runs/make-run.ts';

test('embedJson: a value with </script> cannot close the JSON block, and parses back to itself', () => {
  const data = { name: '</script><script>alert(1)</script>', sep: '\u2028\u2029', lt: '<!--' };
  const json = embedJson(data);
  assert.doesNotMatch(json, /</);
  assert.doesNotMatch(json, /[\u2028\u2029]/);
  assert.deepEqual(JSON.parse(json), data);
});

test('report.html: a scenario named </script>… stays inside the charts JSON block', async () => {
  const v = await chatVerdict((i) => 100 + i);
  const nasty = 'chat</script><script>alert(1)</script>';
  const html = htmlReport({ ...v, scenarios: v.scenarios.map((s) => ({ ...s, name: nasty })) });
  const block = /<script type="application\/json" id="loadgate-charts">([^<]*)<\/script>/.exec(html);
  assert.ok(block?.[1], 'the JSON block, closed only by its own </script>');
  const specs: unknown = JSON.parse(block[1]);
  assert.ok(Array.isArray(specs) && specs.length > 0);
  assert.ok(JSON.stringify(specs).includes(nasty));
  assert.equal((html.match(/<script/g) ?? []).length, 2);
});

test('alignTo: series of different seconds on one axis, null where one has no point', () => {
  assert.deepEqual(
    alignTo([0, 1, 2, 3], [{ t: 1 }, { t: 3 }], (i) => [10, 30][i] ?? -1),
    [null, 10, null, 30],
  );
});

test('buildSeries: one time axis for all, errors counted from the failure rate, VUs per second, the CDF exact', () => {
  const b = (t: number, values: number[]) => ({
    t,
    count: values.length,
    sum: values.reduce((a, x) => a + x, 0),
    max: Math.max(...values),
    p50: 0,
    p95: 0,
    p99: 0,
  });
  const s = buildSeries({
    series: new Map([
      ['http_reqs', [b(101, [1, 1]), b(102, [1])]],
      ['http_req_duration', [b(101, [5, 7]), b(102, [9])]],
      ['http_req_failed', [b(101, [0, 1]), b(102, [1])]],
      ['vus', [b(100, [2, 3])]],
    ]),
    latencyFirst: ['http_req_duration'],
    failed: 'http_req_failed',
    sorted: () => Float64Array.from([5, 7, 9]),
  });
  assert.deepEqual(
    s.requests?.map((p) => p.t),
    [1, 2],
  );
  assert.deepEqual(s.errors, [
    { t: 1, count: 1 },
    { t: 2, count: 1 },
  ]);
  assert.deepEqual(s.vus, [{ t: 0, count: 3 }]);
  assert.equal(s.latencyMetric, 'http_req_duration');
  assert.deepEqual(s.cdf?.[0], { q: 0, value: 5 });
  assert.deepEqual(s.cdf?.at(-1), { q: 1, value: 9 });
  assert.deepEqual(
    s.cdf?.find((p) => p.q === 0.5),
    { q: 0.5, value: 7 },
  );
});

test('a chat run charts latency, requests, VUs, the CDF and the FIR steps; each chart has data', async () => {
  const v = await chatVerdict((i) => 100 + i);
  const s = v.scenarios[0];
  assert.ok(s);
  const specs = scenarioChartSpecs(v, s, 0);
  const ids = specs.map((c) => c.id);
  for (const id of ['s0-latency', 's0-requests', 's0-vus', 's0-cdf']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
  for (const c of specs) {
    assert.ok(c.x.length > 0, c.id);
    for (const series of c.series) assert.equal(series.values.length, c.x.length, `${c.id} ${series.label}`);
  }
  const latency = specs.find((c) => c.id === 's0-latency');
  assert.deepEqual(
    latency?.series.map((x) => x.label),
    ['p50', 'p95', 'p99'],
  );
});
