/**
 * A windowed criterion end to end through buildVerdict from synthetic raw samples: only the samples stamped in
 * [from, to) after the scenario's start count — one exactly at `from` is in, one exactly at `to` is out — and
 * the value, the confidence interval and n are the window's alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import { intendedLoad } from '../../../src/engines/k6/options.ts';
import { placeOn } from '../../../src/plan/segments.ts';
import type { CriterionPlan, ExecutorPlan, K6ScenarioPlan } from '../../../src/plan/types.ts';
import { observedText } from '../../../src/report/format.ts';
import { criterion, plan, record, tempRunDir, TOOLS, writeSamples, type Point } from '../../fixtures/runs/make-run.ts';

const EXECUTOR: ExecutorPlan = { type: 'constant-vus', vus: 2, duration: '60s' };

/** A slow start: 100 turns of 5 s in the first 10 s, then 200 of 300–499 ms up to 50 s, and a slow tail after it. */
function points(): Point[] {
  const out: Point[] = [
    { metric: 'loadgate_vu_started', value: 1, t: 1 },
    { metric: 'loadgate_vu_started', value: 1, t: 2 },
  ];
  const turn = (t: number, value: number): void => void out.push({ metric: 'chat_turn_duration', value, t });
  for (let i = 0; i < 100; i++) turn(1 + (i * 8.9) / 100, 5000);
  turn(11, 450); // exactly at `from` (the start is the first VU's, at 1 s): in the window
  for (let i = 0; i < 199; i++) turn(11.5 + (i * 39) / 199, 300 + i);
  turn(51, 9000); // exactly at `to`: not in the window
  for (let i = 0; i < 5; i++) turn(52 + i, 9000);
  return out;
}

async function verdictWith(criteria: CriterionPlan[]) {
  const dir = await tempRunDir();
  const scenario: K6ScenarioPlan = {
    engine: 'k6',
    id: 'chat',
    scenario: 'chat',
    executor: EXECUTOR,
    params: {},
    targets: {},
    criteria,
    timeoutMs: 120_000,
    segments: placeOn(EXECUTOR, ['local']),
  };
  try {
    const rel = await writeSamples(dir, 'k6/chat/samples.json.gz', points());
    return await buildVerdict({
      plan: plan([scenario]),
      runId: 'r1',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:01:01.000Z',
      records: [record('chat', 'chat', [rel], { intended: intendedLoad(EXECUTOR) })],
      tools: TOOLS,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const P95 = { ...criterion('chat_turn_duration', 'p(95)<1000'), confidence: 0.95 };

test('a window keeps the samples from `from` (included) to `to` (excluded); value, interval and n are the window’s', async () => {
  const windowed = { ...P95, window: { written: '10–50 s', fromMs: 10_000, toMs: 50_000 } };
  const v = await verdictWith([windowed]);
  const c = v.scenarios[0]?.criteria[0];
  assert.deepEqual(c?.window, {
    written: '10–50 s',
    from: 10,
    to: 50,
    fromTime: '2026-11-23T10:00:11.000Z',
    toTime: '2026-11-23T10:00:51.000Z',
    n: 200,
  });
  // 200 samples: the one at `from` (450) and 300 … 498; not the 9000 at `to`, nor the slow start or tail.
  assert.equal(c?.samples, 200);
  assert.equal(c?.confidence?.n, 200);
  // k6's p95 of the window: rank 0.95 × 199 = 189.05 between the 190th (488) and 191st (489) values.
  assert.ok(Math.abs((c?.observed ?? 0) - 488.05) < 1e-9, String(c?.observed));
  assert.equal(c?.confidence?.decision, 'pass');
  assert.equal(v.status, 'PASS', v.reasons.join('; '));
  assert.match(observedText(c ?? assert.fail('no criterion')), /, window 10–50 s, n = 200$/);
});

test('without a window the same criterion sees the slow start and the tail, exactly as before', async () => {
  const v = await verdictWith([P95]);
  const c = v.scenarios[0]?.criteria[0];
  assert.equal(c?.window, undefined);
  assert.equal(c?.samples, 306);
  assert.equal(c?.confidence?.decision, 'fail');
  assert.equal(v.status, 'FAIL');
});

test('a window with no sample in it is no data: INVALID, never a pass', async () => {
  const v = await verdictWith([{ ...P95, window: { written: 'last 4 s', fromMs: 56_000, toMs: 60_000 } }]);
  const c = v.scenarios[0]?.criteria[0];
  assert.equal(c?.window?.n, 0);
  assert.equal(c?.ok, null);
  assert.equal(v.status, 'INVALID');
});
