import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { labDirPrefix, pidAlive, sweepStaleLabDirs } from '../../src/temp-dirs.ts';

/** The pid of a process that has exited (and been reaped): nothing answers to it now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  assert.ok(r.pid > 0 && !pidAlive(r.pid), 'the short-lived process is gone');
  return r.pid;
}

test('a lab start removes the temp dirs of labs that are gone, and only those', async (t) => {
  const parent = await mkdtemp(join(tmpdir(), 'loadgate-sweep-'));
  t.after(() => rm(parent, { recursive: true, force: true }));
  const dead = deadPid();
  const make = async (prefix: string): Promise<string> => {
    const dir = await mkdtemp(prefix);
    await writeFile(join(dir, 'redis.conf'), 'port 6379\n');
    return dir;
  };
  const deadWork = await make(labDirPrefix('work', dead, parent));
  const deadRedis = await make(labDirPrefix('redis', dead, parent));
  const liveWork = await make(labDirPrefix('work', process.ppid, parent));
  const mine = await make(labDirPrefix('redis', process.pid, parent));
  // Names the lab never makes stay, whatever they hold: a test's run dir, a pid without mkdtemp's suffix.
  const testDir = await make(join(parent, 'loadgate-lab-afirgen-'));
  await mkdir(join(parent, `loadgate-lab-${dead}-x`));

  const removed = await sweepStaleLabDirs(parent);
  assert.deepEqual(removed.sort(), [deadWork, deadRedis].sort());
  assert.deepEqual(
    (await readdir(parent)).sort(),
    [basename(liveWork), basename(mine), basename(testDir), `loadgate-lab-${dead}-x`].sort(),
  );
  await access(join(mine, 'redis.conf'));
});

test('the prefixes name the kind and the owning pid', () => {
  assert.equal(labDirPrefix('work', 42, '/tmp'), '/tmp/loadgate-lab-42-');
  assert.equal(labDirPrefix('redis', 42, '/tmp'), '/tmp/loadgate-lab-redis-42-');
  assert.equal(pidAlive(process.pid), true);
});
