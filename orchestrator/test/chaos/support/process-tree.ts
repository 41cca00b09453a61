/**
 * Watching a process tree through /proc: which processes descend from a pid (k6, the lab, its
 * redis-server), and whether each one is really gone afterwards. A process is identified by pid AND start
 * time, so a pid the kernel reused for an unrelated process never passes for a survivor — and a survivor
 * never hides behind a reused pid.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** Clock ticks since boot at which it started (field 22 of /proc/<pid>/stat). */
  startTime: number;
  /** The executable's short name (field 2), e.g. `k6`, `redis-server`, `node`. */
  comm: string;
  state: string;
  /** NUL-separated argv, joined with spaces; empty for zombies. */
  cmdline: string;
}

/** Parses /proc/<pid>/stat; comm may contain spaces and parentheses, so split at the last `)`. */
export function readProc(pid: number): ProcInfo | undefined {
  let stat: string;
  let cmdline = '';
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = stat
    .slice(close + 2)
    .trim()
    .split(' ');
  const state = rest[0] ?? '?';
  const ppid = Number(rest[1]);
  const startTime = Number(rest[19]);
  if (!Number.isFinite(ppid) || !Number.isFinite(startTime)) return undefined;
  return { pid, ppid, startTime, comm: stat.slice(open + 1, close), state, cmdline };
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

/** Every live descendant of `root` (not `root` itself), by walking parent links once over /proc. */
export function descendants(root: number): ProcInfo[] {
  const procs = allPids()
    .map(readProc)
    .filter((p): p is ProcInfo => p !== undefined);
  const children = new Map<number, ProcInfo[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift();
    if (pid === undefined) break;
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      queue.push(c.pid);
    }
  }
  return out;
}

/** Gone: no such pid, a zombie (dead, waiting to be reaped), or the pid now belongs to another process. */
export function isGone(p: ProcInfo): boolean {
  const now = readProc(p.pid);
  return now === undefined || now.state === 'Z' || now.startTime !== p.startTime;
}

export interface TreeWatch {
  /** Every descendant seen so far, by `pid:startTime`. */
  readonly seen: ReadonlyMap<string, ProcInfo>;
  /** Seen processes whose short name is `comm`. */
  byComm(comm: string): ProcInfo[];
  /** Resolves with the first descendant matching `pred` (polled every 50 ms), or throws after `timeoutMs`. */
  waitFor(pred: (p: ProcInfo) => boolean, timeoutMs: number): Promise<ProcInfo>;
  /** Stops polling; returns what was seen. */
  stop(): ProcInfo[];
}

const POLL_MS = 50;

/**
 * Polls the tree under `root` every 50 ms until stop(): processes that live shorter than that can be
 * missed, which is fine — the ones that matter (k6, lab, redis-server) live for seconds.
 */
export function watchTree(root: number): TreeWatch {
  const seen = new Map<string, ProcInfo>();
  const scan = (): void => {
    for (const p of descendants(root)) {
      const key = `${p.pid}:${p.startTime}`;
      const before = seen.get(key);
      // A child caught between fork and exec still shows its parent's name and argv (a node that is about
      // to become k6): keep the latest view, or k6 would never be recognised. Not a zombie's, though —
      // its argv is already empty.
      if (!before || (p.state !== 'Z' && p.cmdline !== '')) seen.set(key, p);
    }
  };
  scan();
  const timer = setInterval(scan, POLL_MS);
  return {
    seen,
    byComm: (comm) => [...seen.values()].filter((p) => p.comm === comm),
    async waitFor(pred, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        scan();
        const hit = [...seen.values()].find((p) => pred(p) && !isGone(p));
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no matching descendant of ${root} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    stop() {
      clearInterval(timer);
      return [...seen.values()];
    },
  };
}

/**
 * Survivors among `procs`, polled for up to `graceMs` (an orphan's last exit and its reaping by init take a
 * moment after our parent is gone). Kills nothing: a test that finds survivors fails and names them.
 */
export async function survivors(procs: readonly ProcInfo[], graceMs: number): Promise<ProcInfo[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const alive = procs.filter((p) => !isGone(p));
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
