// test-needs: lab
/**
 * Interrupts at every stage of a run: the lab starting, a k6 scenario running, a probe running, the reports
 * being written, and a second Ctrl-C right after the first. Each case spawns the real CLI in a private
 * network namespace (its own lab addresses), watches its process tree through /proc, signals it at the
 * moment named by a stderr line, then checks the post-mortem:
 * exit 130 / 143, a schema-valid ABORTED verdict with what finished, every file parseable, no process left
 * and `results/latest` untouched.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, stat, symlink, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startNsLab } from './support/ns-lab.ts';
import { spawnCli } from './support/spawned-run.ts';
import { assertAborted, assertNoOrphans, childKinds, onlyRunDir, tempResults, testNet } from './support/chaos-run.ts';
import { latestTarget } from './support/run-files.ts';

const isLab = (p: { cmdline: string }): boolean => p.cmdline.includes('lab/src/main.ts');

/** Polls until a file exists and is not empty (k6 flushes its samples about once a second). */
async function waitNonEmpty(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0) return;
    if (Date.now() > deadline) throw new Error(`${path} still empty after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('interrupts', { concurrency: 1 }, () => {
  test('SIGINT while the lab starts: exit 130, ABORTED with no scenario, lab and redis-server gone', { timeout: 150_000 }, async (t) => {
    const net = await testNet(t);
    const results = await tempResults(t);
    const run = spawnCli(['run', '--profile', 'smoke', '--scenario', 'chat', '--results-dir', results], { net });
    t.after(() => run.cleanup());
    await run.waitForLine(/^lab: starting/, 30_000);
    await run.tree.waitFor(isLab, 10_000);
    assert.ok(
      !run.stderr.some((l) => l.startsWith('lab: ready')),
      'the lab was ready before the signal: the case did not test a lab start',
    );
    run.signal('SIGINT');
    const verdict = await assertAborted(run, results, 'SIGINT');
    assert.deepEqual(verdict.scenarios, []);
    const seen = await assertNoOrphans(run);
    assert.ok(childKinds(seen).includes('lab'), `the lab process was never seen: ${childKinds(seen).join(', ')}`);
  });

  test('SIGTERM while k6 runs: exit 143, the partial chat data kept, k6, lab and redis-server gone', { timeout: 150_000 }, async (t) => {
    const net = await testNet(t);
    const results = await tempResults(t);
    const run = spawnCli(
      ['run', '--profile', 'smoke', '--scenario', 'chat,redis', '--set', 'chat.executor.duration=40s', '--results-dir', results],
      { net },
    );
    t.after(() => run.cleanup());
    await run.waitForLine(/^k6 chat: started/, 30_000);
    await run.tree.waitFor((p) => p.comm === 'k6', 10_000);
    await waitNonEmpty(join(await onlyRunDir(results), 'k6', 'chat', 'samples.json.gz'), 15_000);
    run.signal('SIGTERM');
    const verdict = await assertAborted(run, results, 'SIGTERM');
    assert.deepEqual(
      verdict.scenarios.map((s) => s.name),
      ['chat'],
      'chat was interrupted, redis never started',
    );
    assert.ok(
      (verdict.scenarios[0]?.samples ?? []).some((s) => s.endsWith('samples.json.gz')),
      'the partial k6 samples are in the verdict',
    );
    const seen = await assertNoOrphans(run);
    for (const kind of ['k6', 'lab', 'redis-server']) assert.ok(childKinds(seen).includes(kind), `${kind} was never seen`);
  });

  test('SIGINT while a probe runs: exit 130, the finished k6 scenario kept, the probe marked aborted', { timeout: 150_000 }, async (t) => {
    const net = await testNet(t);
    const results = await tempResults(t);
    // A lab of our own with the browser VM black-holed: the cross-vm probe waits on it (up to its 5 s check
    // timeout) while chat, which never touches that VM, finishes normally first.
    const lab = await startNsLab(net);
    t.after(() => lab.close());
    await lab.setFault({ kind: 'blackhole', service: 'browser' });
    const run = spawnCli(
      ['run', '--profile', 'smoke', '--scenario', 'chat,cross-vm', '--set', 'chat.executor.duration=2s', '--results-dir', results],
      { net },
    );
    t.after(() => run.cleanup());
    await run.waitForLine(/^probe cross-vm: started/, 60_000);
    run.signal('SIGINT');
    const verdict = await assertAborted(run, results, 'SIGINT');
    assert.deepEqual(
      verdict.scenarios.map((s) => s.name),
      ['chat', 'cross-vm'],
    );
    assert.equal(verdict.scenarios[1]?.status, 'aborted');
    assert.notEqual(verdict.scenarios[0]?.status, 'aborted', 'chat had finished before the interrupt');
    assert.ok((await run.exited).ms < 30_000);
    await assertNoOrphans(run);
  });

  test(
    'SIGINT while the reports are written: exit 130, every report ABORTED and whole, latest still on the previous run',
    { timeout: 150_000 },
    async (t) => {
      const net = await testNet(t);
      const results = await tempResults(t);
      await symlink('previous-run', join(results, 'latest'));
      // The test-only entry (test/helpers/cli-with-report-delay.ts): a pause after verdict.json, before the other reports.
      const run = spawnCli(['run', '--profile', 'smoke', '--scenario', 'redis', '--results-dir', results], {
        net,
        reportDelayMs: 20_000,
      });
      t.after(() => run.cleanup());
      await run.waitForLine(/^reports: writing/, 60_000);
      run.signal('SIGINT');
      const verdict = await assertAborted(run, results, 'SIGINT');
      assert.deepEqual(
        verdict.scenarios.map((s) => [s.name, s.status]),
        [['redis', 'passed']],
      );
      assert.ok((await run.exited).ms < 20_000, 'the hook pause ends with the interrupt');
      assert.equal(await latestTarget(results), 'previous-run');
      const runDir = await onlyRunDir(results);
      assert.match(await readFile(join(runDir, 'report.md'), 'utf8'), /ABORTED/);
      await assertNoOrphans(run);
    },
  );

  test('a second SIGINT right after the first: exit 130 within 5 s, no process left behind', { timeout: 150_000 }, async (t) => {
    const net = await testNet(t);
    const results = await tempResults(t);
    const run = spawnCli(
      ['run', '--profile', 'smoke', '--scenario', 'chat', '--set', 'chat.executor.duration=40s', '--results-dir', results],
      { net },
    );
    t.after(() => run.cleanup());
    await run.waitForLine(/^k6 chat: started/, 30_000);
    await run.tree.waitFor((p) => p.comm === 'k6', 10_000);
    const first = Date.now();
    run.signal('SIGINT');
    await run.waitForLine(/SIGINT received/, 5000);
    run.signal('SIGINT');
    const { exitCode } = await run.exited;
    const took = Date.now() - first;
    assert.equal(exitCode, 130, run.stderr.join('\n'));
    // The second SIGINT does not wait for k6's graceful stop (up to 15 s before SIGKILL) nor for the rest of the
    // chat run: a 12 s ceiling is far above a busy machine's noise and still below what waiting would take.
    assert.ok(took < 12_000, `forced exit took ${took} ms`);
    const seen = await assertNoOrphans(run);
    for (const kind of ['k6', 'lab', 'redis-server']) assert.ok(childKinds(seen).includes(kind), `${kind} was never seen`);
    assert.notEqual(await latestTarget(results), (await onlyRunDir(results)).split('/').pop());
    const stray = (await readdir(results, { recursive: true })).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(stray, [], 'no temp file of an atomic write is left behind');
  });
});
