/**
 * Runs one benchmark child (a load generator, a sub-benchmark) and measures what it cost: CPU seconds of its
 * whole process tree (user + system), peak RSS of the tree, wall time. Every run has a hard time limit after
 * which each process of the tree is ended by its PID (SIGTERM, then SIGKILL).
 *
 * CPU comes from GNU time (`/usr/bin/time`, wait4's rusage: the child plus every descendant it reaped), which
 * is exact where sampling /proc would miss the last interval before exit. Peak RSS is the larger of GNU
 * time's (one process's maximum) and the sum over the tree sampled from /proc every 100 ms (several
 * processes at once). Without GNU time, CPU falls back to the /proc samples (utime+stime+cutime+cstime).
 */
import { access, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

const GNU_TIME = '/usr/bin/time';
const SAMPLE_MS = 100;
const KILL_GRACE_MS = 3000;
const CLOCK_TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface Measured {
  exitCode: number | undefined;
  /** The child was ended because it passed its time limit. */
  timedOut: boolean;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  bin: string;
  args: readonly string[];
  timeoutMs: number;
  env?: Record<string, string>;
  /** Replace the environment instead of extending ours (k6 gets only what the runner gives it). */
  extendEnv?: boolean;
  cwd?: string;
}

interface ProcStat {
  ppid: number;
  cpuTicks: number;
  childTicks: number;
  rssPages: number;
}

/** Parses /proc/<pid>/stat: the fields after the `)` that closes the command name. */
export function parseProcStat(text: string): ProcStat | undefined {
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After `)`: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17) … rss(24); f[0] is field 3.
  const n = (field: number): number => Number(f[field - 3]);
  const s: ProcStat = { ppid: n(4), cpuTicks: n(14) + n(15), childTicks: n(16) + n(17), rssPages: n(24) };
  return Object.values(s).every(Number.isFinite) ? s : undefined;
}

async function readStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The PIDs of `root` and all its descendants right now. */
export async function processTree(root: number): Promise<Map<number, ProcStat>> {
  const all = new Map<number, ProcStat>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = await readStat(Number(name));
    if (s) all.set(Number(name), s);
  }
  const tree = new Map<number, ProcStat>();
  const rootStat = all.get(root);
  if (!rootStat) return tree;
  tree.set(root, rootStat);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of all) {
      if (!tree.has(pid) && tree.has(s.ppid)) {
        tree.set(pid, s);
        grew = true;
      }
    }
  }
  return tree;
}

/**
 * Ends every process of the tree by PID: SIGTERM, then SIGKILL for whatever is left after a grace period.
 * `spareRoot`: the root is GNU time, which must outlive its child to write its figures; it exits by itself.
 */
export async function killTree(root: number, spareRoot = false, graceMs = KILL_GRACE_MS): Promise<void> {
  const pids = [...(await processTree(root)).keys()].filter((p) => !(spareRoot && p === root));
  const send = (pid: number, sig: NodeJS.Signals): void => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  for (const pid of pids) send(pid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (Date.now() < until && pids.some((p) => alive(p))) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids) if (alive(pid)) send(pid, 'SIGKILL');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** GNU time's `-f '%U %S %M'` line: user s, system s, max RSS KiB. */
export function parseGnuTime(text: string): { cpuSeconds: number; maxRssBytes: number } | undefined {
  const line = text
    .trim()
    .split('\n')
    .reverse()
    .find((l) => /^[\d.]+ [\d.]+ \d+$/.test(l.trim()));
  if (!line) return undefined;
  const [u = NaN, s = NaN, m = NaN] = line.trim().split(' ').map(Number);
  return { cpuSeconds: u + s, maxRssBytes: m * 1024 };
}

export async function measure(o: MeasureOptions): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-bench-time-'));
  const timeFile = join(dir, 'time.txt');
  const useTime = await exists(GNU_TIME);
  const [bin, args] = useTime ? [GNU_TIME, ['-o', timeFile, '-f', '%U %S %M', o.bin, ...o.args]] : [o.bin, [...o.args]];
  const started = performance.now();
  const child = execa(bin, args, {
    reject: false,
    stdin: 'ignore',
    all: false,
    maxBuffer: 64 * 1024 * 1024,
    env: o.env ?? {},
    extendEnv: o.extendEnv ?? true,
    ...(o.cwd === undefined ? {} : { cwd: o.cwd }),
  });
  const root = child.pid;
  let timedOut = false;
  let peakRss = 0;
  // Per PID, the last CPU and child-CPU seen: the fallback when GNU time is missing.
  const lastTicks = new Map<number, { own: number; children: number }>();
  let sampling = false;
  const sampler = setInterval(() => {
    if (root === undefined || sampling) return;
    sampling = true;
    void processTree(root)
      .then((tree) => {
        let rss = 0;
        for (const [pid, s] of tree) {
          // GNU time itself is not the generator: leave its few pages and ticks out.
          if (useTime && pid === root) continue;
          rss += s.rssPages * PAGE_BYTES;
          lastTicks.set(pid, { own: s.cpuTicks, children: s.childTicks });
        }
        peakRss = Math.max(peakRss, rss);
      })
      .finally(() => (sampling = false));
  }, SAMPLE_MS);
  const timer = setTimeout(() => {
    timedOut = true;
    if (root !== undefined) void killTree(root, useTime);
  }, o.timeoutMs);
  const end = await child;
  clearTimeout(timer);
  clearInterval(sampler);
  const wallSeconds = (performance.now() - started) / 1000;
  let cpuSeconds = [...lastTicks.values()].reduce((s, t) => s + t.own + t.children, 0) / CLOCK_TICKS_PER_SECOND;
  if (useTime) {
    const t = parseGnuTime(await readFile(timeFile, 'utf8').catch(() => ''));
    if (t) {
      cpuSeconds = t.cpuSeconds;
      peakRss = Math.max(peakRss, t.maxRssBytes);
    }
  }
  await rm(dir, { recursive: true, force: true });
  return {
    exitCode: end.exitCode,
    timedOut,
    wallSeconds,
    cpuSeconds,
    peakRssBytes: peakRss,
    stdout: typeof end.stdout === 'string' ? end.stdout : '',
    stderr: typeof end.stderr === 'string' ? end.stderr : '',
  };
}
