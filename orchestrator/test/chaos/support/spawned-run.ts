/**
 * The real `loadgate` executable (any command: run, lab) started in the background, so a test can act on it
 * while it runs: wait for a line of its output, signal it, watch its process tree. Everything is bounded:
 * the process has a hard timeout, every wait has its own, and cleanup() kills (by pid, start time checked)
 * whatever of its tree is still alive — only processes this test started.
 */
import { execa, type ResultPromise } from 'execa';
import { createInterface } from 'node:readline';
import { projectPath } from '../../../src/paths.ts';
import { REPORT_DELAY_ENV } from '../../helpers/report-delay.ts';
import type { PrivateNet } from './netns.ts';
import { isGone, watchTree, type TreeWatch } from './process-tree.ts';

type Stream = 'stdout' | 'stderr';

export interface SpawnedCli {
  pid: number;
  /** Every stdout / stderr line so far. */
  readonly stdout: string[];
  readonly stderr: string[];
  tree: TreeWatch;
  /** Resolves with the first line of `stream` (default stderr) matching `re`, including lines already seen. */
  waitForLine(re: RegExp, timeoutMs: number, stream?: Stream): Promise<string>;
  signal(sig: NodeJS.Signals): void;
  /** Resolves when the CLI exits, with its exit code (-1 when a signal ended it) and how long it ran. */
  exited: Promise<{ exitCode: number; ms: number }>;
  /** Both streams, for assertion messages. */
  output(): string;
  /** Kills the CLI and every descendant still alive (SIGKILL, by pid, start time checked); idempotent. */
  cleanup(): Promise<void>;
}

export interface SpawnOptions {
  /** Run inside this private network namespace (see netns.ts). */
  net?: PrivateNet;
  env?: Record<string, string>;
  /** Hard limit for the whole CLI run (default 90 s). */
  timeoutMs?: number;
  /**
   * Pause this long between verdict.json and the other reports: the CLI is then started through the test-only
   * entry test/helpers/cli-with-report-delay.ts, which installs the pause through the report writer's seam.
   */
  reportDelayMs?: number;
}

interface Waiter {
  re: RegExp;
  stream: Stream;
  resolve: (line: string) => void;
}

export function spawnCli(args: readonly string[], options: SpawnOptions = {}): SpawnedCli {
  const started = Date.now();
  const entry =
    options.reportDelayMs === undefined
      ? [projectPath('orchestrator/bin/loadgate.js')]
      : ['--import', 'tsx', projectPath('orchestrator/test/helpers/cli-with-report-delay.ts')];
  const argv = [process.execPath, ...entry, ...args];
  const [cmd, ...rest] = options.net ? options.net.wrap(argv) : argv;
  const child: ResultPromise = execa(cmd ?? process.execPath, rest, {
    reject: false,
    buffer: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 90_000,
    env: {
      LOADGATE_LOOPBACK_ONLY: '1',
      CI: 'true',
      ...options.env,
      ...(options.reportDelayMs === undefined ? {} : { [REPORT_DELAY_ENV]: String(options.reportDelayMs) }),
    },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('loadgate could not be started');
  const tree = watchTree(pid);
  const lines: Record<Stream, string[]> = { stdout: [], stderr: [] };
  const waiters: Waiter[] = [];
  const onLine = (stream: Stream, line: string): void => {
    lines[stream].push(line);
    for (const w of waiters.filter((x) => x.stream === stream && x.re.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (l) => onLine('stdout', l));
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (l) => onLine('stderr', l));
  const exited = child.then((r) => {
    tree.stop();
    return { exitCode: r.exitCode ?? -1, ms: Date.now() - started };
  });
  const output = (): string => `stdout:\n${lines.stdout.join('\n')}\nstderr:\n${lines.stderr.join('\n')}`;
  let cleaned = false;
  return {
    pid,
    stdout: lines.stdout,
    stderr: lines.stderr,
    tree,
    exited,
    output,
    waitForLine(re, timeoutMs, stream = 'stderr') {
      const seen = (): string | undefined => lines[stream].find((l) => re.test(l));
      const old = seen();
      if (old !== undefined) return Promise.resolve(old);
      return new Promise((resolve, reject) => {
        const entry: Waiter = {
          re,
          stream,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(entry), 1);
          reject(new Error(`no ${stream} line matching ${String(re)} within ${timeoutMs} ms\n${output()}`));
        }, timeoutMs);
        waiters.push(entry);
        void exited.then(() => {
          if (!waiters.includes(entry)) return;
          waiters.splice(waiters.indexOf(entry), 1);
          clearTimeout(timer);
          const late = seen();
          if (late !== undefined) resolve(late);
          else reject(new Error(`loadgate exited before a ${stream} line matched ${String(re)}\n${output()}`));
        });
      });
    },
    signal(sig) {
      child.kill(sig);
    },
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      const procs = tree.stop();
      for (const p of procs) {
        if (isGone(p)) continue;
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      child.kill('SIGKILL');
      await exited;
    },
  };
}
