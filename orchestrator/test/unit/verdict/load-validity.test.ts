import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLoad } from '../../../src/verdict/load-validity.ts';
import type { MetricStats } from '../../../src/verdict/types.ts';
import { k6Facts } from '../../fixtures/runs/k6-facts.ts';
import { record } from '../../fixtures/runs/make-run.ts';

/** A rate metric with `count` samples, `failed` of them non-zero. */
function outcomes(count: number, failed = 0): MetricStats {
  const rate = count === 0 ? 0 : failed / count;
  return { type: 'rate', count, sum: failed, min: 0, avg: rate, p50: 0, p90: 0, p95: 0, p99: 0, max: failed > 0 ? 1 : 0, rate };
}

function probe(scenario: string, intended: Record<string, number>) {
  return record(scenario, scenario, [], { engine: 'probe', intended, k6: undefined });
}

test('a probe that attempted every planned operation is valid, failures included (they are for the criteria)', () => {
  const load = checkLoad(probe('redis', { operations: 20, commands: 40 }), { redis_op_failed: outcomes(20, 7) });
  assert.deepEqual(load.reasons, []);
  assert.equal(load.valid, true);
  assert.equal(load.achieved['operations'], 20);
});

test('a probe that attempted fewer operations than planned is invalid, with the numbers', () => {
  const redis = checkLoad(probe('redis', { operations: 20 }), { redis_op_failed: outcomes(5) });
  assert.equal(redis.valid, false);
  assert.deepEqual(redis.reasons, ['attempted 5 of 20 planned operations']);
  const mixed = checkLoad(probe('mixed', { operations: 100 }), { mixed_op_failed: outcomes(50) });
  assert.deepEqual(mixed.reasons, ['attempted 50 of 100 planned operations']);
  const crossVm = checkLoad(probe('cross-vm', { checks: 8 }), {});
  assert.deepEqual(crossVm.reasons, ['attempted 0 of 8 planned checks']);
});

test('one sample in a batch-duration metric does not count as the whole batch', () => {
  // The redis probe's batch duration has one sample per run; only the per-operation outcome metric counts.
  const load = checkLoad(probe('redis', { operations: 20 }), {
    redis_batch_duration: { type: 'trend', count: 1, sum: 3, min: 3, avg: 3, p50: 3, p90: 3, p95: 3, p99: 3, max: 3 },
  });
  assert.equal(load.valid, false);
});

test("the load report: what was intended, the wall time beside the engine's numbers, valid only without a reason", () => {
  const k6 = (over: Parameters<typeof record>[3]) => record('s', 'chat', [], over);
  const ok = checkLoad(k6({ intended: { vus: 2 }, finishedAt: '2026-11-23T10:00:02.5004Z' }), {
    vus: { type: 'gauge', count: 1, sum: 2, min: 2, avg: 2, p50: 2, p90: 2, p95: 2, p99: 2, max: 2 },
  });
  assert.deepEqual(ok, {
    intended: { vus: 2 },
    achieved: { durationSeconds: 2.5, vus: 2, iterations: 0, droppedIterations: 0, requests: 0, requestRate: 0 },
    valid: true,
    reasons: [],
  });
  // Times that do not parse, or end before they start, give no duration (and no rate over it).
  for (const finishedAt of ['not a time', '2026-11-23T09:59:59Z', '2026-11-23T10:00:00.000Z']) {
    const load = checkLoad(k6({ finishedAt }), {});
    assert.deepEqual(load.achieved, { vus: 0, iterations: 0, droppedIterations: 0, requests: 0 }, finishedAt);
  }
  const saturated = checkLoad(
    k6({
      k6: k6Facts({ cpuSeconds: 10, wallSeconds: 10, cores: 1 }),
    }),
    {},
  );
  assert.deepEqual([saturated.valid, saturated.untrustworthy, saturated.reasons.length], [false, true, 1]);
  assert.equal(Object.hasOwn(ok, 'untrustworthy'), false);
});
