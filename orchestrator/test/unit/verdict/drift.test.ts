import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildVerdict } from '../../../src/verdict/build.ts';
import type { RoundSnapshot } from '../../../src/verdict/drift.ts';
import { parseUsedMemory } from '../../../src/run/round-snapshot.ts';
import { chatPoints, criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../fixtures/runs/make-run.ts';

const snapshot = (round: number, rss: number, redis: number | null): RoundSnapshot => ({
  round,
  at: `2026-11-23T10:0${round}:00.000Z`,
  loadgateRssBytes: rss,
  redisUsedMemoryBytes: redis,
});

async function soakVerdict(latencyByRound: Array<(i: number) => number>, rounds: RoundSnapshot[]) {
  const dir = await tempRunDir();
  try {
    const records = [];
    for (const [k, latency] of latencyByRound.entries()) {
      const id = `chat-r${k + 1}`;
      records.push(
        record(id, 'chat', [await writeSamples(dir, `k6/${id}/samples.json.gz`, chatPoints(100, latency))], {
          entry: 'chat',
          round: k + 1,
        }),
      );
    }
    return await buildVerdict({
      plan: plan([k6Scenario('chat', 'chat', [criterion('chat_turn_duration', 'p(95)<2000')])]),
      runId: 'soak',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:05:00.000Z',
      records,
      tools: TOOLS,
      rounds,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('three rounds whose p95 and memory grow: the drift is computed and warned about, the run still PASSes', async () => {
  const v = await soakVerdict(
    [(i) => 100 + i, (i) => 120 + i, (i) => 200 + i],
    [snapshot(1, 100e6, 1e6), snapshot(2, 110e6, 2e6), snapshot(3, 120e6, 3e6)],
  );
  assert.equal(v.status, 'PASS', 'drift is observed, never a failure by itself');
  const s = v.drift?.scenarios[0];
  assert.equal(s?.scenario, 'chat');
  assert.equal(s?.metric, 'chat_turn_duration');
  assert.deepEqual(
    s?.p95.map((p) => Math.round(p ?? -1)),
    [194, 214, 294],
  );
  assert.ok(Math.abs((s?.change ?? 0) - (294.05 - 194.05) / 194.05) < 0.01, String(s?.change));
  assert.equal(v.drift?.rounds.length, 3);
  const drift = v.warnings.filter((w) => w.startsWith('drift:'));
  assert.deepEqual(drift, [
    'drift: chat chat_turn_duration p95 +52 % from the first round to the last (3 rounds)',
    'drift: the target Redis used_memory +200 % from the first round to the last (3 rounds)',
  ]);
});

test('steady rounds: drift recorded, no warning', async () => {
  const v = await soakVerdict([(i) => 100 + i, (i) => 101 + i], [snapshot(1, 100e6, 50e6), snapshot(2, 101e6, 51e6)]);
  assert.deepEqual(
    v.warnings.filter((w) => w.startsWith('drift:')),
    [],
  );
  assert.equal(v.drift?.scenarios[0]?.p95.length, 2);
});

test('a round without Redis memory is skipped, not counted as zero', async () => {
  // Read as zero, the first round would make the growth undefined and hide the tripling that follows.
  const steady = (i: number): number => 100 + i;
  const v = await soakVerdict([steady, steady, steady], [snapshot(1, 100e6, null), snapshot(2, 100e6, 1e6), snapshot(3, 100e6, 3e6)]);
  assert.deepEqual(
    v.warnings.filter((w) => w.startsWith('drift:')),
    ['drift: the target Redis used_memory +200 % from the first round to the last (3 rounds)'],
  );
});

test('a single-round run has no drift section', async () => {
  const v = await soakVerdict([(i) => 100 + i], [snapshot(1, 100e6, 1e6)]);
  assert.equal(v.drift, undefined);
});

test('used_memory is read from INFO memory, CRLF lines included', () => {
  assert.equal(parseUsedMemory('# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n'), 1_048_576);
  assert.equal(parseUsedMemory('# Memory\nused_memory_rss:5\n'), undefined);
});
