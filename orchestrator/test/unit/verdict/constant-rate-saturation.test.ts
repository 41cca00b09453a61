/**
 * Who saturated, for a constant arrival rate (no stages): its warm-up (10 % of the duration) is the baseline the
 * latency must rise from, as a ramp's first stage is. Drops after the warm-up with the latency up and the
 * generator idle: the target saturated — valid load, the criteria decide (FAIL), and the reasons say why with the
 * numbers. The generator at its CPU bar: INVALID. Drops already in the warm-up: nothing shows it: INVALID.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import { intendedLoad } from '../../../src/engines/k6/options.ts';
import { placeOn } from '../../../src/plan/segments.ts';
import type { ExecutorPlan, K6ScenarioPlan } from '../../../src/plan/types.ts';
import { criterion, plan, record, tempRunDir, TOOLS, writeSamples, type Point } from '../../fixtures/runs/make-run.ts';

/** 20 iterations/s for 20 s (401 planned), at most 10 VUs: the warm-up is the first 2 s. */
const RATE: ExecutorPlan = { type: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '20s', preAllocatedVUs: 10, maxVUs: 10 };

/** 40 turns of 300 ms in the warm-up, then 200 slowed to `slow` ms; `dropped` iterations at `dropAt` s. */
function points(slow: number, dropped: number, dropAt: number): Point[] {
  const out: Point[] = [
    { metric: 'loadgate_vu_started', value: 1, t: 0 },
    { metric: 'vus', value: 10, t: 1 },
  ];
  const turn = (t: number, value: number): void => {
    out.push({ metric: 'chat_turn_duration', value, t }, { metric: 'iterations', value: 1, t }, { metric: 'http_reqs', value: 1, t });
    out.push({ metric: 'chat_failed', value: 0, t });
  };
  for (let i = 0; i < 40; i++) turn((i * 1.9) / 40, 300 + i);
  for (let i = 0; i < 200; i++) turn(2 + (i * 17.9) / 200, slow + i);
  out.push({ metric: 'dropped_iterations', value: dropped, t: dropAt });
  return out;
}

async function verdict(slow: number, dropAt: number, cpuSeconds: number) {
  const dir = await tempRunDir();
  const scenario: K6ScenarioPlan = {
    engine: 'k6',
    id: 'chat-open',
    scenario: 'chat-open',
    executor: RATE,
    params: {},
    targets: {},
    criteria: [{ ...criterion('chat_turn_duration', 'p(95)<2000'), confidence: 0.95 }],
    timeoutMs: 60_000,
    segments: placeOn(RATE, ['local']),
  };
  try {
    const rel = await writeSamples(dir, 'k6/chat-open/samples.json.gz', points(slow, 161, dropAt));
    const k6 = {
      exitCode: 0,
      signal: null,
      outcome: 'ok' as const,
      version: 'v2.2.0',
      thresholds: [],
      summary: {},
      wallSeconds: 20,
      cores: 2,
    };
    return await buildVerdict({
      plan: plan([scenario]),
      runId: 'r1',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:21.000Z',
      records: [record('chat-open', 'chat-open', [rel], { intended: intendedLoad(RATE), k6: { ...k6, cpuSeconds } })],
      tools: TOOLS,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('constant rate, the target saturated: not INVALID; the criterion fails and the reasons say why with the numbers', async () => {
  // 0.4 CPU seconds of 2 cores over 20 s: 1 %.
  const v = await verdict(3000, 5, 0.4);
  const s = v.scenarios[0];
  assert.equal(s?.load?.valid, true, s?.load?.reasons.join('; '));
  assert.equal(s?.load?.saturation?.by, 'target');
  assert.equal(s?.load?.saturation?.stage, undefined, 'a phase is not a stage of the plan');
  assert.equal(s?.stages, undefined, 'a constant rate has no stages in verdict.json');
  assert.equal(v.status, 'FAIL', v.reasons.join('; '));
  assert.match(v.reasons[0] ?? '', /^chat-open: chat_turn_duration p\(95\)<2000 observed/);
  assert.equal(
    v.reasons[1],
    'chat-open: the target saturated, not the generator: 161 iterations dropped (no free VU to start them at the planned arrival rate); ' +
      'completed 240 of the 400 planned iterations (60 %, under 90 %) from 2 s on (after the warm-up, at 20 iterations/s), ' +
      "10 of 10 VUs reached, chat_turn_duration averaging 3100 ms there against 320 ms in the warm-up (its first 2 s), the generator's CPU at 1 % (its bar is 90 %)",
  );
});

test('constant rate, the generator at its CPU bar: INVALID, as before', async () => {
  // 38 CPU seconds of 2 cores over 20 s: 95 %.
  const v = await verdict(3000, 5, 38);
  assert.equal(v.scenarios[0]?.load?.saturation?.by, 'generator');
  assert.equal(v.status, 'INVALID', v.reasons.join('; '));
});

test('constant rate, drops already in the warm-up or no rise: not shown to be the target, INVALID', async () => {
  const early = await verdict(3000, 1, 0.4);
  assert.equal(early.status, 'INVALID');
  assert.match(
    early.reasons.join('\n'),
    /not shown to be the target: 10 of 10 VUs reached, .*, the shortfall began in the warm-up \(its first 2 s\)/,
  );
  const flat = await verdict(330, 5, 0.4);
  assert.equal(flat.status, 'INVALID');
  assert.match(
    flat.reasons.join('\n'),
    /but chat_turn_duration averaged 430 ms there against 320 ms in the warm-up \(its first 2 s\) \(under 1\.5×\)/,
  );
});
