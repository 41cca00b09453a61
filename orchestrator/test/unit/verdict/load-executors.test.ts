/**
 * Load validity for every k6 executor kind at its edge: the VU peak, the iteration count, dropped iterations
 * and the arrival rate's 90 % tolerance exactly at, just under and over it, and the generator's CPU share.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLoad } from '../../../src/verdict/load-validity.ts';
import type { MetricStats } from '../../../src/verdict/types.ts';
import type { K6Facts } from '../../../src/engines/k6/facts.ts';
import { record } from '../../fixtures/runs/make-run.ts';

function stat(type: MetricStats['type'], count: number, max = count): MetricStats {
  return { type, count, sum: count, min: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, max };
}

/** k6's metrics for a run that reached `vus` VUs and completed `iterations`, `dropped` of them dropped. */
function metrics(vus: number, iterations: number, dropped?: number): Record<string, MetricStats> {
  const m: Record<string, MetricStats> = { vus: stat('gauge', 1, vus), iterations: stat('counter', iterations) };
  if (dropped !== undefined) m['dropped_iterations'] = stat('counter', dropped);
  return m;
}

const reasonsOf = (intended: Record<string, number>, m: Record<string, MetricStats>, k6?: Partial<K6Facts>): string[] =>
  checkLoad(
    record('s', 'chat', [], {
      intended,
      // The generator's host has 2 cores, whatever this machine has.
      k6: { exitCode: 0, signal: null, outcome: 'ok', version: 'v', thresholds: [], summary: {}, cores: 2, ...k6 },
    }),
    m,
  ).reasons;

test('VU-based executors (constant-vus, ramping-vus): the planned VU peak, not one fewer', () => {
  const plans: Array<Record<string, number>> = [{ vus: 5, durationSeconds: 10 }, { vus: 5 }];
  for (const intended of plans) {
    assert.deepEqual(reasonsOf(intended, metrics(5, 1)), []);
    assert.deepEqual(reasonsOf(intended, metrics(6, 1)), []);
    assert.deepEqual(reasonsOf(intended, metrics(4, 1)), ['reached 4 of 5 planned VUs']);
  }
});

test('iteration executors (shared-iterations, per-vu-iterations): every planned iteration, not one fewer', () => {
  assert.deepEqual(reasonsOf({ vus: 2, iterations: 40 }, metrics(2, 40)), []);
  assert.deepEqual(reasonsOf({ vus: 2, iterations: 40 }, metrics(2, 41)), []);
  assert.deepEqual(reasonsOf({ vus: 2, iterations: 40 }, metrics(2, 39)), ['completed 39 of 40 planned iterations']);
});

test('arrival-rate executors (constant-, ramping-arrival-rate): one dropped iteration is INVALID', () => {
  const intended = { vus: 2, rate: 10, iterations: 100, durationSeconds: 10 };
  assert.deepEqual(reasonsOf(intended, metrics(2, 100, 0)), []);
  assert.deepEqual(reasonsOf(intended, metrics(2, 100)), [], 'no dropped_iterations samples: none dropped');
  // No CPU reading and no stages: nothing shows the target saturated, so the drop stays INVALID.
  assert.deepEqual(reasonsOf(intended, metrics(2, 100, 1)), [
    '1 iterations dropped (no free VU to start them at the planned arrival rate)',
  ]);
  // Fewer VUs than preAllocated, or fewer iterations than rate × duration, is not a reason by itself.
  assert.deepEqual(reasonsOf(intended, metrics(1, 95, 0)), []);
});

test('arrival rate: 90 % of the planned iterations is delivered, 89 % is not', () => {
  const intended = { vus: 2, rate: 10, iterations: 100, durationSeconds: 10 };
  assert.deepEqual(reasonsOf(intended, metrics(2, 90, 0)), []);
  assert.deepEqual(reasonsOf(intended, metrics(2, 89, 0)), ['completed 89 of the 100 planned iterations (89 %, under 90 %)']);
  assert.deepEqual(reasonsOf(intended, metrics(2, 60, 0)), ['completed 60 of the 100 planned iterations (60 %, under 90 %)']);
  assert.equal(checkLoad(record('s', 'chat', [], { intended }), metrics(2, 89, 0)).achieved['iterationRate'], 8.9);
});

test('a ramp of arrivals is judged on its planned iterations (the integral of its rate), never its mean rate against its peak', () => {
  // chat-open in the stress profile: 5 → 20 → 40 → 80/s over 3 × 30 s plans 3075 iterations; a peak of 80/s.
  // 2913 completed average 32.4/s, far under the peak, but 94.7 % of the plan: delivered.
  const intended = { vus: 400, rate: 80, iterations: 3075, durationSeconds: 90 };
  assert.deepEqual(reasonsOf(intended, metrics(210, 2913, 0)), []);
  assert.deepEqual(reasonsOf(intended, metrics(210, 2767, 0)), ['completed 2767 of the 3075 planned iterations (89.984 %, under 90 %)']);
});

test("the generator's CPU: 90 % of every core is saturated, just under is not", () => {
  // 2 cores, 10 s of wall time: 18 CPU seconds is 90 %.
  assert.deepEqual(reasonsOf({}, metrics(1, 1), { cpuSeconds: 17.9, wallSeconds: 10 }), []);
  assert.deepEqual(reasonsOf({}, metrics(1, 1), { cpuSeconds: 18, wallSeconds: 10 }), [
    'the load generator (k6) used 90 % of 2 cores: its timings are not trustworthy',
  ]);
});

test("the generator's CPU is judged against the cores of its own host, as its record says, not this machine's", () => {
  // The same 18 CPU seconds over 10 s: saturation on a 2-core generator, 14 % of a 13-core one.
  assert.deepEqual(reasonsOf({}, metrics(1, 1), { cpuSeconds: 18, wallSeconds: 10, cores: 13 }), []);
  assert.deepEqual(reasonsOf({}, metrics(1, 1), { cpuSeconds: 26, wallSeconds: 2, cores: 13 }), [
    'the load generator (k6) used 100 % of 13 cores: its timings are not trustworthy',
  ]);
});
