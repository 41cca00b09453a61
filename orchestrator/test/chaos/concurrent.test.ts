// test-needs: lab
/**
 * Two runs at once against one lab started beside them (as `loadgate lab` would): each gets its own run
 * directory, nothing of one lands in the other, both verdicts are valid. A second lab on the same addresses
 * fails at once with one clear line, and the first lab is unharmed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { startNsLab } from './support/ns-lab.ts';
import { spawnCli } from './support/spawned-run.ts';
import { assertNoOrphans, tempResults, testNet } from './support/chaos-run.ts';
import { assertEveryFileParses, latestTarget, readValidVerdict, runDirs } from './support/run-files.ts';

describe('concurrency', { concurrency: 1 }, () => {
  test('two runs at once: two run directories, both verdicts valid, nothing clobbered', { timeout: 120_000 }, async (t) => {
    const net = await testNet(t);
    const results = await tempResults(t);
    const lab = await startNsLab(net);
    t.after(() => lab.close());
    const args = ['run', '--profile', 'smoke', '--scenario', 'chat,redis', '--set', 'chat.executor.duration=3s', '--results-dir', results];
    const runs = [spawnCli(args, { net }), spawnCli(args, { net })];
    for (const r of runs) t.after(() => r.cleanup());
    const ends = await Promise.all(runs.map((r) => r.exited));
    const dirs = await runDirs(results);
    assert.equal(dirs.length, 2, `two run directories: ${dirs.join(', ')}`);
    for (const [i, end] of ends.entries()) {
      const run = runs[i];
      assert.ok(run);
      const dir = dirs.find((d) => run.stdout.some((l) => l === `results: ${d}`));
      assert.ok(dir, `run ${i} names its own directory\n${run.output()}`);
      const verdict = await readValidVerdict(dir);
      assert.equal(verdict.exitCode, end.exitCode, run.output());
      assert.equal(end.exitCode, 0, run.output());
      // Its verdict is its own: the run id in it is the directory's name.
      const doc: unknown = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8'));
      assert.ok(typeof doc === 'object' && doc !== null && 'runId' in doc && doc.runId === basename(dir));
      assert.deepEqual(
        verdict.scenarios.map((s) => s.name),
        ['chat', 'redis'],
      );
      await assertEveryFileParses(dir);
      await assertNoOrphans(run);
    }
    assert.ok(
      dirs.map((d) => basename(d)).includes((await latestTarget(results)) ?? ''),
      'results/latest points at one of the two complete runs',
    );
  });

  test(
    'a second lab on the same addresses fails on the address in use with one line, not a timeout; the first keeps serving',
    { timeout: 60_000 },
    async (t) => {
      const net = await testNet(t);
      const lab = await startNsLab(net);
      t.after(() => lab.close());
      const second = spawnCli(['lab'], { net, timeoutMs: 30_000 });
      t.after(() => second.cleanup());
      const { exitCode } = await second.exited;
      assert.notEqual(exitCode, 0, second.output());
      const lines = second.stderr.filter((l) => l.startsWith('loadgate:'));
      assert.equal(lines.length, 1, second.output());
      // "At once" is what it failed on, not a stopwatch (11.7 s at high load): the bind error, never a ready timeout.
      assert.match(lines[0] ?? '', /127\.0\.0\.2\d:\d+ is already in use/);
      assert.doesNotMatch(lines[0] ?? '', /not ready|timed out|within \d+/);
      assert.equal(second.stdout.length, 0, 'no ready line');
      await assertNoOrphans(second);
      // The first lab is untouched: its control endpoint and a fault switch still work.
      const id = await lab.setFault({ kind: 'latency', ms: 1 });
      assert.ok(id.length > 0);
    },
  );
});
