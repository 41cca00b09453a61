// test-needs: lab
/**
 * k6 killed with -9 mid-scenario (found among the CLI's descendants by /proc): the run ends ERROR (exit 5)
 * naming the scenario, its partial samples are kept and still readable, and the scenarios after it still run
 * — unless --fail-fast, where none of them starts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawnCli } from './support/spawned-run.ts';
import { assertNoOrphans, onlyRunDir, tempResults, testNet } from './support/chaos-run.ts';
import { assertEveryFileParses, latestTarget, readValidVerdict, waitNonEmpty } from './support/run-files.ts';
import type { TestContext } from 'node:test';

/** Starts chat (20 s), chat-stream, redis; kills chat's k6 with SIGKILL once it has written samples. */
async function runAndKillChat(
  t: TestContext,
  extra: string[],
): Promise<{ results: string; runDir: string; exitCode: number; output: string }> {
  const net = await testNet(t);
  const results = await tempResults(t);
  const run = spawnCli(
    [
      'run',
      '--profile',
      'smoke',
      '--scenario',
      'chat,chat-stream,redis',
      '--set',
      'chat.executor.duration=20s',
      '--results-dir',
      results,
      ...extra,
    ],
    { net },
  );
  t.after(() => run.cleanup());
  await run.waitForLine(/^k6 chat: started/, 30_000);
  const k6 = await run.tree.waitFor((p) => p.comm === 'k6', 10_000);
  const runDir = await onlyRunDir(results);
  await waitNonEmpty(join(runDir, 'k6', 'chat', 'samples.json.gz'), 15_000);
  process.kill(k6.pid, 'SIGKILL');
  const { exitCode } = await run.exited;
  await assertNoOrphans(run);
  return { results, runDir, exitCode, output: run.output() };
}

describe('k6 killed with -9', { concurrency: 1 }, () => {
  test('ERROR (exit 5) naming chat; chat-stream and redis still ran; the partial samples kept', { timeout: 120_000 }, async (t) => {
    const { results, runDir, exitCode, output } = await runAndKillChat(t, []);
    assert.equal(exitCode, 5, output);
    const verdict = await readValidVerdict(runDir);
    assert.equal(verdict.status, 'ERROR');
    assert.ok(
      verdict.reasons.some((r) => /^chat: .*k6 crashed.*SIGKILL/.test(r)),
      `the reasons name chat and the kill: ${verdict.reasons.join(' | ')}`,
    );
    assert.deepEqual(
      verdict.scenarios.map((s) => [s.name, s.status]),
      [
        ['chat', 'error'],
        ['chat-stream', 'passed'],
        ['redis', 'passed'],
      ],
    );
    const chat = verdict.scenarios[0];
    assert.ok(chat?.samples.includes(join('k6', 'chat', 'samples.json.gz')), 'the partial samples are listed in the verdict');
    const kept = chat?.errors
      .map((e) => /cut off \(k6 was killed mid-write\): its (\d+) complete line/.exec(e)?.[1])
      .find((n) => n !== undefined);
    assert.ok(Number(kept) > 0, `the complete lines before the kill were kept: ${chat?.errors.join(' | ')}`);
    await assertEveryFileParses(runDir);
    // A run that errored is complete: latest points at it (only an interrupted run is kept out).
    assert.equal(await latestTarget(results), runDir.split('/').pop());
  });

  test('--fail-fast: ERROR (exit 5) and no later scenario starts', { timeout: 120_000 }, async (t) => {
    const { runDir, exitCode, output } = await runAndKillChat(t, ['--fail-fast']);
    assert.equal(exitCode, 5, output);
    assert.match(output, /--fail-fast: stopping after chat errored/);
    assert.doesNotMatch(output, /k6 chat-stream: started|probe redis: started/);
    const verdict = await readValidVerdict(runDir);
    assert.equal(verdict.status, 'ERROR');
    assert.deepEqual(
      verdict.scenarios.map((s) => s.name),
      ['chat'],
    );
    await assertEveryFileParses(runDir);
  });
});
