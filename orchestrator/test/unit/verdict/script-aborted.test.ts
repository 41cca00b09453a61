/**
 * A strict abortOnFail criterion that failed is the system failing: FAIL, that criterion named, even though k6
 * stopped early (load cut short, other criteria without data). k6 v2.2.0 exits 99 when such a threshold fires;
 * a 108 that no failing abortOnFail criterion explains (the script called exec.test.abort) is an ERROR.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import type { ScenarioRecord } from '../../../src/record.ts';
import type { K6Facts } from '../../../src/engines/k6/facts.ts';
import { chatPoints, criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../fixtures/runs/make-run.ts';

const P95 = { ...criterion('chat_turn_duration', 'p(95)<2000'), abortOnFail: true };
const NO_DATA = criterion('chat_failed', 'rate<0.01');

const P95_FAILED: K6Facts['thresholds'] = [{ selector: 'chat_turn_duration', expression: 'p(95)<2000', ok: false }];

function aborted(thresholds: K6Facts['thresholds']): K6Facts {
  return { exitCode: 108, signal: null, outcome: 'script-aborted', version: 'v2.2.0', thresholds, summary: {} };
}

function thresholdsFailed(thresholds: K6Facts['thresholds']): K6Facts {
  return { exitCode: 99, signal: null, outcome: 'thresholds-failed', version: 'v2.2.0', thresholds, summary: {} };
}

/** What k6 stopping early leaves: fewer VUs and iterations than planned. */
const CUT_SHORT = { vus: 9, iterations: 500 };

async function verdictFor(latency: number, over: Partial<ScenarioRecord>, crit = [P95]) {
  const dir = await tempRunDir();
  try {
    const rel = await writeSamples(
      dir,
      'k6/chat/samples.json.gz',
      chatPoints(100, () => latency),
    );
    return await buildVerdict({
      plan: plan([k6Scenario('chat', 'chat', crit)]),
      runId: 'r1',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:10.000Z',
      records: [record('chat', 'chat', [rel], over)],
      tools: TOOLS,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

for (const [name, k6] of [
  ['exit 99 (k6 v2.2.0)', thresholdsFailed(P95_FAILED)],
  ['exit 108', aborted(P95_FAILED)],
] as const) {
  test(`${name} after an abortOnFail criterion failed: FAIL (exit 1) naming it, load cut short and no-data criteria notwithstanding`, async () => {
    const v = await verdictFor(3000, { k6, intended: CUT_SHORT }, [P95, NO_DATA]);
    assert.equal(v.status, 'FAIL', v.reasons.join('\n'));
    assert.equal(v.exitCode, 1);
    assert.deepEqual(v.reasons, ['chat: chat_turn_duration p(95)<2000 observed 3000 ms']);
    assert.deepEqual(v.scenarios[0]?.errors, []);
  });
}

test('a failing criterion without abortOnFail explains no early stop: the load cut short is INVALID, a 108 an ERROR', async () => {
  const plain = criterion('chat_turn_duration', 'p(95)<2000');
  const cut = await verdictFor(3000, { k6: thresholdsFailed(P95_FAILED), intended: CUT_SHORT }, [plain]);
  assert.equal(cut.status, 'INVALID', cut.reasons.join('\n'));
  const abort = await verdictFor(3000, { k6: aborted(P95_FAILED) }, [plain]);
  assert.equal(abort.status, 'ERROR', abort.reasons.join('\n'));
  assert.match(abort.reasons[0] ?? '', /test\.abort, exit 108/);
});

test('an abortOnFail criterion failing with another error (broken samples, tools disagree) stays ERROR', async () => {
  const v = await verdictFor(3000, { k6: aborted(P95_FAILED), errors: ['k6 stderr: boom'] });
  assert.equal(v.status, 'ERROR');
  assert.match(v.reasons.join('\n'), /boom/);
  const disagree = await verdictFor(3000, { k6: aborted([{ selector: 'chat_turn_duration', expression: 'p(95)<2000', ok: true }]) });
  assert.equal(disagree.status, 'ERROR');
  assert.match(disagree.reasons.join('\n'), /tools disagree/);
});

test('108 with no failing criterion (exec.test.abort): ERROR (exit 5) saying so', async () => {
  const v = await verdictFor(100, { k6: aborted([]) });
  assert.equal(v.status, 'ERROR');
  assert.equal(v.exitCode, 5);
  assert.equal(v.reasons[0], 'chat: k6 aborted the script (test.abort, exit 108) without a failing abortOnFail threshold');
});
