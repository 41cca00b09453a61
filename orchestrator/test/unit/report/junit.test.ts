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
import type { ExitCode } from '../../../src/exit-codes.ts';
import { esc } from '../../../src/report/format.ts';
import type { FailureEntry } from '../../../src/verdict/failures.ts';
import { applyGate, waiverWarning } from '../../../src/verdict/gate.ts';
import {
  SCHEMA_VERSION,
  type CriterionVerdict,
  type ScenarioVerdict,
  type Verdict,
  type VerdictStatus,
} from '../../../src/verdict/types.ts';

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

// Hand-built verdicts: every criterion state × strict/advisory, every scenario and run status, the waiver.
type Crit = CriterionVerdict;
const FAILURE_AT: FailureEntry = {
  step: 'chat',
  request: 'chat',
  status: 503,
  statusText: '503',
  count: 2,
  tries: 2,
  first: '2026-11-23T10:00:01Z',
  last: '2026-11-23T10:00:02Z',
  reason: 'chat: HTTP 503',
  answer: 'boom',
};
const crit = (name: string, over: Partial<Crit>): Crit => ({
  scenario: 's',
  engine: 'k6',
  metric: name,
  tags: {},
  selector: name,
  expression: 'count<10',
  strict: true,
  source: 'k6',
  origin: 't:1',
  threshold: 10,
  observed: 1,
  ok: true,
  samples: 5,
  ...over,
});
const interval = (decision: 'pass' | 'fail' | 'inconclusive') => ({ level: 0.95, low: 1, high: 20, n: 5, decision });

function scenarioOf(over: Partial<ScenarioVerdict>): ScenarioVerdict {
  return {
    name: 's',
    scenario: 'chat',
    engine: 'k6',
    status: 'passed',
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:10.500Z',
    metrics: {},
    criteria: [],
    errors: [],
    faults: [],
    artifacts: {},
    samples: [],
    reasons: [],
    ...over,
  };
}

function verdictOf(status: VerdictStatus, exitCode: ExitCode, scenarios: ScenarioVerdict[], reasons: string[] = []): Verdict {
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: 'r9',
    status,
    exitCode,
    reasons,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:11.000Z',
    profile: 'smoke',
    inventory: { file: 'lab/inventory.yaml', name: 'lab', lab: true },
    tools: { k6: 'v2.2.0', node: '20', loadgate: '0' },
    scenarios,
    warnings: [],
  };
}

/** The `<testsuite …>` opening line of suite `name`. */
const suiteLine = (xml: string, name: string): string | undefined =>
  xml.split('\n').find((l) => l.startsWith(`  <testsuite name="${name}" `));

test('every criterion state, strict and advisory, and the suite counts', () => {
  const criteria = [
    crit('pass_strict', {}),
    crit('pass_advisory', { strict: false }),
    crit('fail_strict', { ok: false, observed: 12 }),
    crit('fail_advisory', { ok: false, observed: 12, strict: false }),
    crit('nodata_strict', { ok: null, observed: null, samples: 0 }),
    crit('nodata_advisory', { ok: null, observed: null, samples: 0, strict: false }),
    crit('inconclusive_strict', { ok: true, confidence: interval('inconclusive') }),
    crit('inconclusive_advisory', { ok: true, strict: false, confidence: interval('inconclusive') }),
    crit('ci_fail_strict', { ok: true, confidence: interval('fail') }),
    crit('ci_pass_strict', { ok: false, confidence: interval('pass') }),
    crit('disagreed', { disagreement: 'k6 says failed' }),
  ];
  const failures = [{ ...FAILURE_AT, step: 'turn', request: 'turn' }, FAILURE_AT];
  const xml = junitReport(verdictOf('FAIL', 1, [scenarioOf({ status: 'failed', criteria, failures })]));
  assert.equal(caseBody(xml, 'pass_strict count<10'), '');
  assert.equal(caseBody(xml, 'pass_advisory count<10'), '');
  assert.equal(caseBody(xml, 'ci_pass_strict count<10'), '');
  const at = 'failed at turn → 503: 2 failed: boom';
  assert.equal(
    caseBody(xml, 'fail_strict count<10'),
    `<failure type="threshold" message="fail_strict count&lt;10 observed 12; ${at}">fail_strict count&lt;10 observed 12\n${at}\nfailed at chat → 503: 2 failed: boom</failure>`,
  );
  assert.match(
    caseBody(xml, 'ci_fail_strict count<10') ?? '',
    /^<failure type="threshold" message="ci_fail_strict count&lt;10 observed 1 \[1, 20\] at 0\.95, n = 5; /,
  );
  assert.equal(caseBody(xml, 'fail_advisory count<10'), '<skipped message="advisory: fail_advisory count&lt;10 observed 12"/>');
  assert.match(
    caseBody(xml, 'nodata_strict count<10') ?? '',
    /^<error type="no-data" message="nodata_strict count&lt;10 no data">nodata_strict /,
  );
  // No data is an <error> even for an advisory criterion: no evidence is never a pass nor a mere skip.
  assert.match(caseBody(xml, 'nodata_advisory count<10') ?? '', /^<error type="no-data" message="nodata_advisory count&lt;10 no data">/);
  assert.match(
    caseBody(xml, 'inconclusive_strict count<10') ?? '',
    /^<error type="inconclusive" message="inconclusive_strict count&lt;10 observed 1 \[1, 20\]/,
  );
  assert.match(
    caseBody(xml, 'inconclusive_advisory count<10') ?? '',
    /^<skipped message="advisory: inconclusive_advisory count&lt;10 observed 1 \[1, 20\]/,
  );
  assert.equal(caseBody(xml, 'disagreed count<10'), '<system-out>k6 says failed</system-out>');
  // failures: fail_strict, ci_fail_strict; errors: the two no-data, inconclusive_strict; skipped: fail_advisory,
  // inconclusive_advisory. A failed scenario has no extra testcase.
  assert.equal(
    suiteLine(xml, 's'),
    '  <testsuite name="s" tests="11" failures="2" errors="3" skipped="2" time="10.500" timestamp="2026-11-23T10:00:00.000Z">',
  );
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="loadgate r9" tests="12">\n/);
});

test('an erroring or invalid scenario is one more <error> testcase with its reasons; its time is never negative', () => {
  const reasons = ['s: k6 crashed', 's: <stderr>'];
  const error = junitReport(verdictOf('ERROR', 5, [scenarioOf({ status: 'error', reasons, criteria: [crit('a', {})] })]));
  assert.equal(caseBody(error, 'scenario ran'), '<error type="error" message="s: k6 crashed; s: &lt;stderr&gt;"/>');
  assert.equal(caseBody(error, 'scenario delivered its load'), undefined);
  assert.match(suiteLine(error, 's') ?? '', / tests="2" failures="0" errors="1" skipped="0" /);
  const invalid = junitReport(
    verdictOf('INVALID', 4, [
      scenarioOf({ status: 'invalid', reasons: ['s: load not delivered'], finishedAt: '2026-11-23T09:59:00.000Z' }),
    ]),
  );
  assert.equal(caseBody(invalid, 'scenario delivered its load'), '<error type="invalid" message="s: load not delivered"/>');
  assert.equal(caseBody(invalid, 'scenario ran'), undefined);
  assert.match(suiteLine(invalid, 's') ?? '', / tests="1" failures="0" errors="1" skipped="0" time="0.000" /);
  for (const status of ['passed', 'failed', 'aborted', 'inconclusive'] as const) {
    const xml = junitReport(verdictOf('PASS', 0, [scenarioOf({ status, reasons: ['x'], startedAt: 'not a time' })]));
    assert.match(suiteLine(xml, 's') ?? '', / tests="0" failures="0" errors="0" skipped="0" time="0.000" timestamp="not a time">/, status);
  }
});

test('the verdict suite for every run status, waived or not, with the faults in its system-out', () => {
  const verdictSuite = (v: Verdict): string => {
    const xml = junitReport(v);
    return xml.slice(xml.indexOf('  <testsuite name="verdict"'), xml.indexOf('</testsuites>'));
  };
  const head = (f: number, e: number, s: number): string =>
    `  <testsuite name="verdict" tests="1" failures="${f}" errors="${e}" skipped="${s}">\n    <testcase classname="loadgate" name="run r9: `;
  assert.equal(verdictSuite(verdictOf('PASS', 0, [])), `${head(0, 0, 0)}PASS"></testcase>\n  </testsuite>\n`);
  const faulty = scenarioOf({ faults: ['10:00:03 vm down'], errors: ['a <b>'] });
  assert.equal(
    verdictSuite(verdictOf('PASS', 0, [faulty])),
    `${head(0, 0, 0)}PASS">\n      <system-out>faults observed:\ns: 10:00:03 vm down\ns: a &lt;b&gt;</system-out>\n    </testcase>\n  </testsuite>\n`,
  );
  assert.equal(
    verdictSuite(verdictOf('FAIL', 1, [], ['s: x', 's: y'])),
    `${head(1, 0, 0)}FAIL">\n      <failure type="verdict" message="FAIL (exit 1): s: x; s: y"/>\n    </testcase>\n  </testsuite>\n`,
  );
  assert.equal(
    verdictSuite(verdictOf('FAIL', 1, [])),
    `${head(1, 0, 0)}FAIL">\n      <failure type="verdict" message="FAIL (exit 1)"/>\n    </testcase>\n  </testsuite>\n`,
  );
  for (const [status, code] of [
    ['INVALID', 4],
    ['ERROR', 5],
    ['INCONCLUSIVE', 6],
    ['ABORTED', 130],
  ] as const) {
    assert.equal(
      verdictSuite(verdictOf(status, code, [faulty], ['why'])),
      `${head(0, 1, 0)}${status}">\n      <error type="verdict" message="${status} (exit ${code}): why"/>\n      <system-out>faults observed:\ns: 10:00:03 vm down\ns: a &lt;b&gt;</system-out>\n    </testcase>\n  </testsuite>\n`,
      status,
    );
  }
  // A status the gate policy waives is skipped, not failed nor errored: the build passes and says why.
  for (const [status, code] of [
    ['FAIL', 1],
    ['INVALID', 4],
  ] as const) {
    const v = verdictOf(status, code, [], ['why']);
    applyGate(v, ['error']);
    assert.equal(
      verdictSuite(v),
      `${head(0, 0, 1)}${status}">\n      <skipped message="${esc(waiverWarning(v) ?? '')}: why"/>\n    </testcase>\n  </testsuite>\n`,
      status,
    );
  }
});
