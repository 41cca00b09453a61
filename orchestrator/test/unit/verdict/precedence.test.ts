/**
 * Run-level precedence with mixed scenarios: for every pair of scenario statuses the run takes the worse,
 * ABORTED > ERROR > INVALID > FAIL > PASS (docs/verdict.md), whichever scenario comes first. Table-driven: a
 * new status is one more entry in STATUSES and RANK.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import type { ScenarioRecord } from '../../../src/record.ts';
import type { VerdictStatus } from '../../../src/verdict/types.ts';
import { chatPoints, criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../fixtures/runs/make-run.ts';

const P95 = criterion('chat_turn_duration', 'p(95)<2000');

/** How to make one scenario end in each status: its latency and what its record says. */
const STATUSES: Record<string, { latency: number; over: Partial<ScenarioRecord>; run: VerdictStatus; exit: number }> = {
  passed: { latency: 100, over: {}, run: 'PASS', exit: 0 },
  failed: { latency: 2900, over: {}, run: 'FAIL', exit: 1 },
  invalid: { latency: 100, over: { intended: { vus: 9 } }, run: 'INVALID', exit: 4 },
  error: { latency: 100, over: { errors: ['k6 stderr: boom'] }, run: 'ERROR', exit: 5 },
  aborted: { latency: 100, over: { aborted: true }, run: 'ABORTED', exit: 130 },
};
const RANK: VerdictStatus[] = ['PASS', 'FAIL', 'INVALID', 'ERROR', 'ABORTED'];

async function runOf(statuses: string[], missing: string[] = []) {
  const dir = await tempRunDir();
  try {
    const records: ScenarioRecord[] = [];
    for (const [i, st] of statuses.entries()) {
      const s = STATUSES[st];
      assert.ok(s, st);
      const rel = await writeSamples(
        dir,
        `k6/s${i}/samples.json.gz`,
        chatPoints(100, () => s.latency),
      );
      records.push(record(`s${i}`, 'chat', [rel], s.over));
    }
    const ids = [...statuses.map((_, i) => `s${i}`), ...missing];
    return await buildVerdict({
      plan: plan(ids.map((id) => k6Scenario(id, 'chat', [P95]))),
      runId: 'r',
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

test('each scenario status alone gives its run status and exit code', async () => {
  for (const [st, want] of Object.entries(STATUSES)) {
    const v = await runOf([st]);
    assert.equal(v.scenarios[0]?.status, st, `${st}: ${v.reasons.join('; ')}`);
    assert.deepEqual([v.status, v.exitCode], [want.run, want.exit], st);
  }
});

test('every pair of scenario statuses, in both orders: the run takes the worse', async () => {
  const names = Object.keys(STATUSES);
  for (const a of names) {
    for (const b of names) {
      const worse = RANK[Math.max(RANK.indexOf(STATUSES[a]?.run ?? 'PASS'), RANK.indexOf(STATUSES[b]?.run ?? 'PASS'))];
      const v = await runOf([a, b]);
      assert.equal(v.status, worse, `${a} + ${b}: ${v.reasons.join('; ')}`);
      // The reasons are the worse scenario's (ABORTED says it was interrupted).
      if (worse !== 'PASS' && worse !== 'ABORTED') {
        const culprits = [a, b].map((st, i) => (STATUSES[st]?.run === worse ? `s${i}:` : '')).filter(Boolean);
        for (const c of culprits)
          assert.ok(
            v.reasons.some((r) => r.startsWith(c)),
            `${a} + ${b}: ${c} in ${v.reasons.join('; ')}`,
          );
      }
    }
  }
});

test('a planned scenario that never ran is INVALID: it beats FAIL and PASS, loses to ERROR and ABORTED', async () => {
  const expected: Record<string, VerdictStatus> = {
    passed: 'INVALID',
    failed: 'INVALID',
    invalid: 'INVALID',
    error: 'ERROR',
    aborted: 'ABORTED',
  };
  for (const [st, want] of Object.entries(expected)) {
    const v = await runOf([st], ['never']);
    assert.equal(v.status, want, `${st} + one that never ran`);
    if (want === 'INVALID') assert.ok(v.reasons.includes('never: did not run'), v.reasons.join('; '));
  }
  const none = await runOf([]);
  assert.deepEqual([none.status, none.reasons], ['INVALID', ['no scenario ran']]);
});
