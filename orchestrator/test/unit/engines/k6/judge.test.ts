/**
 * The k6 judge on its own: what it records as achieved, which outcomes are errors, when the exit-108 is
 * explained, what extra tag filters it asks for and what it adds to verdict.json's details.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { k6Judge } from '../../../../src/engines/k6/judge.ts';
import type { K6Facts, K6Outcome } from '../../../../src/engines/k6/facts.ts';
import { countStat, k6Facts } from '../../../fixtures/runs/k6-facts.ts';
import { record } from '../../../fixtures/runs/make-run.ts';

const stat = countStat;

const k6 = k6Facts;

test('achieved: VUs (the larger of the gauge and the VUs started), iterations, dropped, requests and their rates', () => {
  const metrics = {
    vus: stat('gauge', 3, 4),
    loadgate_vu_started: stat('counter', 6),
    iterations: stat('counter', 45),
    dropped_iterations: stat('counter', 2),
    http_reqs: stat('counter', 90),
  };
  const intended = { vus: 6, rate: 5, iterations: 50 };
  const judged = k6Judge.load(record('s', 'chat', [], { intended, k6: k6({ cpuSeconds: 3, wallSeconds: 10, cores: 2 }) }), metrics, 8);
  assert.deepEqual(judged.achieved, {
    vus: 6,
    iterations: 45,
    droppedIterations: 2,
    requests: 90,
    requestRate: 11.25,
    // No planned duration: the rate is over the wall time, 45 / 8 s.
    iterationRate: 5.625,
    generatorCpu: 0.15,
  });
  assert.deepEqual(judged.reasons, ['2 iterations dropped (no free VU to start them at the planned arrival rate)']);
  assert.equal(judged.untrustworthy, false);
  // The gauge wins when it is the larger; nothing measured is 0, and no wall time means no rates.
  const gauge = k6Judge.load(
    record('s', 'chat', [], { k6: k6() }),
    { vus: stat('gauge', 1, 7), loadgate_vu_started: stat('counter', 2) },
    0,
  );
  assert.deepEqual(gauge.achieved, { vus: 7, iterations: 0, droppedIterations: 0, requests: 0 });
  assert.deepEqual(k6Judge.load(record('s', 'chat', [], { k6: k6() }), {}, 1).achieved, {
    vus: 0,
    iterations: 0,
    droppedIterations: 0,
    requests: 0,
    requestRate: 0,
  });
});

test('an arrival rate is judged by its planned iterations (90 % of them), its rate over the planned duration, not the wall time', () => {
  const noTime = k6Judge.load(record('s', 'chat', [], { intended: { rate: 10, durationSeconds: 0 } }), {}, 5);
  assert.deepEqual(noTime.reasons, []);
  assert.equal(noTime.achieved['iterationRate'], undefined);
  const planned = k6Judge.load(
    record('s', 'chat', [], { intended: { rate: 10, durationSeconds: 10 } }),
    { iterations: stat('counter', 95) },
    20,
  );
  assert.deepEqual([planned.reasons, planned.achieved['iterationRate']], [[], 9.5]);
  const intended = { rate: 10, iterations: 100, durationSeconds: 10 };
  const edge = k6Judge.load(record('s', 'chat', [], { intended }), { iterations: stat('counter', 90) }, 20);
  assert.deepEqual(edge.reasons, []);
  const short = k6Judge.load(record('s', 'chat', [], { intended }), { iterations: stat('counter', 89) }, 20);
  assert.deepEqual(short.reasons, ['completed 89 of the 100 planned iterations (89 %, under 90 %)']);
});

test("the generator's CPU is judged only with both its CPU and wall seconds, and a wall time above 0", () => {
  const cpuOf = (facts: Partial<K6Facts>) => {
    const j = k6Judge.load(record('s', 'chat', [], { k6: k6({ cores: 1, ...facts }) }), {}, 10);
    return [j.achieved['generatorCpu'], j.untrustworthy, j.reasons.length];
  };
  assert.deepEqual(cpuOf({ cpuSeconds: 9, wallSeconds: 10 }), [0.9, true, 1]);
  assert.deepEqual(cpuOf({ cpuSeconds: 9 }), [undefined, false, 0]);
  assert.deepEqual(cpuOf({ wallSeconds: 10 }), [undefined, false, 0]);
  assert.deepEqual(cpuOf({ cpuSeconds: 9, wallSeconds: 0 }), [undefined, false, 0]);
  assert.deepEqual(cpuOf({ cpuSeconds: 1, wallSeconds: 10 }), [0.1, false, 0]);
});

test("k6's outcomes: which are errors (with the exit code when known), which an interrupt, when 108 is explained", () => {
  const run = (over: Partial<K6Facts> | undefined, stoppers = 0) =>
    k6Judge.run(record('s', 'chat', [], { k6: over === undefined ? undefined : k6(over) }), [], undefined, stoppers);
  const errorsOf = (outcome: K6Outcome, exitCode: number | null = 7) => run({ outcome, exitCode }).errors;
  for (const outcome of [
    'crashed',
    'marked-failed',
    'not-started',
    'script-error',
    'timeout',
    'setup-timeout',
    'invalid-config',
  ] as const) {
    assert.deepEqual(errorsOf(outcome), [`k6 ${outcome} (exit 7)`], outcome);
    assert.deepEqual(errorsOf(outcome, null), [`k6 ${outcome}`], outcome);
  }
  for (const outcome of ['ok', 'thresholds-failed', 'external-abort'] as const) assert.deepEqual(errorsOf(outcome), [], outcome);
  assert.deepEqual(run({ outcome: 'external-abort' }), { aborted: true, errors: [], disagreements: [] });
  assert.deepEqual(run({ outcome: 'crashed', exitCode: 2 }).aborted, false);
  assert.deepEqual(run(undefined), { aborted: false, errors: [], disagreements: [] });
  assert.deepEqual(run({ outcome: 'script-aborted', exitCode: 108 }).errors, [
    'k6 aborted the script (test.abort, exit 108) without a failing abortOnFail threshold',
  ]);
  assert.deepEqual(run({ outcome: 'script-aborted', exitCode: 108 }, 1).errors, []);
});

test('the cross-checks run only with both k6 facts and recomputed metrics', () => {
  const facts = k6({ summary: { d: { count: 5 } } });
  const metrics = { d: stat('counter', 4) };
  assert.deepEqual(k6Judge.run(record('s', 'chat', [], { k6: facts }), [], metrics, 0).disagreements, [
    'd count: k6 summary 5, loadgate recomputed 4',
  ]);
  assert.deepEqual(k6Judge.run(record('s', 'chat', [], { k6: facts }), [], undefined, 0).disagreements, []);
  assert.deepEqual(k6Judge.run(record('s', 'chat', [], { k6: undefined }), [], metrics, 0).disagreements, []);
});

test("filters: k6's tagged summary selectors, parsed; untagged and unparsable ones need nothing extra", () => {
  const summary = { http_req_duration: {}, 'http_req_duration{status:200}': {}, 'bad{': {}, 'x{a:1,b:2}': {} };
  assert.deepEqual(k6Judge.filters(record('s', 'chat', [], { k6: k6({ summary }) })), [
    { source: 'http_req_duration{status:200}', metric: 'http_req_duration', tags: { status: '200' } },
    { source: 'x{a:1,b:2}', metric: 'x', tags: { a: '1', b: '2' } },
  ]);
  assert.deepEqual(k6Judge.filters(record('s', 'chat', [], { k6: undefined })), []);
});

test("details: k6's exit code, outcome and version; nothing without k6 facts", () => {
  assert.deepEqual(k6Judge.details(record('s', 'chat', [], { k6: k6({ exitCode: 99, outcome: 'thresholds-failed' }) })), {
    k6: { exitCode: 99, outcome: 'thresholds-failed', version: 'v2.2.0' },
  });
  assert.deepEqual(k6Judge.details(record('s', 'chat', [], { k6: undefined })), {});
});
