import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict, decideRun } from '../../../src/verdict/build.ts';
import { applyGate } from '../../../src/verdict/gate.ts';
import { SCHEMA_VERSION } from '../../../src/verdict/types.ts';
import type { ScenarioRecord } from '../../../src/record.ts';
import {
  chatPoints,
  criterion,
  k6Scenario,
  plan,
  record,
  tempRunDir,
  TOOLS,
  writeSamples,
  type Point,
} from '../../fixtures/runs/make-run.ts';

const P95 = criterion('chat_turn_duration', 'p(95)<2000');

async function verdictFor(
  latency: (i: number) => number,
  over: Partial<ScenarioRecord> = {},
  crit = [P95],
  aborted?: 'SIGINT' | 'SIGTERM',
  extra: Point[] = [],
) {
  const dir = await tempRunDir();
  try {
    const rel = await writeSamples(dir, 'k6/chat/samples.json.gz', [...chatPoints(100, latency), ...extra]);
    return await buildVerdict({
      plan: plan([k6Scenario('chat', 'chat', crit)]),
      runId: 'r1',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:10.000Z',
      records: [record('chat', 'chat', [rel], over)],
      tools: TOOLS,
      aborted,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('PASS: every strict criterion held, load delivered → exit 0', async () => {
  const v = await verdictFor((i) => 100 + i);
  assert.equal(v.status, 'PASS');
  assert.equal(v.exitCode, 0);
  const c = v.scenarios[0]?.criteria[0];
  assert.equal(c?.ok, true);
  assert.equal(c?.samples, 100);
  assert.equal(c?.scenario, 'chat');
  assert.equal(c?.engine, 'k6');
  assert.equal(c?.origin, 'thresholds/test.yaml:1');
});

test('FAIL: a strict criterion failed → exit 1, named in the reasons', async () => {
  const v = await verdictFor((i) => 2900 + i);
  assert.equal(v.status, 'FAIL');
  assert.equal(v.exitCode, 1);
  assert.match(v.reasons[0] ?? '', /^chat: chat_turn_duration p\(95\)<2000 observed 2994\.\d+ ms$/);
});

test('an advisory criterion that fails is a warning, never a failure', async () => {
  const v = await verdictFor((i) => 2900 + i, {}, [criterion('chat_turn_duration', 'p(95)<2000', false)]);
  assert.equal(v.status, 'PASS');
  assert.match(v.warnings[0] ?? '', /advisory chat_turn_duration p\(95\)<2000/);
});

test('INVALID: a criterion with no samples is no data, never PASS (exit 4)', async () => {
  const v = await verdictFor((i) => 100 + i, {}, [P95, criterion('fir_step_duration{step:summary}', 'p(95)<5000')]);
  assert.equal(v.status, 'INVALID');
  assert.equal(v.exitCode, 4);
  assert.match(v.reasons.join('\n'), /fir_step_duration\{step:summary\} p\(95\)<5000: no data/);
  // and k6 saying "ok" for it (its zero-samples trap) does not turn it into a pass or an ERROR
  const trap = await verdictFor(
    (i) => 100 + i,
    {
      k6: {
        exitCode: 0,
        signal: null,
        outcome: 'ok',
        version: 'v2.2.0',
        thresholds: [{ selector: 'checks', expression: 'rate>0.9', ok: true }],
        summary: {},
      },
    },
    [P95, criterion('checks', 'rate>0.9')],
  );
  assert.equal(trap.status, 'INVALID');
});

test('a counter k6 emits only when it happens (dropped_iterations) counts 0 when absent; others stay no data', async () => {
  const v = await verdictFor((i) => 100 + i, {}, [P95, criterion('dropped_iterations', 'count<1')]);
  assert.equal(v.status, 'PASS', v.reasons.join('; '));
  const dropped = v.scenarios[0]?.criteria[1];
  assert.deepEqual([dropped?.observed, dropped?.ok, dropped?.samples], [0, true, 0]);
  const crossed = await verdictFor((i) => 100 + i, {}, [P95, criterion('dropped_iterations', 'count>0')]);
  assert.equal(crossed.status, 'FAIL');
  // http_reqs is not such a counter: with no samples on a filter it stays "no data".
  const none = await verdictFor((i) => 100 + i, {}, [P95, criterion('http_reqs{status:503}', 'count<1')]);
  assert.equal(none.status, 'INVALID');
});

test('INVALID: load not delivered (VUs, iterations, dropped iterations), with the reason', async () => {
  const vus = await verdictFor((i) => 100 + i, { intended: { vus: 5 } });
  assert.equal(vus.status, 'INVALID');
  assert.match(vus.reasons.join('\n'), /reached 2 of 5 planned VUs/);
  const its = await verdictFor((i) => 100 + i, { intended: { iterations: 150 } });
  assert.match(its.reasons.join('\n'), /completed 100 of 150 planned iterations/);
  // An arrival-rate run (10/s for 10 s, 100 iterations) that dropped 3 of them.
  const rate = { intended: { vus: 2, rate: 10, iterations: 100, durationSeconds: 10 } };
  const dropped = await verdictFor((i) => 100 + i, rate, [P95], undefined, [{ metric: 'dropped_iterations', value: 3, t: 5 }]);
  assert.equal(dropped.status, 'INVALID');
  assert.equal(dropped.reasons[0], 'chat: load not delivered: 3 iterations dropped (no free VU to start them at the planned arrival rate)');
  assert.equal(dropped.scenarios[0]?.load?.achieved['droppedIterations'], 3);
  assert.equal((await verdictFor((i) => 100 + i, rate)).status, 'PASS');
  const ok = await verdictFor((i) => 100 + i, { intended: { vus: 2, iterations: 100 } });
  assert.equal(ok.status, 'PASS');
  const cpu = await verdictFor((i) => 100 + i, {
    k6: { exitCode: 0, signal: null, outcome: 'ok', version: 'v', thresholds: [], summary: {}, cpuSeconds: 1000, wallSeconds: 10 },
  });
  assert.match(cpu.reasons.join('\n'), /load generator \(k6\) used/);
});

test('ERROR: k6 crashed → exit 5 naming the scenario; thresholds-failed alone is just data', async () => {
  const v = await verdictFor((i) => 100 + i, {
    k6: { exitCode: 2, signal: null, outcome: 'crashed', version: 'v', thresholds: [], summary: {} },
  });
  assert.equal(v.status, 'ERROR');
  assert.equal(v.exitCode, 5);
  assert.match(v.reasons[0] ?? '', /^chat: k6 crashed \(exit 2\)/);
  const data = await verdictFor((i) => 2900 + i, {
    k6: {
      exitCode: 99,
      signal: null,
      outcome: 'thresholds-failed',
      version: 'v',
      thresholds: [{ selector: 'chat_turn_duration', expression: 'p(95)<2000', ok: false }],
      summary: {},
    },
  });
  assert.equal(data.status, 'FAIL');
});

test('ERROR: tools disagree (k6 threshold verdict, k6 summary value) → both values carried', async () => {
  const thr = await verdictFor((i) => 100 + i, {
    k6: {
      exitCode: 99,
      signal: null,
      outcome: 'thresholds-failed',
      version: 'v',
      thresholds: [{ selector: 'chat_turn_duration', expression: 'p(95) < 2000', ok: false }],
      summary: {},
    },
  });
  assert.equal(thr.status, 'ERROR');
  assert.match(thr.reasons.join('\n'), /k6 says failed, loadgate recomputed 194\.05/);
  assert.equal(thr.scenarios[0]?.criteria[0]?.engineOk, false);
  const sum = await verdictFor((i) => 100 + i, {
    k6: { exitCode: 0, signal: null, outcome: 'ok', version: 'v', thresholds: [], summary: { chat_turn_duration: { 'p(95)': 190 } } },
  });
  assert.equal(sum.status, 'ERROR');
  assert.match(sum.reasons.join('\n'), /chat_turn_duration p\(95\): k6 summary 190, loadgate recomputed 194\.05/);
  const agree = await verdictFor((i) => 100 + i, {
    k6: {
      exitCode: 0,
      signal: null,
      outcome: 'ok',
      version: 'v',
      thresholds: [{ selector: 'chat_turn_duration', expression: 'p(95)<2000', ok: true }],
      summary: { chat_turn_duration: { 'p(95)': 194.05, count: 100, med: 149.5 } },
    },
  });
  assert.equal(agree.status, 'PASS', agree.reasons.join('\n'));
});

test('ABORTED: interrupted → 130 for SIGINT, 143 for SIGTERM, over any other status', async () => {
  const int = await verdictFor((i) => 2900 + i, {}, [P95], 'SIGINT');
  assert.equal(int.status, 'ABORTED');
  assert.equal(int.exitCode, 130);
  const term = await verdictFor((i) => 100 + i, { aborted: true }, [P95], 'SIGTERM');
  assert.equal(term.exitCode, 143);
  const notAborted = await verdictFor((i) => 100 + i);
  assert.notEqual(notAborted.status, 'ABORTED');
});

// Every pair of statuses across scenarios: precedence.test.ts. This is the order within one scenario.
test('precedence: ERROR beats INVALID; a criterion that failed with data is FAIL beside no-data criteria, listed first', async () => {
  const v = await verdictFor((i) => 2900 + i, { intended: { vus: 9 }, errors: ['k6 stderr: boom'] });
  assert.equal(v.status, 'ERROR');
  // Load not delivered (and no abortOnFail threshold that stopped it): what was measured is not what was asked.
  const w = await verdictFor((i) => 2900 + i, { intended: { vus: 9 } });
  assert.equal(w.status, 'INVALID');
  assert.match(w.reasons[0] ?? '', /load not delivered: reached 2 of 9 planned VUs/);
  assert.match(w.reasons.join('\n'), /chat_turn_duration p\(95\)<2000 observed/);
  const x = await verdictFor((i) => 2900 + i, {}, [P95, criterion('fir_step_duration{step:summary}', 'p(95)<5000')]);
  assert.equal(x.status, 'FAIL', 'another criterion without data does not hide the failure');
  assert.match(x.reasons[0] ?? '', /chat_turn_duration/);
  assert.match(x.reasons[1] ?? '', /fir_step_duration\{step:summary\} p\(95\)<5000: no data/);
  const y = await verdictFor((i) => 100 + i, { intended: { vus: 9 } });
  assert.equal(y.status, 'INVALID', 'nothing failed: the undelivered load stays INVALID');
});

test('unreadable samples are an ERROR naming the file', async () => {
  const dir = await tempRunDir();
  try {
    const v = await buildVerdict({
      plan: plan([k6Scenario('chat', 'chat', [P95])]),
      runId: 'r',
      runDir: dir,
      startedAt: 'x',
      finishedAt: 'y',
      records: [record('chat', 'chat', ['k6/chat/missing.json.gz'])],
      tools: TOOLS,
    });
    assert.equal(v.status, 'ERROR');
    assert.match(v.reasons[0] ?? '', /missing\.json\.gz/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("each record is judged by its own plan entry's criteria; a record of an entry the plan lacks, by its kind's", async () => {
  const dir = await tempRunDir();
  try {
    const rel = await writeSamples(
      dir,
      'k6/chat/samples.json.gz',
      chatPoints(100, (i) => 100 + i),
    );
    const entries = [k6Scenario('chat-a', 'chat', [P95]), k6Scenario('chat-b', 'chat', [criterion('chat_turn_duration', 'max<150')])];
    const v = await buildVerdict({
      plan: plan(entries),
      runId: 'r',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:10.000Z',
      records: [record('chat-b', 'chat', [rel]), record('chat-x', 'chat', [rel]), record('chat-y', 'redis', [rel])],
      tools: { node: '20', loadgate: '0' },
    });
    assert.deepEqual(
      v.scenarios.map((s) => s.criteria.map((c) => c.expression)),
      [['max<150'], ['p(95)<2000'], []],
    );
    // chat-a never ran: INVALID, beside chat-b's failure; a run without k6 records its version as null.
    assert.equal(v.status, 'INVALID');
    assert.deepEqual(v.reasons, ['chat-a: did not run']);
    assert.equal(v.tools.k6, null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a warning per advisory criterion that did not hold (failed or no data), none for the strict or held ones', async () => {
  const v = await verdictFor((i) => 100 + i, {}, [
    P95,
    criterion('chat_turn_duration', 'max<150', false),
    criterion('chat_turn_duration', 'max<5000', false),
    criterion('fir_step_duration{step:summary}', 'p(95)<5000', false),
  ]);
  assert.equal(v.status, 'PASS', v.reasons.join('; '));
  assert.deepEqual(v.warnings, [
    'chat: advisory chat_turn_duration max<150 observed 199 ms',
    'chat: advisory fir_step_duration{step:summary} p(95)<5000 no data',
  ]);
  const strict = await verdictFor((i) => 2900 + i);
  assert.deepEqual(strict.warnings, []);
});

test('a scenario that was interrupted makes the run ABORTED (SIGINT) without an interrupt passed in', async () => {
  const v = await verdictFor((i) => 100 + i, { aborted: true });
  assert.deepEqual([v.status, v.exitCode, v.aborted, v.reasons], ['ABORTED', 130, 'SIGINT', ['interrupted by SIGINT']]);
});

test('decideRun: no scenario at all is INVALID saying so; a recorded gate policy is judged again', async () => {
  const v = await verdictFor((i) => 2900 + i);
  const empty = { ...v, scenarios: [] };
  decideRun(empty, undefined);
  assert.deepEqual([empty.status, empty.exitCode, empty.reasons], ['INVALID', 4, ['no scenario ran']]);
  decideRun(empty, undefined, ['chat']);
  assert.deepEqual(empty.reasons, ['chat: did not run']);
  // FAIL under --fail-on error: the gate exits 0; interrupted afterwards, ABORTED is never waived.
  applyGate(v, ['error']);
  decideRun(v, undefined);
  assert.deepEqual([v.status, v.exitCode, v.gate?.exitCode, v.gate?.waived], ['FAIL', 1, 0, 'FAIL']);
  decideRun(v, 'SIGTERM');
  assert.deepEqual([v.status, v.exitCode, v.gate?.exitCode, v.gate?.waived], ['ABORTED', 143, 143, undefined]);
});

test("the verdict's own fields: schema, run id and times, profile, a copy of the inventory, the tools", async () => {
  const v = await verdictFor((i) => 100 + i);
  const { schemaVersion, runId, startedAt, finishedAt, profile, inventory, tools } = v;
  assert.deepEqual(
    { schemaVersion, runId, startedAt, finishedAt, profile, inventory, tools },
    {
      schemaVersion: SCHEMA_VERSION,
      runId: 'r1',
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:10.000Z',
      profile: 'test',
      inventory: { file: 'lab/inventory.yaml', name: 'lab', lab: true },
      tools: TOOLS,
    },
  );
  assert.equal(v.drift, undefined);
  assert.equal(v.baseline, undefined);
  assert.deepEqual(v.gate, { failOn: ['fail', 'invalid', 'error', 'inconclusive'], exitCode: 0 });
});
