/**
 * compareVerdicts on hand-built verdicts: which selectors are compared, how a scenario finds its baseline, the
 * delta's numbers, and every way to an inconclusive delta (too few samples on either side, raw samples missing).
 * The statistics at their edges, on real sample files: compare-edges.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVerdicts, formatPValue } from '../../../src/verdict/compare.ts';
import type { MetricStats, ScenarioVerdict, Verdict } from '../../../src/verdict/types.ts';
import { SCHEMA_VERSION } from '../../../src/verdict/types.ts';

const trend = (p95: number, count = 50): MetricStats => ({
  type: 'trend',
  count,
  sum: p95 * count,
  min: 0,
  avg: p95,
  p50: p95,
  p90: p95,
  p95,
  p99: p95,
  max: p95,
});
const rate: MetricStats = { type: 'rate', count: 50, sum: 1, min: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 1, rate: 0.02 };

function scenario(name: string, kind: string, metrics: Record<string, MetricStats>, selectors: string[] = []): ScenarioVerdict {
  return {
    name,
    scenario: kind,
    engine: 'k6',
    status: 'passed',
    startedAt: '2026-11-23T10:00:00Z',
    finishedAt: '2026-11-23T10:00:10Z',
    metrics,
    criteria: selectors.map((selector) => ({
      scenario: name,
      engine: 'k6',
      metric: selector.split('{')[0] ?? selector,
      tags: {},
      selector,
      expression: 'p(95)<9000',
      strict: true,
      source: 'k6',
      origin: 't:1',
      threshold: 9000,
      observed: 1,
      ok: true,
      samples: 50,
    })),
    errors: [],
    faults: [],
    artifacts: {},
    samples: [],
    reasons: [],
  };
}

const run = (runId: string, scenarios: ScenarioVerdict[]): Verdict => ({
  schemaVersion: SCHEMA_VERSION,
  runId,
  status: 'PASS',
  exitCode: 0,
  reasons: [],
  startedAt: '2026-11-23T10:00:00Z',
  finishedAt: '2026-11-23T10:00:10Z',
  profile: 'p',
  inventory: { file: 'i', name: 'lab', lab: true },
  tools: { k6: null, node: '20', loadgate: '0' },
  scenarios,
  warnings: [],
});

test("the compared selectors: every trend criterion's (by its normalized key too) and the kind's own, nothing else", async () => {
  const metrics = { 'd{a:1,b:2}': trend(100), http_req_duration: trend(100), http_req_failed: rate, t: trend(100) };
  const base = run('b1', [scenario('chat', 'chat', metrics)]);
  const cur = run('c1', [scenario('chat', 'chat', { ...metrics, t: trend(105) }, ['d{b:2,a:1}', 'http_req_failed', 'absent', 'd{'])]);
  const c = await compareVerdicts(base, cur);
  assert.deepEqual(
    c.deltas.map((d) => [d.scenario, d.selector, d.base, d.current, d.change, d.outcome, d.samples]),
    [
      ['chat', 'd{b:2,a:1}', 100, 100, 0, 'unchanged', { base: 50, current: 50 }],
      ['chat', 'http_req_duration', 100, 100, 0, 'unchanged', { base: 50, current: 50 }],
    ],
  );
  assert.deepEqual([c.baseRunId, c.minEffect, c.alpha, c.regressions], ['b1', 0.1, 0.05, 0]);
});

test('a scenario finds its baseline by name first, else by its kind; none at all is not compared', async () => {
  const base = run('b', [scenario('chat-a', 'chat', { t: trend(100) }), scenario('chat-b', 'chat', { t: trend(200) })]);
  const cur = run('c', [
    scenario('chat-b', 'chat', { t: trend(200) }, ['t']),
    scenario('chat-z', 'chat', { t: trend(100) }, ['t']),
    scenario('redis', 'redis', { t: trend(100) }, ['t']),
  ]);
  const c = await compareVerdicts(base, cur);
  assert.deepEqual(
    c.deltas.map((d) => [d.scenario, d.base]),
    [
      ['chat-b', 200],
      ['chat-z', 100],
    ],
  );
});

test('a baseline p95 of 0 is no change; a metric missing on either side is not compared', async () => {
  const base = run('b', [scenario('s', 'chat', { t: trend(0), u: trend(1) })]);
  const cur = run('c', [scenario('s', 'chat', { t: trend(50), v: trend(1) }, ['t', 'u', 'v'])]);
  const c = await compareVerdicts(base, cur);
  assert.deepEqual(
    c.deltas.map((d) => [d.selector, d.change, d.outcome]),
    [['t', 0, 'unchanged']],
  );
});

test('inconclusive: too few samples on either side, or raw samples unavailable for a change worth testing', async () => {
  const delta = async (baseCount: number, curCount: number, p95 = 300, opts = {}) => {
    const base = run('b', [scenario('s', 'chat', { t: trend(100, baseCount) })]);
    const cur = run('c', [scenario('s', 'chat', { t: trend(p95, curCount) }, ['t'])]);
    const d = (await compareVerdicts(base, cur, opts)).deltas[0];
    return [d?.outcome, d?.note, d?.pValue];
  };
  assert.deepEqual(await delta(19, 50), ['inconclusive', 'fewer than 20 samples', null]);
  assert.deepEqual(await delta(50, 19), ['inconclusive', 'fewer than 20 samples', null]);
  assert.deepEqual(await delta(5, 5, 300, { minSamples: 5 }), ['inconclusive', 'raw samples unavailable', null]);
  assert.deepEqual(await delta(4, 5, 300, { minSamples: 5 }), ['inconclusive', 'fewer than 5 samples', null]);
  // Faster by as much: the same; within minEffect either way: unchanged, untested.
  assert.deepEqual(await delta(50, 50, 10), ['inconclusive', 'raw samples unavailable', null]);
  assert.deepEqual(await delta(50, 50, 109), ['unchanged', undefined, null]);
  assert.deepEqual(await delta(50, 50, 91), ['unchanged', undefined, null]);
});

test('p-values as people read them', () => {
  assert.equal(formatPValue(0.000999), 'p<0.001');
  assert.equal(formatPValue(0.001), 'p=0.0010');
  assert.equal(formatPValue(0.0456), 'p=0.046');
});
