// test-needs: lab
/**
 * Ctrl-C during a run over generator hosts: the real CLI (`loadgate run --generators 2`, its own lab with two
 * rehearsal sshd hosts, in a private network namespace) interrupted with SIGINT while chat runs on both. Checked
 * afterwards: exit 130, a schema-valid ABORTED verdict, every remote k6 gone (by its PID: ESRCH), and each
 * remote run directory removed by loadgate itself — seen gone while its host's sshd still ran, so it is not the
 * lab's own cleanup of its temp dir that removed it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { assertAborted, assertNoOrphans, tempResults, testNet } from './support/chaos-run.ts';
import { isGone, type ProcInfo } from './support/process-tree.ts';
import { spawnCli } from './support/spawned-run.ts';

const isRemoteK6 = (p: ProcInfo): boolean => p.comm === 'k6' && p.cmdline.includes('--execution-segment');
// A host's listener only: sshd re-executes itself with -R for each incoming connection, and that child is no host.
const isHostSshd = (p: ProcInfo): boolean => p.comm === 'sshd' && /-f \S+sshd-\d+\.conf/.test(p.cmdline) && !/\s-R(\s|$)/.test(p.cmdline);

interface Watched {
  path: string;
  /**
   * When the path was first seen gone: `up` while a host's sshd still ran (loadgate removed it), `down` after both
   * had exited with the path seen before that (the lab's cleanup could have), `either` when the path and the hosts
   * went in the same gap between two looks — a busy machine can stretch 20 ms to more than loadgate's removal takes
   * to be followed by the lab's stop, so that order is not seen.
   */
  gone?: 'up' | 'down' | 'either';
}

/** Polls every 20 ms until every path is gone or `hosts` have all exited; bounded by the CLI's own exit. */
async function watchRemoval(paths: readonly string[], hosts: readonly ProcInfo[], exited: Promise<unknown>): Promise<Watched[]> {
  const out: Watched[] = paths.map((path) => ({ path }));
  let done = false;
  let wasUp = true;
  void exited.then(() => (done = true));
  for (;;) {
    for (const w of out) {
      if (w.gone !== undefined || existsSync(w.path)) continue;
      // Looked at after the path: a host still up now was up when the path went.
      const up = hosts.some((h) => !isGone(h));
      w.gone = up ? 'up' : wasUp ? 'either' : 'down';
    }
    wasUp = hosts.some((h) => !isGone(h));
    if (out.every((w) => w.gone !== undefined) || (done && !wasUp)) return out;
    await new Promise((r) => setTimeout(r, 20));
  }
}

test(
  'SIGINT during a run over 2 generator hosts: exit 130, ABORTED, every remote k6 gone by PID, remote run directories removed by loadgate',
  { timeout: 240_000 },
  async (t) => {
    const net = await testNet(t);
    const results = await tempResults(t);
    const run = spawnCli(
      [
        'run',
        '--profile',
        'smoke',
        '--scenario',
        'chat',
        '--generators',
        '2',
        '--set',
        'chat.executor.duration=40s',
        '--results-dir',
        results,
      ],
      { net, timeoutMs: 200_000 },
    );
    t.after(() => run.cleanup());
    await run.waitForLine(/^k6 chat: k6 on 2 generators: resumed/, 150_000);
    const first = await run.tree.waitFor(isRemoteK6, 10_000);
    const k6s = [first, await run.tree.waitFor((p) => isRemoteK6(p) && p.pid !== first.pid, 10_000)];
    // Each k6's working directory is its scenario directory on the host: the launcher wrote its PID there.
    const scenarioDirs = k6s.map((p) => readlinkSync(`/proc/${p.pid}/cwd`));
    assert.deepEqual(
      scenarioDirs.map((d) => Number(readFileSync(`${d}/k6.pid`, 'utf8').trim())),
      k6s.map((p) => p.pid),
      'the k6 processes are the ones the launchers started',
    );
    const runDirs = scenarioDirs.map((d) => dirname(d));
    const hosts = [...run.tree.seen.values()].filter(isHostSshd);
    assert.equal(hosts.length, 2, `the lab's two sshd hosts: ${hosts.map((h) => h.cmdline).join('; ')}`);

    run.signal('SIGINT');
    const removal = watchRemoval([...scenarioDirs, ...runDirs], hosts, run.exited);
    const verdict = await assertAborted(run, results, 'SIGINT');
    assert.deepEqual(
      verdict.scenarios.map((s) => [s.name, s.status]),
      [['chat', 'aborted']],
    );
    await assertNoOrphans(run);
    for (const p of k6s) assert.throws(() => process.kill(p.pid, 0), /ESRCH/, `remote k6 ${p.pid} is gone`);
    const watched = await removal;
    assert.deepEqual(
      watched.filter((w) => w.gone !== 'up' && w.gone !== 'either').map((w) => [w.path, w.gone ?? 'never seen gone']),
      [],
      'every remote directory was removed while its host was still up',
    );
    // Where the order could not be seen, loadgate's own word: it warns of any run directory it could not remove.
    assert.deepEqual(
      verdict.warnings.filter((w) => /could not be removed/.test(w)),
      [],
    );
    assert.ok(
      watched.some((w) => w.gone === 'up'),
      `at least one removal seen while the hosts ran: ${JSON.stringify(watched)}`,
    );
  },
);
