// test-needs: lab
/**
 * The results disk fills up: a small tmpfs as --results-dir (mounted here, unmounted after). Whatever runs
 * out of space, the run ends ERROR (exit 5) with one clear line, and no truncated or temp file is left:
 * every file present parses to its end. The lab runs outside the tmpfs (started beside the run, as
 * `loadgate lab` would), so what is tested is loadgate's own writing.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { startNsLab } from './support/ns-lab.ts';
import { spawnCli } from './support/spawned-run.ts';
import { assertNoOrphans, onlyRunDir, testNet } from './support/chaos-run.ts';
import { assertEveryFileParses, latestTarget } from './support/run-files.ts';

/** A tmpfs of `size` mounted at a fresh directory; unmounted (and the directory removed) after the test. */
async function smallDisk(t: TestContext, size: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-disk-'));
  await execa('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  t.after(async () => {
    await execa('umount', [dir], { reject: false });
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Writes zeros into `path` until the disk says ENOSPC (bounded: at most 64 MiB). */
async function fillUp(path: string): Promise<void> {
  const fd = await open(path, 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (let written = 0; written < 64 * 1024 * 1024; written += chunk.length) await fd.write(chunk);
    throw new Error('the disk never filled up');
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'ENOSPC')) throw err;
  } finally {
    await fd.close();
  }
}

async function waitExists(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await access(path).then(
      () => true,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function loadgateLines(stderr: readonly string[]): string[] {
  return stderr.filter((l) => l.startsWith('loadgate:'));
}

describe('disk full while writing results', { concurrency: 1 }, () => {
  test('full while the reports are written: exit 5, one line, no half report, latest untouched', { timeout: 120_000 }, async (t) => {
    const net = await testNet(t);
    const results = await smallDisk(t, '300k');
    const lab = await startNsLab(net);
    t.after(() => lab.close());
    // The test-only entry holds the run for 5 s between verdict.json and the other reports: the disk fills then.
    const run = spawnCli(['run', '--profile', 'smoke', '--scenario', 'redis', '--results-dir', results], {
      net,
      reportDelayMs: 5000,
    });
    t.after(() => run.cleanup());
    await run.waitForLine(/^reports: writing/, 60_000);
    const runDir = await onlyRunDir(results);
    await waitExists(join(runDir, 'verdict.json'), 5000);
    await fillUp(join(results, 'filler'));
    const { exitCode } = await run.exited;
    assert.equal(exitCode, 5, run.output());
    const lines = loadgateLines(run.stderr);
    assert.equal(lines.length, 1, run.output());
    assert.match(lines[0] ?? '', /^loadgate: cannot write \S+report\.md: ENOSPC \(no space left on device\)$/);
    const files = await assertEveryFileParses(runDir);
    assert.ok(!files.includes('report.md'), 'no report.md, not half of one');
    assert.equal(await latestTarget(results), undefined, 'results/latest never points at a run whose reports failed');
    await assertNoOrphans(run);
  });

  test('too small from the start: exit 5, every file present whole, no process left', { timeout: 120_000 }, async (t) => {
    const net = await testNet(t);
    const results = await smallDisk(t, '120k');
    const lab = await startNsLab(net);
    t.after(() => lab.close());
    const run = spawnCli(
      ['run', '--profile', 'smoke', '--scenario', 'chat,redis', '--set', 'chat.executor.duration=3s', '--results-dir', results],
      {
        net,
      },
    );
    t.after(() => run.cleanup());
    const { exitCode } = await run.exited;
    assert.equal(exitCode, 5, run.output());
    assert.match(run.output(), /no space left on device|ENOSPC|disk full/);
    assert.doesNotMatch(run.output(), /^\s+at |Unhandled 'error' event/m, 'no stack trace');
    await assertEveryFileParses(await onlyRunDir(results));
    await assertNoOrphans(run);
  });
});
