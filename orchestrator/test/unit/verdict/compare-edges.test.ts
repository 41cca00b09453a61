/**
 * The baseline comparison at its edges: a change of exactly --min-effect counts, a hair less does not; a
 * p-value just under alpha is significant, one equal to it is not; 20 samples are enough, 19 are not; and a
 * significant regression makes an otherwise passing run FAIL (never hiding an INVALID or ERROR).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import { compareVerdicts } from '../../../src/verdict/compare.ts';
import type { ScenarioRecord } from '../../../src/record.ts';
import type { Verdict } from '../../../src/verdict/types.ts';
import { chatPoints, criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../fixtures/runs/make-run.ts';

const P95 = criterion('chat_turn_duration', 'p(95)<2000');

async function runIn(
  t: TestContext,
  latency: (i: number) => number,
  n = 100,
  extra: { baseline?: Verdict; minEffect?: number; over?: Partial<ScenarioRecord> } = {},
): Promise<Verdict> {
  const dir = await tempRunDir();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const rel = await writeSamples(dir, 'k6/chat/samples.json.gz', chatPoints(n, latency));
  const v = await buildVerdict({
    plan: plan([k6Scenario('chat', 'chat', [P95])]),
    runId: dir.split('/').pop() ?? 'r',
    runDir: dir,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:10.000Z',
    records: [record('chat', 'chat', [rel], extra.over ?? {})],
    tools: TOOLS,
    baseline: extra.baseline,
    ...(extra.minEffect !== undefined ? { minEffect: extra.minEffect } : {}),
  });
  return { ...v, location: dir };
}

const turn = (c: Awaited<ReturnType<typeof compareVerdicts>>) => c.deltas.find((d) => d.selector === 'chat_turn_duration');

test('--min-effect: a change of exactly minEffect is tested, one just above the change is not', async (t) => {
  const base = await runIn(t, (i) => 100 + (i % 50));
  const slow = await runIn(t, (i) => 130 + (i % 50));
  const change = turn(await compareVerdicts(base, slow))?.change ?? 0;
  assert.ok(change > 0.15 && change < 0.3, String(change));
  assert.equal(turn(await compareVerdicts(base, slow, { minEffect: change }))?.outcome, 'regression');
  const under = turn(await compareVerdicts(base, slow, { minEffect: change * (1 + 1e-9) }));
  assert.deepEqual([under?.outcome, under?.pValue], ['unchanged', null]);
  // The same edge for a faster run: an improvement, never a regression.
  const back = await compareVerdicts(slow, base, { minEffect: -(turn(await compareVerdicts(slow, base))?.change ?? 0) });
  assert.equal(turn(back)?.outcome, 'improvement');
  assert.equal(back.regressions, 0);
});

test('significance: p just under alpha is a regression, p equal to alpha is not (a note with p)', async (t) => {
  // A small shift of heavily overlapping samples: a p-value well away from 0, so alpha can sit right on it.
  const base = await runIn(t, (i) => 100 + (i % 50));
  const slow = await runIn(t, (i) => 106 + (i % 50));
  const opts = { minEffect: 0.01 };
  const p = turn(await compareVerdicts(base, slow, opts))?.pValue ?? Number.NaN;
  assert.ok(p > 0.001 && p < 1, String(p));
  assert.equal(turn(await compareVerdicts(base, slow, { ...opts, alpha: p * (1 + 1e-9) }))?.outcome, 'regression');
  const equal = turn(await compareVerdicts(base, slow, { ...opts, alpha: p }));
  assert.equal(equal?.outcome, 'unchanged');
  assert.equal(equal?.note, `not significant (p=${p.toPrecision(2)})`);
});

test('samples: 20 on each side are enough, 19 are inconclusive whatever the effect', async (t) => {
  const enough = await compareVerdicts(await runIn(t, (i) => 100 + i, 20), await runIn(t, (i) => 500 + i, 20));
  assert.equal(turn(enough)?.outcome, 'regression');
  const few = await compareVerdicts(await runIn(t, (i) => 100 + i, 19), await runIn(t, (i) => 500 + i, 20));
  assert.deepEqual([turn(few)?.outcome, turn(few)?.note], ['inconclusive', 'fewer than 20 samples']);
});

test('a significant regression fails an otherwise passing run, with the delta in the reasons; it never hides INVALID', async (t) => {
  const base = await runIn(t, (i) => 100 + (i % 50));
  const slow = await runIn(t, (i) => 150 + (i % 50), 100, { baseline: base });
  assert.equal(slow.scenarios[0]?.status, 'passed');
  // chat_turn_duration and http_req_duration both slowed by the same amount.
  assert.deepEqual([slow.status, slow.exitCode, slow.baseline?.regressions], ['FAIL', 1, 2]);
  assert.match(slow.reasons.join('\n'), /^chat: chat_turn_duration p95 regressed \d+\.\d % against \S+ \(p<0\.001\)$/m);
  // --min-effect reaches the run's comparison: a 60 % floor lets the same slowdown pass.
  const lenient = await runIn(t, (i) => 150 + (i % 50), 100, { baseline: base, minEffect: 0.6 });
  assert.deepEqual([lenient.status, lenient.baseline?.minEffect], ['PASS', 0.6]);
  const invalid = await runIn(t, (i) => 150 + (i % 50), 100, { baseline: base, over: { intended: { vus: 9 } } });
  assert.equal(invalid.status, 'INVALID');
});
