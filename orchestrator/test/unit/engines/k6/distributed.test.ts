/** The pure parts of the distributed path: which plans go there, what each instance gets, worst-of outcomes, the per-generator judge. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { remoteEnv, segmentArgs } from '../../../../src/engines/k6/distributed.ts';
import type { K6SegmentFacts } from '../../../../src/engines/k6/facts.ts';
import { k6Judge } from '../../../../src/engines/k6/judge.ts';
import { isDistributed } from '../../../../src/engines/k6/prepare.ts';
import { segmentOutcome, worstOutcome } from '../../../../src/engines/k6/segment-facts.ts';
import { generatorRows, segmentWarnings } from '../../../../src/engines/k6/segment-judge.ts';
import { placeOn } from '../../../../src/plan/segments.ts';
import type { ScenarioRecord } from '../../../../src/record.ts';
import { firPlan } from './plan-fixture.ts';

test('one local segment runs as before; several segments, or one ssh generator, run distributed', () => {
  const p = firPlan();
  assert.equal(isDistributed(p), false);
  assert.equal(isDistributed({ ...p, segments: placeOn(p.executor, ['gen-1']) }), true);
  assert.equal(isDistributed({ ...p, segments: placeOn(p.executor, ['gen-1', 'gen-2']) }), true);
});

test("an instance's flags: its segment and the one sequence, no setup/teardown/thresholds, its run, scenario and generator tags", () => {
  const [, second] = placeOn({ type: 'constant-vus', vus: 5, duration: '1s' }, ['a', 'b', 'c']);
  assert.ok(second);
  assert.deepEqual(segmentArgs(second, { runId: 'r1', scenario: 'chat' }), [
    '--execution-segment',
    '1/3:2/3',
    '--execution-segment-sequence',
    '0,1/3,2/3,1',
    '--no-setup',
    '--no-teardown',
    '--no-thresholds',
    // k6's --tag replaces options.json's tags: run_id and scenario would be lost with generator alone.
    '--tag',
    'run_id=r1',
    '--tag',
    'scenario=chat',
    '--tag',
    'generator=b',
    '--out',
    'json=samples.json.gz',
    '--no-color',
    '--quiet',
  ]);
});

test("a generator's environment: the scenario's variables, its summary in its own directory, no dashboard, none of our PATH/HOME", () => {
  const env = remoteEnv({
    PATH: '/here',
    HOME: '/root',
    LOADGATE_RUN_ID: 'r',
    LOADGATE_SUMMARY_PATH: '/local/summary.json',
    K6_WEB_DASHBOARD_EXPORT: '/x',
  });
  assert.deepEqual(env, { LOADGATE_RUN_ID: 'r', LOADGATE_SUMMARY_PATH: 'summary.json', K6_WEB_DASHBOARD: 'false' });
});

test('the scenario is the worst of its segments; 103 is our own stop', () => {
  assert.equal(worstOutcome(['ok', 'external-abort', 'crashed']), 'crashed');
  assert.equal(worstOutcome(['ok', 'ok']), 'ok');
  assert.equal(segmentOutcome(0, { aborted: false }), 'ok');
  assert.equal(segmentOutcome(137, { aborted: false }), 'crashed');
  assert.equal(segmentOutcome(103, { aborted: false }), 'external-abort');
  assert.equal(segmentOutcome(103, { aborted: false, timedOut: true }), 'timeout');
  assert.equal(segmentOutcome(103, { aborted: true }), 'external-abort');
});

const seg = (generator: string, extra: Partial<K6SegmentFacts> = {}): K6SegmentFacts => ({
  generator,
  host: `u@127.0.0.3${generator.slice(-1)}:2222`,
  segment: '0:1/2',
  vus: 5,
  exitCode: 0,
  outcome: 'ok',
  summary: { iterations: { count: 7 } },
  requests: 14,
  cpuSeconds: 1,
  wallSeconds: 10,
  cores: 2,
  clockOffsetMs: 3,
  k6Version: 'v2.2.0',
  samples: [],
  errors: [],
  ...extra,
});

const record = (segments: K6SegmentFacts[], startSkewMs = 4): ScenarioRecord => ({
  id: 'chat',
  entry: 'chat',
  round: 1,
  scenario: 'chat',
  engine: 'k6',
  startedAt: '',
  finishedAt: '',
  samples: [],
  artifacts: {},
  intended: {},
  errors: [],
  faults: [],
  aborted: false,
  k6: { exitCode: 0, signal: null, outcome: 'ok', version: 'v2.2.0', thresholds: [], summary: {}, segments, startSkewMs, setupRan: true },
});

test("each generator's CPU is judged against its own cores: one at the bar makes the load untrustworthy, naming the host", () => {
  const busy = record([seg('gen-1'), seg('gen-2', { cpuSeconds: 36, wallSeconds: 10, cores: 4 })]);
  const j = k6Judge.load(busy, {}, 10);
  assert.equal(j.untrustworthy, true);
  assert.deepEqual(j.reasons, ['generator gen-2 (u@127.0.0.32:2222): k6 used 90 % of its 4 cores: its timings are not trustworthy']);
  assert.equal(j.achieved['generatorCpu'], 0.9);
  const calm = k6Judge.load(record([seg('gen-1'), seg('gen-2')]), {}, 10);
  assert.equal(calm.untrustworthy, false);
  assert.equal(calm.achieved['generatorCpu'], 0.05);
});

test('a start skew or a clock offset over 100 ms is a warning; within it, none', () => {
  assert.deepEqual(segmentWarnings(record([seg('gen-1'), seg('gen-2')])), []);
  assert.deepEqual(segmentWarnings(record([seg('gen-1'), seg('gen-2', { clockOffsetMs: -140 })], 101)), [
    'chat: its 2 generators were resumed 101 ms apart (over 100 ms)',
    "chat: generator gen-2's clock is -140 ms off the orchestrator's (over 100 ms): its sample times were moved by that measured offset, so they are only as exact as the measurement",
  ]);
});

test('the per-generator table: segment, VUs, requests, CPU, clock offset, k6 version; only for a distributed record', () => {
  const r = record([seg('gen-1')]);
  assert.deepEqual(generatorRows(r), [
    {
      generator: 'gen-1',
      host: 'u@127.0.0.31:2222',
      segment: '0:1/2',
      vus: 5,
      requests: 14,
      iterations: 7,
      cpu: 0.05,
      cores: 2,
      clockOffsetMs: 3,
      k6Version: 'v2.2.0',
      exitCode: 0,
      outcome: 'ok',
    },
  ]);
  assert.deepEqual(Object.keys(k6Judge.details(r)), ['k6', 'generators']);
  assert.ok(r.k6);
  const { segments: _s, startSkewMs: _k, setupRan: _r, ...single } = r.k6;
  assert.deepEqual(Object.keys(k6Judge.details({ ...r, k6: single })), ['k6']);
});
