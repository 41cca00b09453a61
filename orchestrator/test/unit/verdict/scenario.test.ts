/**
 * One scenario's verdict: what each criterion carries (its description only when written, a parse error as a
 * disagreement, no interval without a value), the engine's details and disagreements beside the record's, and
 * which abortOnFail criterion may explain a run k6 cut short.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { scenarioVerdict } from '../../../src/verdict/scenario.ts';
import type { CriterionPlan } from '../../../src/plan/types.ts';
import type { ScenarioRecord } from '../../../src/record.ts';
import { chatPoints, criterion, k6Scenario, record, tempRunDir, writeSamples } from '../../fixtures/runs/make-run.ts';

async function verdictOf(criteria: CriterionPlan[], over: Partial<ScenarioRecord> = {}, latency = 100, samples = true) {
  const dir = await tempRunDir();
  try {
    const rel = await writeSamples(
      dir,
      'k6/chat/samples.json.gz',
      chatPoints(100, () => latency),
    );
    return await scenarioVerdict(record('chat', 'chat', samples ? [rel] : [], over), k6Scenario('chat', 'chat', criteria), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const P95 = criterion('chat_turn_duration', 'p(95)<2000');

test('a criterion carries its description only when one was written', async () => {
  const s = await verdictOf([{ ...P95, description: 'turns stay quick' }, P95]);
  assert.equal(s.criteria[0]?.description, 'turns stay quick');
  assert.equal(Object.hasOwn(s.criteria[1] ?? {}, 'description'), false);
  assert.deepEqual(
    [s.criteria[1]?.threshold, s.criteria[1]?.observed, s.criteria[1]?.ok, s.criteria[1]?.samples, s.criteria[1]?.source],
    [2000, 100, true, 100, 'k6'],
  );
});

test('an expression that does not parse is carried as a disagreement, no value and no verdict: the scenario is INVALID', async () => {
  const s = await verdictOf([P95, { ...P95, expression: 'p95 below 2000' }]);
  const bad = s.criteria[1];
  assert.ok(bad);
  assert.deepEqual([Number.isNaN(bad.threshold), bad.observed, bad.ok, bad.samples], [true, null, null, 100]);
  assert.match(bad.disagreement ?? '', /^'p95 below 2000' is not a k6 threshold expression/);
  assert.equal(s.status, 'invalid');
  assert.deepEqual(s.reasons, ['chat: chat_turn_duration p95 below 2000: no data (0 samples)']);
});

test('a confidence interval only where there is a value to bound', async () => {
  const ci = { ...criterion('chat_turn_duration', 'p(95)<2000'), confidence: 0.95 };
  const none = { ...criterion('fir_step_duration{step:summary}', 'p(95)<2000', false), confidence: 0.95 };
  const s = await verdictOf([ci, none]);
  assert.equal(s.criteria[0]?.confidence?.level, 0.95);
  assert.equal(s.criteria[1]?.confidence, undefined);
  assert.equal(s.criteria[1]?.ok, null);
});

test('an absent counter counts 0 only when the scenario wrote samples at all', async () => {
  const dropped = criterion('dropped_iterations', 'count<1');
  const ran = await verdictOf([P95, dropped]);
  assert.deepEqual([ran.criteria[1]?.observed, ran.criteria[1]?.ok], [0, true]);
  const none = await verdictOf([dropped], {}, 100, false);
  assert.deepEqual([none.criteria[0]?.observed, none.criteria[0]?.ok, none.status], [null, null, 'invalid']);
});

test("the engine's details beside the record's, its disagreements among the errors", async () => {
  const s = await verdictOf([P95], {
    details: { note: 'kept', k6: 'overwritten' },
    k6: { exitCode: 0, signal: null, outcome: 'ok', version: 'v9', thresholds: [], summary: { chat_turn_duration: { max: 1 } } },
  });
  assert.deepEqual(s.details, { note: 'kept', k6: { exitCode: 0, outcome: 'ok', version: 'v9' } });
  assert.deepEqual(s.errors, ['tools disagree: chat_turn_duration max: k6 summary 1, loadgate recomputed 100']);
  assert.equal(s.status, 'error');
  const plain = await verdictOf([P95], { details: undefined, k6: undefined, engine: 'k6' });
  assert.deepEqual(plain.details, {});
});

test('unreadable samples are not cross-checked against k6: the read error alone', async () => {
  const dir = await tempRunDir();
  try {
    const s = await scenarioVerdict(
      record('chat', 'chat', ['k6/chat/gone.json.gz'], {
        k6: { exitCode: 0, signal: null, outcome: 'ok', version: 'v', thresholds: [], summary: { chat_turn_duration: { max: 1 } } },
      }),
      k6Scenario('chat', 'chat', [P95]),
      dir,
    );
    assert.equal(s.errors.length, 1);
    assert.match(s.errors[0] ?? '', /gone\.json\.gz/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('only a strict abortOnFail criterion that failed explains a run cut short; an advisory one does not', async () => {
  const cut = { intended: { vus: 9 } };
  const strict = await verdictOf([{ ...P95, abortOnFail: true }], cut, 2900);
  assert.deepEqual([strict.status, strict.reasons], ['failed', ['chat: chat_turn_duration p(95)<2000 observed 2900 ms']]);
  const advisory = await verdictOf([{ ...criterion('chat_turn_duration', 'p(95)<2000', false), abortOnFail: true }], cut, 2900);
  assert.deepEqual([advisory.status, advisory.reasons], ['invalid', ['chat: load not delivered: reached 2 of 9 planned VUs']]);
  const held = await verdictOf([{ ...P95, abortOnFail: true }], cut, 100);
  assert.equal(held.status, 'invalid');
  // Failed with no data (the flow never got there) is no stopper either.
  const noData = await verdictOf([P95, { ...criterion('fir_step_duration{step:summary}', 'p(95)<1'), abortOnFail: true }], cut, 100);
  assert.deepEqual(noData.reasons, [
    'chat: load not delivered: reached 2 of 9 planned VUs',
    'chat: fir_step_duration{step:summary} p(95)<1: no data (0 samples)',
  ]);
});

test('INVALID lists the load first, then the criteria without data, then those that failed', async () => {
  const s = await verdictOf([P95, criterion('fir_step_duration{step:summary}', 'p(95)<1')], { intended: { vus: 9 } }, 2900);
  assert.deepEqual(s.reasons, [
    'chat: load not delivered: reached 2 of 9 planned VUs',
    'chat: fir_step_duration{step:summary} p(95)<1: no data (0 samples)',
    'chat: chat_turn_duration p(95)<2000 observed 2900 ms',
  ]);
});

test("the scenario's own fields from its record; a per-second series only from samples that were read", async () => {
  const s = await verdictOf([P95], { faults: ['10:00:03 vm down'], artifacts: { summary: 'k6/chat/summary.json' } });
  assert.deepEqual(
    [s.name, s.scenario, s.engine, s.startedAt, s.finishedAt, s.faults, s.artifacts, s.samples],
    [
      'chat',
      'chat',
      'k6',
      '2026-11-23T10:00:00.000Z',
      '2026-11-23T10:00:10.000Z',
      ['10:00:03 vm down'],
      { summary: 'k6/chat/summary.json' },
      ['k6/chat/samples.json.gz'],
    ],
  );
  assert.deepEqual(
    s.series?.requests?.map((p) => p.count),
    Array.from({ length: 10 }, () => 10),
  );
  assert.equal(s.series?.latencyMetric, 'http_req_duration');
  assert.equal(s.load?.valid, true);
  assert.equal(s.metrics['chat_turn_duration']?.count, 100);
  const dir = await tempRunDir();
  try {
    const gone = await scenarioVerdict(record('chat', 'chat', ['k6/chat/gone.json.gz']), k6Scenario('chat', 'chat', [P95]), dir);
    assert.equal(gone.series, undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
