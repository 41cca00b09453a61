/**
 * junit.xml per criterion state: a held criterion is a bare testcase, a failed strict one a <failure>, no data
 * an <error> (never a passing testcase), a missed advisory one <skipped>; the suite's counts say the same, and
 * the verdict suite agrees with the exit code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import { junitReport } from '../../../src/report/junit.ts';
import type { CriterionPlan } from '../../../src/plan/types.ts';
import { chatPoints, criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../fixtures/runs/make-run.ts';

async function junitFor(criteria: CriterionPlan[]): Promise<string> {
  const dir = await tempRunDir();
  try {
    const rel = await writeSamples(
      dir,
      'k6/chat/samples.json.gz',
      chatPoints(100, (i) => 100 + i),
    );
    const v = await buildVerdict({
      plan: plan([k6Scenario('chat', 'chat', criteria)]),
      runId: 'r1',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:10.000Z',
      records: [record('chat', 'chat', [rel])],
      tools: TOOLS,
    });
    return junitReport(v);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The body of the testcase named `name` ('' for a bare passing one). */
function caseBody(xml: string, name: string): string | undefined {
  const esc = name.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c);
  const at = xml.indexOf(`name="${esc}"`);
  if (at < 0) return undefined;
  const open = xml.indexOf('>', at) + 1;
  return xml.slice(open, xml.indexOf('</testcase>', open));
}

test('each criterion state has its own junit element', async () => {
  const xml = await junitFor([
    criterion('chat_turn_duration', 'p(95)<2000'),
    criterion('chat_turn_duration', 'max<150'),
    criterion('fir_step_duration{step:summary}', 'p(95)<5000'),
    criterion('chat_turn_duration', 'avg<10', false),
  ]);
  assert.equal(caseBody(xml, 'chat_turn_duration p(95)<2000'), '');
  assert.match(
    caseBody(xml, 'chat_turn_duration max<150') ?? '',
    /^<failure type="threshold" message="chat_turn_duration max&lt;150 observed 199 ms">/,
  );
  assert.match(caseBody(xml, 'fir_step_duration{step:summary} p(95)<5000') ?? '', /^<error type="no-data" message="[^"]*no data">/);
  assert.match(
    caseBody(xml, 'chat_turn_duration avg<10') ?? '',
    /^<skipped message="advisory: chat_turn_duration avg&lt;10 observed 149\.5 ms"\/>$/,
  );
  // A criterion failed with data, so the scenario is FAILED beside the no-data one (no extra INVALID testcase),
  // and the counts add up.
  assert.equal(caseBody(xml, 'scenario delivered its load'), undefined);
  assert.match(xml, /<testsuite name="chat" tests="4" failures="1" errors="1" skipped="1"/);
  assert.match(xml, /<testsuite name="verdict" tests="1" failures="1" errors="0" skipped="0">/);
  assert.match(xml, /<failure type="verdict" message="FAIL \(exit 1\)/);
});

test('a strict criterion without data is never a passing testcase, even when everything else passed', async () => {
  const xml = await junitFor([criterion('chat_turn_duration', 'p(95)<2000'), criterion('http_reqs{status:503}', 'count>0')]);
  assert.notEqual(caseBody(xml, 'http_reqs{status:503} count>0'), '');
  assert.match(caseBody(xml, 'http_reqs{status:503} count>0') ?? '', /^<error type="no-data"/);
  // Nothing failed, so the no-data criterion makes the scenario INVALID: one more <error> testcase.
  assert.match(caseBody(xml, 'scenario delivered its load') ?? '', /^<error type="invalid"/);
  assert.match(xml, /<error type="verdict" message="INVALID \(exit 4\)/);
});

test('a run that failed is a <failure> in the verdict suite; a passing one has neither', async () => {
  const failed = await junitFor([criterion('chat_turn_duration', 'max<150')]);
  assert.match(failed, /<testsuite name="verdict" tests="1" failures="1" errors="0" skipped="0">/);
  assert.match(failed, /<failure type="verdict" message="FAIL \(exit 1\): chat: chat_turn_duration max&lt;150 observed 199 ms"\/>/);
  const passed = await junitFor([criterion('chat_turn_duration', 'p(95)<2000')]);
  assert.doesNotMatch(passed, /<failure|<error|<skipped/);
  assert.match(passed, /<testsuite name="chat" tests="1" failures="0" errors="0" skipped="0"/);
});
