import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildK6Options, execFunctionFor, intendedLoad } from '../../../../src/engines/k6/options.ts';
import { durationSeconds } from '../../../../src/engines/k6/duration.ts';
import { K6RunError } from '../../../../src/errors.ts';
import { criterion, firPlan } from './plan-fixture.ts';

test('options.json carries executor with exec, k6-sourced thresholds only, stats, system tags and global tags', () => {
  const plan = firPlan({
    criteria: [
      criterion('fir_step_duration{step:summary}', 'fir_step_duration', 'p(50)<5000'),
      { ...criterion('fir_step_duration{step:summary}', 'fir_step_duration', 'p(95)<9000'), abortOnFail: true, delayAbortEval: '10s' },
      criterion('canary_duration', 'canary_duration', 'p(95)<100', 'canary'),
      criterion('fir_batch_duration', 'fir_batch_duration', 'max<35000', 'derived'),
    ],
  });
  const o = buildK6Options(plan, 'run-1');
  assert.deepEqual(o.scenarios, {
    'fir-single': { executor: 'shared-iterations', vus: 1, iterations: 2, maxDuration: '1m', exec: 'firSingle' },
  });
  assert.deepEqual(o.thresholds, {
    'fir_step_duration{step:summary}': [
      { threshold: 'p(50)<5000', abortOnFail: false },
      { threshold: 'p(95)<9000', abortOnFail: true, delayAbortEval: '10s' },
    ],
  });
  assert.deepEqual(o.summaryTrendStats, ['count', 'min', 'avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max']);
  assert.ok(!o.systemTags.includes('scenario'));
  assert.deepEqual(o.tags, { run_id: 'run-1', scenario: 'fir-single' });
  assert.equal(o.maxRedirects, 0, 'k6 must never follow a redirect off the inventory');
});

test('an unknown scenario is a programming error', () => {
  assert.throws(() => execFunctionFor('nope'), K6RunError);
  assert.equal(execFunctionFor('chat-open'), 'chatOpen');
});

test('intended load per executor', () => {
  assert.deepEqual(intendedLoad({ type: 'per-vu-iterations', vus: 10, iterations: 5, maxDuration: '10m' }), {
    vus: 10,
    iterations: 50,
    durationSeconds: 600,
  });
  assert.deepEqual(
    intendedLoad({ type: 'constant-arrival-rate', rate: 120, timeUnit: '1m', duration: '30s', preAllocatedVUs: 5, maxVUs: 20 }),
    {
      vus: 20,
      rate: 2,
      iterations: 60,
      durationSeconds: 30,
    },
  );
  assert.deepEqual(
    intendedLoad({
      type: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      preAllocatedVUs: 1,
      maxVUs: 9,
      stages: [
        { duration: '10s', target: 4 },
        { duration: '10s', target: 4 },
      ],
    }),
    { vus: 9, rate: 4, iterations: 60, durationSeconds: 20 },
  );
  assert.deepEqual(
    intendedLoad({
      type: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '1m', target: 50 },
        { duration: '30s', target: 0 },
      ],
    }),
    {
      vus: 50,
      durationSeconds: 90,
    },
  );
});

test('k6 durations', () => {
  assert.equal(durationSeconds('1m30s'), 90);
  assert.equal(durationSeconds('500ms'), 0.5);
  assert.equal(durationSeconds('2h'), 7200);
  assert.throws(() => durationSeconds('10'), K6RunError);
  assert.throws(() => durationSeconds('10s junk'), K6RunError);
});
