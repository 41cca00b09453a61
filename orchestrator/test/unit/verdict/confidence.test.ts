/**
 * Percentile criteria decided with confidence, end to end through buildVerdict: a clear pass, a clear fail, an
 * interval across the limit, too few samples; INCONCLUSIVE's place in the run's precedence; junit and the
 * console line for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import { junitReport } from '../../../src/report/junit.ts';
import { consoleSummary } from '../../../src/report/console.ts';
import type { CriterionPlan } from '../../../src/plan/types.ts';
import { chatPoints, criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../fixtures/runs/make-run.ts';

const confident = (selector: string, expression: string, level: number | null = 0.95): CriterionPlan => ({
  ...criterion(selector, expression),
  confidence: level,
});
const P95 = confident('chat_turn_duration', 'p(95)<2000');

/** One chat scenario per entry: n turns of the given latencies, each with its own criteria. */
async function verdictOf(scenarios: Array<{ id: string; n: number; latency: (i: number) => number; criteria: CriterionPlan[] }>) {
  const dir = await tempRunDir();
  try {
    const records = [];
    for (const s of scenarios)
      records.push(record(s.id, 'chat', [await writeSamples(dir, `k6/${s.id}/samples.json.gz`, chatPoints(s.n, s.latency))]));
    return await buildVerdict({
      plan: plan(scenarios.map((s) => k6Scenario(s.id, 'chat', s.criteria))),
      runId: 'r1',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:10.000Z',
      records,
      tools: TOOLS,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('PASS with confidence: the upper bound is below the limit', async () => {
  // 100 samples 1000..1099: upper rank 99 → 1098 < 2000; lower rank 91 (P(Bin(100, .95) ≥ 91) = 0.972, ≥ 92: 0.937) → 1090.
  const v = await verdictOf([{ id: 'chat', n: 100, latency: (i) => 1000 + i, criteria: [P95] }]);
  assert.equal(v.status, 'PASS');
  assert.deepEqual(v.scenarios[0]?.criteria[0]?.confidence, {
    level: 0.95,
    low: 1090,
    high: 1098,
    n: 100,
    decision: 'pass',
    minSamples: 59,
  });
});

test('FAIL with confidence: the lower bound is at or above the limit', async () => {
  const v = await verdictOf([{ id: 'chat', n: 100, latency: (i) => 2000 + i, criteria: [P95] }]);
  assert.equal(v.status, 'FAIL');
  assert.equal(v.exitCode, 1);
  assert.match(v.reasons[0] ?? '', /p\(95\)<2000 observed 2094\.1 ms \[2090, 2098\] ms at 0\.95, n = 100$/);
});

test('INCONCLUSIVE (exit 6): the point value passes but the interval crosses the limit', async () => {
  // Steps of 20.21: p95 interpolates to 1921.0, but the upper bound x(99) = 2000.79 is not below 2000.
  const v = await verdictOf([
    { id: 'chat', n: 100, latency: (i) => (i + 1) * 20.21, criteria: [confident('chat_turn_duration', 'p(95)<2000')] },
  ]);
  const c = v.scenarios[0]?.criteria[0];
  assert.equal(c?.ok, true, 'the point comparison (k6’s) passes');
  assert.equal(c?.confidence?.decision, 'inconclusive');
  assert.equal(v.status, 'INCONCLUSIVE');
  assert.equal(v.exitCode, 6);
  assert.match(
    v.reasons[0] ?? '',
    /^chat: inconclusive: chat_turn_duration p\(95\)<2000 observed 1921\.0 ms \[1839\.1, 2000\.8\] ms at 0\.95, n = 100$/,
  );
});

test('INCONCLUSIVE: ten samples cannot show a p95 below a limit, and the reason says how many it would take', async () => {
  const v = await verdictOf([{ id: 'chat', n: 10, latency: (i) => 100 + i, criteria: [P95] }]);
  assert.equal(v.status, 'INCONCLUSIVE');
  assert.match(v.reasons[0] ?? '', /\[107, —\] ms at 0\.95, n = 10 \(a decision needs n ≥ 59\)$/);
  const junit = junitReport(v);
  assert.match(junit, /<error type="inconclusive" message="chat_turn_duration p\(95\)&lt;2000 observed/);
  assert.match(junit, /errors="1"/);
  assert.match(consoleSummary(v).at(-1) ?? '', /^verdict: INCONCLUSIVE \(exit 6\) — chat: inconclusive:/);
});

test('confidence none: the point comparison decides, as k6 would', async () => {
  const v = await verdictOf([
    { id: 'chat', n: 10, latency: (i) => 100 + i, criteria: [confident('chat_turn_duration', 'p(95)<2000', null)] },
  ]);
  assert.equal(v.status, 'PASS');
  assert.equal(v.scenarios[0]?.criteria[0]?.confidence, undefined);
});

test('an advisory criterion left inconclusive is a warning, never the run’s status', async () => {
  const advisory = { ...P95, strict: false };
  const v = await verdictOf([{ id: 'chat', n: 10, latency: (i) => 100 + i, criteria: [advisory] }]);
  assert.equal(v.status, 'PASS');
  assert.match(junitReport(v), /<skipped message="advisory: chat_turn_duration/);
});

test('precedence: FAIL beats INCONCLUSIVE, INVALID beats both, INCONCLUSIVE beats PASS', async () => {
  const pass = { id: 'a', n: 100, latency: (i: number) => 1000 + i, criteria: [P95] };
  const undecided = { id: 'b', n: 10, latency: (i: number) => 100 + i, criteria: [P95] };
  const failed = { id: 'c', n: 100, latency: (i: number) => 2500 + i, criteria: [P95] };
  const noData = {
    id: 'd',
    n: 100,
    latency: (i: number) => 100 + i,
    criteria: [confident('fir_step_duration{step:summary}', 'p(95)<5000')],
  };
  assert.equal((await verdictOf([pass, undecided])).status, 'INCONCLUSIVE');
  assert.equal((await verdictOf([undecided, failed])).status, 'FAIL');
  assert.equal((await verdictOf([failed, undecided, noData])).status, 'INVALID');
});
