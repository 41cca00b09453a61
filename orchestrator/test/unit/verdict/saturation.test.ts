/**
 * Who saturated (engines/k6/saturation.ts through checkLoad): an arrival-rate ramp that dropped iterations while
 * the generator had room and the latency rose is the target at its capacity — a valid load whose criteria
 * decide; at the generator's CPU bar, or without a rise to show, it stays INVALID. The numbers are the issue's
 * stress run: 161 dropped, 210 of 400 VUs, the generator at 3.6 % of 2 cores, answers slowed to 3–4 s.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLoad } from '../../../src/verdict/load-validity.ts';
import type { MetricStats } from '../../../src/verdict/types.ts';
import type { StageStats } from '../../../src/stage-result.ts';
import { countStat, k6Facts } from '../../fixtures/runs/k6-facts.ts';
import { record } from '../../fixtures/runs/make-run.ts';

const stat = countStat;

const metrics = (dropped: number): Record<string, MetricStats> => ({
  vus: stat('gauge', 1, 210),
  iterations: stat('counter', 2913),
  dropped_iterations: stat('counter', dropped),
});

/** A stage of chat-open's ramp with its main latency's mean (chat_turn_duration) and the iterations dropped in it. */
function stage(index: number, from: number, startTarget: number, target: number, avg: number, dropped: number): StageStats {
  const q = { value: avg, low: avg, high: avg };
  return {
    index,
    from,
    to: from + 30,
    startTarget,
    target,
    unit: 'iterations/s',
    rampDown: false,
    vus: 50,
    vusMax: 50,
    iterations: ((startTarget + target) / 2) * 30,
    iterationRate: (startTarget + target) / 2,
    droppedIterations: dropped,
    requests: 0,
    errorRate: 0,
    latency: { metric: 'chat_turn_duration', level: 0.95, n: 100, avg, p50: q, p95: q, p99: q },
    criteria: [],
  };
}

const ramp = (lateAvg: number, dropsIn = 3): StageStats[] => [
  stage(1, 0, 5, 20, 330, dropsIn === 1 ? 161 : 0),
  stage(2, 30, 20, 40, 600, dropsIn === 2 ? 161 : 0),
  stage(3, 60, 40, 80, lateAvg, dropsIn === 3 ? 161 : 0),
];

const INTENDED = { vus: 400, rate: 80, iterations: 3075, durationSeconds: 90 };
/** 2 cores, 100 s of wall time: 7.2 CPU seconds is 3.6 %; 180 is the 90 % bar. */
const judge = (cpuSeconds: number | undefined, stages: StageStats[] | undefined, dropped = 161) =>
  checkLoad(
    record('chat-open', 'chat-open', [], {
      intended: INTENDED,
      k6: k6Facts({ cores: 2, ...(cpuSeconds === undefined ? {} : { cpuSeconds, wallSeconds: 100 }) }),
    }),
    metrics(dropped),
    stages,
  );

test('drops while the generator has room and the latency rose: the target saturated, the load stays valid', () => {
  const load = judge(7.2, ramp(3400));
  assert.equal(load.valid, true, load.reasons.join('; '));
  assert.deepEqual(load.reasons, []);
  assert.equal(load.saturation?.by, 'target');
  assert.equal(load.saturation?.stage, 3);
  assert.equal(load.saturation?.generatorCpu, 0.036);
  assert.deepEqual([load.saturation?.vus, load.saturation?.maxVUs], [210, 400]);
  assert.deepEqual([load.saturation?.latencyThen, load.saturation?.latencyBaseline], [3400, 330]);
  assert.equal(
    load.saturation?.summary,
    'the target saturated, not the generator: 161 iterations dropped (no free VU to start them at the planned arrival rate) from stage 3 (40 → 80 iterations/s) on, ' +
      "210 of 400 VUs reached, chat_turn_duration averaging 3400 ms there against 330 ms in stage 1, the generator's CPU at 3.6 % (its bar is 90 %)",
  );
});

test('the same drops with the generator at its CPU bar: INVALID, the generator saturated', () => {
  const load = judge(180, ramp(3400));
  assert.equal(load.valid, false);
  assert.equal(load.untrustworthy, true);
  assert.equal(load.saturation?.by, 'generator');
  assert.equal(load.reasons[0], '161 iterations dropped (no free VU to start them at the planned arrival rate)');
});

test('a rise of 1.5× the first stage is the target; just under is not shown, so INVALID', () => {
  assert.equal(judge(7.2, ramp(495)).saturation?.by, 'target');
  const under = judge(7.2, ramp(494));
  assert.equal(under.saturation?.by, 'unknown');
  assert.equal(under.valid, false);
  assert.match(
    under.saturation?.summary ?? '',
    /^not shown to be the target: .*averaged 494 ms there against 330 ms in stage 1 \(under 1\.5×\)$/,
  );
});

test('nothing to show it was the target: no CPU reading, no stages, or drops already in the first stage', () => {
  for (const load of [judge(undefined, ramp(3400)), judge(7.2, undefined), judge(7.2, ramp(3400, 1))]) {
    assert.equal(load.valid, false);
    assert.equal(load.saturation?.by, 'unknown');
    assert.equal(load.reasons[0], '161 iterations dropped (no free VU to start them at the planned arrival rate)');
    assert.match(load.saturation?.summary ?? '', /^not shown to be the target: 210 of 400 VUs reached, /);
  }
});

test('no shortfall: no attribution at all', () => {
  const load = judge(7.2, ramp(3400), 0);
  assert.equal(load.valid, true);
  assert.equal(load.saturation, undefined);
});
