/**
 * The lab's temp dirs: `loadgate-lab-<pid>-XXXXXX` (the bundled service worker) and
 * `loadgate-lab-redis-<pid>-XXXXXX` (redis-server's `dir`), `loadgate-lab-sshd-<pid>-XXXXXX` (rehearsal generator hosts). A lab that stops normally removes them; one killed
 * with SIGKILL (a forced exit, a test's clean-up) cannot. So every lab start first removes the dirs whose
 * owning lab is gone: the pid in the name tells, and a live pid (even a reused one) keeps its dir.
 */
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type LabDirKind = 'work' | 'redis' | 'sshd';

/** The mkdtemp prefix of this process's dir of a kind. */
export function labDirPrefix(kind: LabDirKind, pid: number = process.pid, parent: string = tmpdir()): string {
  return join(parent, `loadgate-lab-${kind === 'work' ? '' : `${kind}-`}${pid}-`);
}

/** Only names this module makes: the prefix, a pid, and mkdtemp's six characters. */
const LAB_DIR = /^loadgate-lab-(?:redis-|sshd-)?(\d+)-[A-Za-z0-9]{6}$/;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the pid exists but belongs to another user — alive all the same.
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

/**
 * Removes the lab dirs in `parent` whose pid is not alive; returns their paths. Best effort: a dir that
 * cannot be read or removed (another user's) is left alone.
 */
export async function sweepStaleLabDirs(parent: string = tmpdir(), alive: (pid: number) => boolean = pidAlive): Promise<string[]> {
  const names = await readdir(parent).catch(() => []);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(LAB_DIR.exec(name)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    const path = join(parent, name);
    try {
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // not ours to remove
    }
  }
  return removed;
}
