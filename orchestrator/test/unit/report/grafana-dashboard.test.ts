/**
 * docs/grafana/loadgate.json, checked for what makes a dashboard work: Grafana's import shape, one datasource
 * variable that every panel and query uses, unique panel ids and refIds, and every PromQL naming only metrics
 * loadgate really emits — derived from the catalog by k6's remote-write mapping (k6_*: counter `_total`, rate
 * `_rate`, gauge as is, trend a native histogram `_seconds`) and the probes' (loadgate_*: trend `_count`, `_sum`,
 * `_p50`, `_p95`, `_p99`, `_max`). The integration test prometheus.test.ts finds these names in a real Prometheus.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { CATALOG } from '../../../src/catalog.ts';
import { isRecord } from '../../../src/is-record.ts';
import { projectPath } from '../../../src/paths.ts';

function emittedNames(): Set<string> {
  const names = new Set<string>();
  for (const spec of Object.values(CATALOG))
    for (const [metric, m] of Object.entries(spec.metrics)) {
      if (m.source === 'k6') {
        const base = `k6_${metric}`;
        if (m.type === 'counter') names.add(`${base}_total`);
        else if (m.type === 'rate') names.add(`${base}_rate`);
        else if (m.type === 'gauge') names.add(base);
        else names.add(m.unit === 'ms' ? `${base}_seconds` : base);
      } else if (m.source === 'probe' || m.source === 'canary') {
        const base = `loadgate_${metric}`;
        if (m.type === 'counter') names.add(`${base}_total`);
        else if (m.type === 'rate') names.add(`${base}_rate`);
        else if (m.type === 'gauge') names.add(base);
        else for (const s of ['count', 'sum', 'p50', 'p95', 'p99', 'max']) names.add(`${base}_${s}`);
      }
    }
  return names;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

test('the Grafana dashboard: import shape, one datasource variable, unique ids, only metrics loadgate emits', async () => {
  const dash: unknown = JSON.parse(await readFile(projectPath('docs', 'grafana', 'loadgate.json'), 'utf8'));
  assert.ok(isRecord(dash) && Array.isArray(dash['panels']) && isRecord(dash['templating']));
  assert.equal(typeof dash['title'], 'string');
  assert.equal(typeof dash['schemaVersion'], 'number');
  const vars = Array.isArray(dash['templating']['list']) ? dash['templating']['list'].filter(isRecord) : [];
  const dsVar = vars.find((v) => v['type'] === 'datasource' && v['query'] === 'prometheus');
  assert.ok(dsVar, 'a prometheus datasource variable');
  const dsRef = `\${${String(dsVar['name'])}}`;
  const known = emittedNames();
  const ids = new Set<number>();
  const seen = new Set<string>();
  const usesDs = (d: unknown): boolean => isRecord(d) && d['type'] === 'prometheus' && d['uid'] === dsRef;
  for (const panel of dash['panels'].filter(isRecord)) {
    assert.equal(typeof panel['id'], 'number');
    const id = Number(panel['id']);
    assert.ok(!ids.has(id), `panel id ${id} twice`);
    ids.add(id);
    assert.ok(usesDs(panel['datasource']), `panel ${id} uses ${dsRef}`);
    const targets = Array.isArray(panel['targets']) ? panel['targets'].filter(isRecord) : [];
    assert.ok(targets.length > 0, `panel ${id} has queries`);
    assert.equal(new Set(targets.map((t) => t['refId'])).size, targets.length, `panel ${id}: refIds unique`);
    for (const t of targets) {
      assert.ok(usesDs(t['datasource']));
      const expr = typeof t['expr'] === 'string' ? t['expr'] : '';
      const metrics = expr.match(/\b(k6|loadgate)_[a-z0-9_]+\b/g) ?? [];
      assert.ok(metrics.length > 0, `panel ${id}: ${expr} names a metric`);
      for (const m of metrics) {
        assert.ok(known.has(m), `panel ${id}: ${m} is not a metric loadgate emits`);
        seen.add(m);
      }
      assert.match(expr, /run_id=~"\$run_id"/, `panel ${id}: filtered by the run variable`);
    }
  }
  // What the issue asks the dashboard to show.
  for (const m of ['k6_http_reqs_total', 'k6_http_req_duration_seconds', 'k6_http_req_failed_rate', 'k6_vus', 'loadgate_redis_ops_total'])
    assert.ok(seen.has(m), `the dashboard shows ${m}`);
  assert.ok(strings(vars.map((v) => v['name'])).includes('run_id'));
});

test('the name check can fail: an invented metric is not in the emitted set', () => {
  assert.ok(!emittedNames().has('k6_http_req_duration_p95'));
  assert.ok(emittedNames().has('loadgate_canary_duration_p95'));
});
