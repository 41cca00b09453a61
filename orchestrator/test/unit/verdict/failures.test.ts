import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import { describeFailure, failureBreakdown, k6ErrorName } from '../../../src/verdict/failures.ts';
import { describeCriterion } from '../../../src/verdict/scenario.ts';
import type { CriterionPlan } from '../../../src/plan/types.ts';
import type { ScenarioRecord } from '../../../src/record.ts';
import type { KeptPoint } from '../../../src/samples/reader.ts';
import { criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples, type Point } from '../../fixtures/runs/make-run.ts';

async function verdictOf(points: Point[], criteria: CriterionPlan[], over: Partial<ScenarioRecord> = {}, secrets: string[] = []) {
  const dir = await tempRunDir();
  try {
    const rel = await writeSamples(dir, 'k6/fir/samples.json.gz', points);
    return await buildVerdict({
      plan: { ...plan([k6Scenario('fir', 'fir-concurrency', criteria)]), secrets },
      runId: 'r1',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:10.000Z',
      records: [record('fir', 'fir-concurrency', [rel], over)],
      tools: TOOLS,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Ten FIR flows that all failed at POST /process with a 400, as the as-shipped AFIRGen answers form text. */
function failedAtProcess(n = 10): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const tags = { step: 'process', name: 'process', vm: 'main', status: '400', reason: 'process: HTTP 400', round: '1' };
    out.push({ metric: 'http_reqs', value: 1, t: i / 10, tags: { status: '400', name: 'process' } });
    out.push({ metric: 'fir_completed', value: 0, t: i / 10, tags: { round: '1' } });
    const answer: Record<string, string> =
      i < 2 ? { answer: '{"detail":"No input provided. Please provide audio, image, or text. key=s3cr3t-key"}' } : {};
    out.push({ metric: 'loadgate_failures', value: 1, t: i / 10, tags: { ...tags, ...answer } });
    out.push({ metric: 'loadgate_vu_started', value: 1, t: i / 10 });
  }
  return out;
}

const COMPLETED = criterion('fir_completed', 'rate==1');
const E2E = criterion('fir_e2e_duration', 'p(95)<25000');
const BATCH = criterion('fir_batch_duration', 'max<35000', true, 'derived');

test('a failed system reads FAIL naming the step, the status and the answer — not INVALID for the criteria it never reached', async () => {
  const v = await verdictOf(failedAtProcess(), [COMPLETED, E2E, BATCH], { intended: { vus: 10 } }, ['s3cr3t-key']);
  assert.equal(v.status, 'FAIL');
  assert.equal(v.exitCode, 1);
  assert.equal(v.reasons[0], 'fir: fir_completed rate==1 observed 0');
  assert.match(v.reasons[1] ?? '', /^fir: failed at process → 400: 10 failed: \{"detail":"No input provided\. .*key=\*\*\*"\}$/);
  assert.ok(!JSON.stringify(v).includes('s3cr3t-key'), 'the answer sample is redacted');
  assert.match(v.reasons.join('\n'), /fir_e2e_duration p\(95\)<25000: n\/a: 10 of 10 flows failed/);
  assert.match(v.reasons.join('\n'), /fir_batch_duration max<35000: n\/a: 10 of 10 flows failed/);
  const batch = v.scenarios[0]?.criteria.find((c) => c.metric === 'fir_batch_duration');
  assert.equal(batch?.ok, null, 'never a pass on failed work');
  const f = v.scenarios[0]?.failures?.[0];
  assert.equal(f?.count, 10);
  assert.equal(f?.status, 400);
  assert.equal(f?.first, '2026-11-23T10:00:00.000123456Z');
  assert.equal(f?.last, '2026-11-23T10:00:00.900123456Z');
  assert.deepEqual(v.scenarios[0]?.load?.reasons, [], 'ten VUs ran though the vus gauge was never sampled');
  assert.equal(v.scenarios[0]?.load?.achieved['vus'], 10);
});

test('without a failed criterion the same failures leave the run INVALID, with the breakdown among the reasons', async () => {
  const v = await verdictOf(failedAtProcess(), [E2E]);
  assert.equal(v.status, 'INVALID');
  assert.match(v.reasons.join('\n'), /failed at process → 400/);
});

test("k6's error codes are named; a timeout says after how long; tries beyond one are counted", () => {
  assert.equal(k6ErrorName(1050), 'request timeout');
  assert.equal(k6ErrorName(1212), 'connection refused');
  assert.equal(k6ErrorName(1211), 'TCP dial timeout');
  assert.equal(k6ErrorName(1220), 'connection reset by peer');
  const kept: KeptPoint[] = [
    {
      time: '2026-11-23T10:00:01Z',
      value: 1,
      tags: { step: 'narrative', name: 'validate', status: '0', error_code: '1050', timeout_s: '60', reason: 'r' },
    },
    {
      time: '2026-11-23T10:00:00Z',
      value: 1,
      tags: { step: 'narrative', name: 'validate', status: '0', error_code: '1050', timeout_s: '60', reason: 'r' },
    },
    { time: '2026-11-23T10:00:02Z', value: 1, tags: { step: 'chat', name: 'chat', status: '0', error_code: '1212', reason: 'r' } },
    { time: '2026-11-23T10:00:03Z', value: 3, tags: { step: 'fir', name: 'validate', status: '500', error_code: '1500', reason: 'r' } },
  ];
  const [timeout, refused, retried] = failureBreakdown(kept, []);
  assert.equal(timeout?.first, '2026-11-23T10:00:00Z');
  assert.equal(
    describeFailure(timeout ?? assert.fail()),
    'narrative (validate) → timed out after 60 s (k6 1050 request timeout): 2 failed',
  );
  assert.equal(describeFailure(refused ?? assert.fail()), 'chat → k6 1212 connection refused: 1 failed');
  assert.equal(describeFailure(retried ?? assert.fail()), 'fir (validate) → 500: 1 failed (3 tries)');
});

test('a 429 whose Retry-After exceeded the cap says so with both numbers; a plain 429 is just 429', () => {
  const tags = { step: 'process', name: 'process', status: '429', error_code: '1429', reason: 'process: HTTP 429' };
  const kept: KeptPoint[] = [
    { time: '2026-11-23T10:00:00Z', value: 1, tags: { ...tags, retry_after_s: '60', retry_cap_s: '10' } },
    { time: '2026-11-23T10:00:01Z', value: 1, tags: { ...tags, retry_after_s: '60', retry_cap_s: '10' } },
  ];
  const [limited] = failureBreakdown(kept, []);
  assert.equal(describeFailure(limited ?? assert.fail()), 'process → 429, Retry-After 60 s exceeded the 10 s cap: 2 failed');
  const [plain] = failureBreakdown([{ time: '2026-11-23T10:00:00Z', value: 3, tags }], []);
  assert.equal(describeFailure(plain ?? assert.fail()), 'process → 429: 1 failed (3 tries)');
});

test('reason lines carry the catalog unit of every metric, not only *_duration', () => {
  const base = {
    scenario: 's',
    engine: 'k6' as const,
    tags: {},
    strict: true,
    samples: 3,
    source: 'k6',
    threshold: 2000,
    origin: 'x:1',
    ok: false,
  };
  const first = {
    ...base,
    metric: 'chat_stream_first_event',
    selector: 'chat_stream_first_event',
    expression: 'p(99)<2000',
    observed: 2879.3,
  };
  assert.equal(describeCriterion(first), 'chat_stream_first_event p(99)<2000 observed 2879.3 ms');
  const rate = { ...base, metric: 'http_req_failed', selector: 'http_req_failed', expression: 'rate<0.01', observed: 0.5 };
  assert.equal(describeCriterion(rate), 'http_req_failed rate<0.01 observed 0.500');
});
