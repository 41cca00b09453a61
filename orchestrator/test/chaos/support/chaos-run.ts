/**
 * Shared set-up for chaos cases: a temp results directory and a private network namespace, both removed
 * afterwards, and the post-mortem every interrupted run must pass.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { survivors, type ProcInfo } from './process-tree.ts';
import { assertEveryFileParses, latestTarget, readValidVerdict, runDirs, type VerdictView } from './run-files.ts';
import { privateNet, type PrivateNet } from './netns.ts';
import type { SpawnedCli } from './spawned-run.ts';

export async function tempResults(t: TestContext, prefix = 'loadgate-chaos-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A private network namespace for this test (see netns.ts), closed after it. */
export async function testNet(t: TestContext): Promise<PrivateNet> {
  const net = await privateNet();
  t.after(() => net.close());
  return net;
}

/** The single run directory under `results`. */
export async function onlyRunDir(results: string): Promise<string> {
  const dirs = await runDirs(results);
  assert.equal(dirs.length, 1, `one run directory expected, found ${dirs.join(', ')}`);
  return dirs[0] ?? '';
}

/** Short names of the processes that matter for orphans: k6, the lab (node), its redis-server. */
export function childKinds(procs: readonly ProcInfo[]): string[] {
  return [
    ...new Set(
      procs.map((p) => (p.comm === 'redis-server' || p.comm === 'k6' ? p.comm : p.cmdline.includes('lab/src/main.ts') ? 'lab' : p.comm)),
    ),
  ];
}

/** Every descendant the run ever had is gone (polled up to 5 s): names the survivors otherwise. */
export async function assertNoOrphans(run: SpawnedCli): Promise<ProcInfo[]> {
  const seen = run.tree.stop();
  const alive = await survivors(seen, 5000);
  assert.deepEqual(
    alive.map((p) => `${p.pid} ${p.comm} ${p.cmdline}`),
    [],
    'processes left behind',
  );
  return seen;
}

/**
 * The post-mortem of an interrupted run: exit code, a schema-valid ABORTED verdict, every file parseable,
 * `results/latest` not pointing at it. Returns the verdict for case-specific checks.
 */
export async function assertAborted(run: SpawnedCli, results: string, signal: 'SIGINT' | 'SIGTERM'): Promise<VerdictView> {
  const { exitCode } = await run.exited;
  const output = run.output();
  assert.equal(exitCode, signal === 'SIGINT' ? 130 : 143, output);
  const runDir = await onlyRunDir(results);
  const verdict = await readValidVerdict(runDir);
  assert.equal(verdict.status, 'ABORTED', output);
  assert.equal(verdict.aborted, signal);
  await assertEveryFileParses(runDir);
  const latest = await latestTarget(results);
  assert.notEqual(latest, runDir.split('/').pop(), 'results/latest points at the aborted run');
  return verdict;
}
