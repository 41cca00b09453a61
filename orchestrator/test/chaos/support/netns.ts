/**
 * A private network namespace for one chaos test file: its own loopback (brought up), no other interface.
 * Why: the lab binds fixed addresses (127.0.0.20–25), and other test runs on this machine hold them at any
 * moment; a run in its own namespace neither waits for them nor, worse, silently reuses somebody else's
 * lab. It is also the strongest form of the safety rule: with no interface but `lo`, no packet can leave.
 *
 * A holder process (`unshare -n … sleep`) keeps the namespace alive; commands enter it with
 * `nsenter -t <holder> -n`, which execs the command in place (same pid, so /proc tree watching still works).
 * close() ends the holder by its pid; the namespace goes with it once nothing else is inside.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { execa } from 'execa';

export interface PrivateNet {
  /** `argv` prefixed so that it runs inside the namespace. */
  wrap(argv: readonly string[]): string[];
  /** Runs a short command inside the namespace (10 s limit) and returns its stdout. */
  exec(argv: readonly string[]): Promise<string>;
  /** An HTTP request from inside the namespace (curl), e.g. to the lab's control endpoint. */
  http(method: string, url: string, body?: unknown): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** The holder's lifetime cap: longer than any chaos file, short enough that a crashed test leaks nothing for long. */
const HOLDER_SECONDS = 600;

export async function privateNet(): Promise<PrivateNet> {
  const holder: ChildProcess = spawn(
    'unshare',
    ['-n', '--', 'sh', '-c', `ip link set lo up && echo ready && exec sleep ${HOLDER_SECONDS}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const pid = holder.pid;
  if (pid === undefined) throw new Error('unshare could not be started');
  const exited = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the network namespace was not ready within 10 s')), 10_000);
    if (holder.stdout)
      createInterface({ input: holder.stdout }).once('line', () => {
        clearTimeout(timer);
        resolve();
      });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error('unshare -n exited: no private network namespace'));
    });
  });
  const wrap = (argv: readonly string[]): string[] => ['nsenter', '-t', String(pid), '-n', '--', ...argv];
  return {
    wrap,
    async exec(argv) {
      const [cmd, ...args] = wrap(argv);
      const r = await execa(cmd ?? 'nsenter', args, { reject: false, timeout: 10_000 });
      return String(r.stdout);
    },
    async http(method, url, body) {
      const [cmd, ...args] = wrap([
        'curl',
        '-sS',
        '--max-time',
        '10',
        '-X',
        method,
        '-w',
        '\n%{http_code}',
        ...(body === undefined ? [] : ['-H', 'content-type: application/json', '--data-binary', JSON.stringify(body)]),
        url,
      ]);
      const r = await execa(cmd ?? 'nsenter', args, { reject: false, timeout: 15_000 });
      const out = String(r.stdout);
      const cut = out.lastIndexOf('\n');
      return { status: Number(out.slice(cut + 1)), body: out.slice(0, Math.max(cut, 0)) };
    },
    async close() {
      if (holder.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL');
      await exited;
    },
  };
}
