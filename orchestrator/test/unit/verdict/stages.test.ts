/**
 * A ramping arrival-rate scenario end to end through buildVerdict from synthetic raw samples: per-stage
 * statistics cut by the samples' timestamps, the capacity knee, and a saturated target that ends FAIL on its
 * criteria (not INVALID) with the numbers in its reasons.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rampVerdict } from '../../fixtures/runs/ramp-run.ts';

test('per-stage statistics are cut from the samples’ timestamps along the plan’s stages', async () => {
  const v = await rampVerdict({ n: 300, latency: 500, dropped: 0 });
  const stages = v.scenarios[0]?.stages ?? [];
  assert.deepEqual(
    stages.map((s) => [s.index, s.from, s.to, s.startTarget, s.target, s.iterations, s.requests, s.vus, s.iterationRate]),
    [
      [1, 0, 10, 5, 10, 75, 75, 5, 7.5],
      [2, 10, 20, 10, 20, 150, 150, 10, 15],
      [3, 20, 30, 20, 40, 300, 300, 40, 30],
    ],
  );
  const second = stages[1];
  assert.equal(second?.unit, 'iterations/s');
  assert.equal(second?.errorRate, 0);
  assert.equal(second?.latency?.metric, 'chat_turn_duration');
  assert.equal(second?.latency?.n, 150);
  // 150 values 400.000 … 400.149 ms: k6's p95 at rank 0.95 × 149 = 141.55 → 400.14155.
  assert.ok(Math.abs((second?.latency?.p95.value ?? 0) - 400.14155) < 1e-9);
  // The one-sided 0.95 upper bound on p95 of 150 samples is the 148th order statistic:
  // P(Bin(150, 0.95) ≤ 147) = 0.9818 ≥ 0.95 > P(Bin(150, 0.95) ≤ 146) = 0.9452.
  assert.ok(Math.abs((second?.latency?.p95.high ?? 0) - 400.147) < 1e-9);
  assert.equal(v.scenarios[0]?.capacity?.breaks, undefined);
  assert.deepEqual(v.scenarios[0]?.capacity?.holds, { stage: 3, target: 40 });
  assert.equal(v.status, 'PASS', v.reasons.join('; '));
});

test('the knee: the last stage that holds with confidence and the first that does not, named with their numbers', async () => {
  const v = await rampVerdict({ n: 300, latency: 3000, dropped: 0 });
  const capacity = v.scenarios[0]?.capacity;
  assert.deepEqual(capacity?.holds, { stage: 2, target: 20 });
  assert.deepEqual(capacity?.breaks, { stage: 3, target: 40, decision: 'fail' });
  assert.equal(
    capacity?.summary,
    'chat-open holds chat_turn_duration p(95)<2000 and chat_failed rate<0.01 up to 20 iterations/s (p(95) 400.1 ms [400.1, 400.1], n = 150); ' +
      'at 40 iterations/s p(95) 3000.3 ms [3000.3, 3000.3], n = 300',
  );
});

test('a saturated target (drops, latency up, the generator idle) ends FAIL on its criteria, not INVALID, and says so', async () => {
  const v = await rampVerdict({ n: 200, latency: 3000, dropped: 100 });
  const s = v.scenarios[0];
  assert.equal(s?.load?.valid, true, s?.load?.reasons.join('; '));
  assert.equal(s?.load?.saturation?.by, 'target');
  assert.equal(v.status, 'FAIL', v.reasons.join('; '));
  assert.match(v.reasons[0] ?? '', /^chat-open: chat_turn_duration p\(95\)<2000 observed/);
  assert.equal(
    v.reasons[1],
    'chat-open: the target saturated, not the generator: 100 iterations dropped (no free VU to start them at the planned arrival rate); ' +
      'completed 425 of the 525 planned iterations (80.952 %, under 90 %) from stage 3 ' +
      "(20 → 40 iterations/s) on, 40 of 40 VUs reached, chat_turn_duration averaging 3000 ms there against 300 ms in stage 1, the generator's CPU at 1 % (its bar is 90 %)",
  );
});

test('a saturated target whose criteria still hold keeps its PASS, and the saturation is a warning', async () => {
  // Stage 3 slows to 1 s (over 1.5 × stage 1's 300 ms) and drops 100 iterations; p(95) stays under 2 s.
  const v = await rampVerdict({ n: 200, latency: 1000, dropped: 100 });
  assert.equal(v.status, 'PASS', v.reasons.join('; '));
  assert.equal(v.scenarios[0]?.load?.saturation?.by, 'target');
  assert.equal(
    v.warnings.filter((w) => w.startsWith('chat-open: the target saturated, not the generator: 100 iterations dropped')).length,
    1,
  );
});
