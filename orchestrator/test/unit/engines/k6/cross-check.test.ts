/**
 * The cross-checks at their tolerance: k6's summary values agree within 1e-6 relative, not more; k6's exit
 * code must match the thresholds both sides evaluated (99 iff one failed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { close, crossCheckSummary, crossCheckThresholds } from '../../../../src/engines/k6/cross-check.ts';
import type { K6Facts } from '../../../../src/engines/k6/facts.ts';
import type { CriterionVerdict, MetricStats } from '../../../../src/verdict/types.ts';

const facts = (over: Partial<K6Facts>): K6Facts => ({
  exitCode: 0,
  signal: null,
  outcome: 'ok',
  version: 'v',
  thresholds: [],
  summary: {},
  ...over,
});

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
