import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { figuresOf, mergeFigures, pollLive } from '../../../../src/engines/k6/live-poll.ts';
import { K6Api, parseMetrics, type K6Metrics } from '../../../../src/engines/k6/remote/k6-rest.ts';
import type { LiveFigures } from '../../../../src/engines/live.ts';
import { rowText } from '../../../../src/run/live.ts';

/** k6 v2.2.0's `GET /v1/metrics` answer shape (seen from a real k6: trends without a count, gauges with a value). */
const answer = (samples: Record<string, Record<string, number | null>>) => ({
  data: Object.entries(samples).map(([id, sample]) => ({
    type: 'metrics',
    id,
    attributes: { type: 'x', contains: 'default', tainted: null, sample },
  })),
});

test("parseMetrics keeps each metric's finite numbers and refuses an answer without a data list", () => {
  assert.deepEqual(parseMetrics(answer({ http_reqs: { count: 12, rate: 2.5 }, vus: { value: 3, min: null } })), {
    http_reqs: { count: 12, rate: 2.5 },
    vus: { value: 3 },
  });
  assert.deepEqual(parseMetrics({ data: [{ id: 7 }, { id: 'x' }, 'junk'] }), {});
  assert.throws(() => parseMetrics({ data: {} }), /no data list/);
});

test("figuresOf: the kind's headline p95 (first observed latency), requests/s and failed requests, VUs, iterations", () => {
  const chat: K6Metrics = {
    chat_turn_duration: { 'p(95)': 812.5, avg: 500 },
    http_req_duration: { 'p(95)': 400 },
    http_reqs: { count: 200, rate: 19.5 },
    http_req_failed: { rate: 0.035 },
    vus: { value: 5 },
    vus_max: { value: 5 },
    iterations: { count: 40, rate: 4 },
  };
  assert.deepEqual(figuresOf('chat', chat), {
    p95Ms: 812.5,
    rate: { perSecond: 19.5, unit: 'req/s' },
    errors: 7,
    vus: 5,
    maxVus: 5,
    iterations: 40,
  });
  // Before the first chat turn ends only http_req_duration is observed: the next latency in the kind's order.
  const { chat_turn_duration: _turns, ...early } = chat;
  assert.equal(figuresOf('chat', early).p95Ms, 400);
  // Nothing observed yet: no figure is made up.
  assert.deepEqual(figuresOf('chat', {}), {});
  assert.deepEqual(figuresOf('no-such-kind', chat), { vus: 5, maxVus: 5, iterations: 40 });
});

test('mergeFigures: counts and rates add up over generators; the p95 is the highest, marked as a bound', () => {
  const a: LiveFigures = { vus: 2, maxVus: 2, iterations: 10, errors: 1, rate: { perSecond: 4, unit: 'req/s' }, p95Ms: 300 };
  const b: LiveFigures = { vus: 1, maxVus: 1, iterations: 6, errors: 0, rate: { perSecond: 2.5, unit: 'req/s' }, p95Ms: 450 };
  assert.deepEqual(mergeFigures([a, b]), {
    vus: 3,
    maxVus: 3,
    iterations: 16,
    errors: 1,
    rate: { perSecond: 6.5, unit: 'req/s' },
    p95Ms: 450,
    p95Bound: true,
  });
  // One instance is exact: its own p95, no bound.
  assert.deepEqual(mergeFigures([a]), a);
  assert.equal(rowText('k6 chat ×2', 3, 5, mergeFigures([a, b]), false).endsWith('errors 1 p95 ≤450 ms'), true);
  assert.equal(rowText('k6 chat', 3, 5, a, false).endsWith('errors 1 p95 300 ms'), true);
});

test('pollLive feeds the row from every instance that answers, and stops when told', async (t) => {
  let calls = 0;
  const server = createServer((_req, res) => {
    calls++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer({ http_reqs: { count: 10 * calls, rate: 5 }, http_req_duration: { 'p(95)': 100 + calls } })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  const addr = server.address();
  assert.ok(addr !== null && typeof addr === 'object');
  const api = new K6Api('127.0.0.1', addr.port, { LOADGATE_LOOPBACK_ONLY: '1' });
  const updates: LiveFigures[] = [];
  const sink = { start: () => undefined, end: () => undefined, update: (_id: string, f: LiveFigures) => updates.push(f) };
  // Two instances, one not started yet (no API): the row is the one that answers.
  const poll = pollLive(sink, 'chat', 'chat', () => [api, undefined]);
  for (let i = 0; i < 200 && updates.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  poll.stop();
  const seen = updates.length;
  assert.equal(updates[0]?.rate?.unit, 'req/s');
  assert.ok((updates[1]?.p95Ms ?? 0) > (updates[0]?.p95Ms ?? 0), 'each poll is a fresh reading');
  await new Promise((r) => setTimeout(r, 1_500));
  assert.equal(updates.length, seen, 'no update after stop');
});
