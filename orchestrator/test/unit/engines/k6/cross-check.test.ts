/**
 * The cross-checks at their tolerance: k6's summary values agree within 1e-6 relative, not more; k6's exit
 * code must match the thresholds both sides evaluated (99 iff one failed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { close, crossCheckSummary, crossCheckThresholds } from '../../../../src/engines/k6/cross-check.ts';
import type { K6Facts } from '../../../../src/engines/k6/facts.ts';
import { k6Facts } from '../../../fixtures/runs/k6-facts.ts';
import type { CriterionVerdict, MetricStats } from '../../../../src/verdict/types.ts';

const facts = k6Facts;

const trend: MetricStats = { type: 'trend', count: 10, sum: 1000, min: 1, avg: 100, p50: 90, p90: 180, p95: 1000, p99: 1900, max: 2000 };

test('close(): within 1e-6 relative agrees, 2e-6 does not', () => {
  assert.equal(close(1000, 1000), true);
  assert.equal(close(1000, 1000 * (1 + 1e-6)), true);
  assert.equal(close(1000, 1000 * (1 + 2e-6)), false);
  assert.equal(close(1000, 1001), false);
  assert.equal(close(0, 1e-9), false);
});

test('the summary cross-check at its tolerance, per stat', () => {
  assert.deepEqual(crossCheckSummary({ d: trend }, facts({ summary: { d: { 'p(95)': 1000.0005, med: 90, count: 10 } } })), []);
  assert.deepEqual(crossCheckSummary({ d: trend }, facts({ summary: { d: { 'p(95)': 1000.002 } } })), [
    'd p(95): k6 summary 1000.002, loadgate recomputed 1000',
  ]);
  assert.equal(crossCheckSummary({ d: trend }, facts({ summary: { d: { max: 2000.01, min: 1.00001 } } })).length, 2);
});

function crit(ok: boolean | null, expression = 'p(95)<2000'): CriterionVerdict {
  return {
    scenario: 's',
    engine: 'k6',
    metric: 'd',
    tags: {},
    selector: 'd',
    expression,
    strict: true,
    source: 'k6',
    origin: 'x:1',
    threshold: 2000,
    observed: ok === null ? null : 1,
    ok,
    samples: ok === null ? 0 : 10,
  };
}

test('the exit-code check: 99 with every shared threshold passing, or 0 with one failing, is a disagreement', () => {
  const passed = [{ selector: 'd', expression: 'p(95)<2000', ok: true }];
  const failed = [{ selector: 'd', expression: 'p(95)<2000', ok: false }];
  assert.deepEqual(crossCheckThresholds([crit(true)], facts({ outcome: 'ok', thresholds: passed })), []);
  assert.deepEqual(crossCheckThresholds([crit(false)], facts({ outcome: 'thresholds-failed', exitCode: 99, thresholds: failed })), []);
  // k6 marks a threshold passed but exits 99: the code and the thresholds disagree.
  assert.deepEqual(crossCheckThresholds([crit(true)], facts({ outcome: 'thresholds-failed', exitCode: 99, thresholds: passed })), [
    "k6 exited 99 (thresholds failed) but loadgate's recomputation passes every k6 threshold",
  ]);
  assert.deepEqual(crossCheckThresholds([crit(false)], facts({ outcome: 'ok', thresholds: failed })), [
    "k6 exited 0 but loadgate's recomputation fails a k6 threshold",
  ]);
});

test('a threshold verdict that differs from the recomputed one is a disagreement carrying both; no data is never compared', () => {
  const c = crit(true);
  assert.deepEqual(crossCheckThresholds([c], facts({ thresholds: [{ selector: 'd', expression: 'p(95) < 2000', ok: false }] })), [
    'd p(95)<2000: k6 says failed, loadgate recomputed 1 (passed)',
  ]);
  assert.equal(c.engineOk, false);
  const none = crit(null);
  assert.deepEqual(
    crossCheckThresholds(
      [none],
      facts({ outcome: 'thresholds-failed', exitCode: 99, thresholds: [{ selector: 'd', expression: 'p(95)<2000', ok: true }] }),
    ),
    [],
  );
});

test('close(): equal values agree, infinities included; the tolerance is relative to the larger one', () => {
  assert.equal(close(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY), true);
  assert.equal(close(0, 0), true);
  assert.equal(close(-1000, -1000 * (1 + 1e-6)), true);
  assert.equal(close(1e-7, 0), false);
  // 1e-6 of the larger (1000.0015) admits 0.001 apart; 1e-6 of the smaller would not.
  assert.equal(close(1000.0005, 1000.0015), true);
});

test('the summary cross-check compares exactly the stats both sides have, per metric type, by normalized selector', () => {
  const rate: MetricStats = { type: 'rate', count: 10, sum: 1, min: 0, avg: 0.1, p50: 0, p90: 0, p95: 0, p99: 0, max: 1, rate: 0.1 };
  const counter: MetricStats = { type: 'counter', count: 7, sum: 7, min: 1, avg: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 1, rate: 0.7 };
  const gauge: MetricStats = { type: 'gauge', count: 3, sum: 6, min: 1, avg: 2, p50: 2, p90: 3, p95: 3, p99: 3, max: 3, value: 3 };
  const metrics = { 'd{b:2,a:1}': trend, r: rate, c: counter, g: gauge };
  // Every stat k6 reports off by 1 %: only those loadgate recomputes the same way are compared.
  const off = (x: number): number => x * 1.01 + 1;
  const summary = {
    'd{a:1,b:2}': {
      'p(50)': off(90),
      'p(90)': off(180),
      'p(95)': off(1000),
      'p(99)': off(1900),
      'p(99.9)': off(1),
      med: off(90),
      avg: off(100),
      min: off(1),
      max: off(2000),
      count: off(10),
      rate: off(1),
      sum: off(1000),
      'p(95': off(1),
    },
    r: { rate: off(0.1), count: off(10), avg: off(0.1) },
    c: { count: off(7), rate: off(0.7), max: off(1) },
    g: { value: off(3), min: off(1), max: off(3) },
    missing: { count: 1 },
  };
  const problems = crossCheckSummary(metrics, facts({ summary }));
  assert.deepEqual(
    problems.map((p) => p.split(':')[0]),
    ['d{a', 'd{a', 'd{a', 'd{a', 'd{a', 'd{a', 'd{a', 'd{a', 'd{a', 'r rate', 'c count'],
  );
  assert.deepEqual(
    problems.slice(0, 9).map((p) => p.split(' ')[1]),
    ['p(50):', 'p(90):', 'p(95):', 'p(99):', 'med:', 'avg:', 'min:', 'max:', 'count:'],
  );
  // A value k6 could not compute (NaN) is not a disagreement.
  assert.deepEqual(crossCheckSummary(metrics, facts({ summary: { r: { rate: Number.NaN } } })), []);
});

test('the threshold cross-check: only k6 criteria, matched by normalized selector and expression; both verdicts named', () => {
  const probe = { ...crit(true), source: 'probe' };
  const k6 = facts({ outcome: 'thresholds-failed', exitCode: null, thresholds: [{ selector: 'd', expression: 'p(95)<2000', ok: false }] });
  // A probe's criterion with the same text is loadgate's own: k6 never judged it.
  assert.deepEqual(crossCheckThresholds([probe], k6), []);
  assert.equal(probe.engineOk, undefined);
  const failing = { ...crit(false), observed: 3000 };
  // A selector that does not parse is matched as written, spaces around it aside.
  const odd = { ...failing, selector: ' d{} ' };
  const oddFacts = facts({ outcome: 'thresholds-failed', thresholds: [{ selector: 'd{}', expression: 'p(95)<2000', ok: false }] });
  assert.deepEqual(crossCheckThresholds([odd], oddFacts), []);
  assert.equal(odd.engineOk, false);
  assert.deepEqual(crossCheckThresholds([failing], facts({ thresholds: [{ selector: ' d ', expression: ' p(95)<2000 ', ok: true }] })), [
    'd p(95)<2000: k6 says passed, loadgate recomputed 3000 (failed)',
    "k6 exited 0 but loadgate's recomputation fails a k6 threshold",
  ]);
  const tagged = { ...crit(true), selector: 'd{b:2,a:1}' };
  const theirs = facts({ thresholds: [{ selector: 'd{a:1,b:2}', expression: 'p(95)<2000', ok: false }] });
  assert.deepEqual(crossCheckThresholds([tagged], theirs), ['d{b:2,a:1} p(95)<2000: k6 says failed, loadgate recomputed 1 (passed)']);
  // Another threshold of k6's (another expression) is not this one.
  const other = crit(true);
  assert.deepEqual(crossCheckThresholds([other], facts({ thresholds: [{ selector: 'd', expression: 'p(99)<2000', ok: false }] })), []);
  assert.equal(other.engineOk, undefined);
  // The exit code: with no shared threshold, or one shared without data, there is nothing to hold it against.
  assert.deepEqual(crossCheckThresholds([crit(true)], k6Failed([])), []);
  assert.deepEqual(crossCheckThresholds([crit(true), { ...crit(null), expression: 'p(99)<9' }], k6Failed(['p(95)<2000', 'p(99)<9'])), []);
  assert.deepEqual(crossCheckThresholds([crit(true)], k6Failed(['p(95)<2000'], null)), [
    "k6 exited ? (thresholds failed) but loadgate's recomputation passes every k6 threshold",
  ]);
});

/** k6 exited 99 (or `code`) and marked these expressions on `d` passed. */
function k6Failed(expressions: string[], code: number | null = 99): K6Facts {
  return facts({
    outcome: 'thresholds-failed',
    exitCode: code,
    thresholds: expressions.map((expression) => ({ selector: 'd', expression, ok: true })),
  });
}
