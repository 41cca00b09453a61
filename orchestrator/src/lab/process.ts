/**
 * Starting and stopping the lab (lab/src/main.ts) as a child process. The lab prints one `ready …` line once
 * every listener answers; until then its stderr is kept so a failure can be reported as the lab's own
 * one-line message. The lab leads its own process group, so a forced stop also takes its redis-server down.
 */
import { execa, type ResultPromise } from 'execa';
import { createInterface } from 'node:readline';
import { trackChild } from '../children.ts';
import { LabError } from '../errors.ts';
import { projectPath } from '../paths.ts';

export interface StartLabOptions {
  /** Where the lab writes ground-truth.jsonl and lab.log (the run's `lab/` directory). */
  runDir?: string;
  timeScale?: number;
  deterministic?: boolean;
  seed?: number;
  zeroDelay?: boolean;
  configFile?: string;
  quirks?: boolean;
  /** Environment for the lab (AFIRGEN_API_KEY, LAB_REDIS_PASSWORD); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** How long to wait for the ready line (default 15 s). */
  readyTimeoutMs?: number;
  /** Control endpoint port (default: the lab's own default). */
  controlPort?: number;
  /** Rehearsal generator hosts to start beside the lab (`--generators N`); its ready line then names their file. */
  generators?: number;
  /** Receives each line the lab writes on stderr. */
  onLog?: (line: string) => void;
}

export interface LabHandle {
  pid: number;
  controlUrl: string;
  /** The lab's ready line, as printed. */
  readyLine: string;
  /** Settles when the lab process has exited (for whatever reason), with its exit code. */
  exited: Promise<number | undefined>;
  /** SIGTERM, then SIGKILL to the lab's process group after a grace period. Idempotent. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5000;

export function labArgs(opts: StartLabOptions): string[] {
  const args = ['--import', 'tsx', projectPath('lab', 'src', 'main.ts')];
  if (opts.runDir !== undefined) args.push('--run-dir', opts.runDir);
  if (opts.timeScale !== undefined) args.push('--time-scale', String(opts.timeScale));
  if (opts.deterministic === true) args.push('--deterministic');
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  if (opts.zeroDelay === true) args.push('--zero-delay');
  if (opts.configFile !== undefined) args.push('--config', opts.configFile);
  if (opts.quirks === true) args.push('--quirks');
  if (opts.controlPort !== undefined) args.push('--control-port', String(opts.controlPort));
  if (opts.generators !== undefined && opts.generators > 0) args.push('--generators', String(opts.generators));
  return args;
}

/** Parses `control=<url>` out of the ready line. */
export function controlUrlFrom(readyLine: string): string | undefined {
  return /(?:^|\s)control=(http:\/\/\S+)/.exec(readyLine)?.[1];
}

export async function startLab(opts: StartLabOptions = {}): Promise<LabHandle> {
  if (opts.signal?.aborted) throw new LabError('lab start aborted');
  const child: ResultPromise = execa(process.execPath, labArgs(opts), {
    cwd: projectPath(),
    env: opts.env ?? process.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    // Its own process group: a SIGKILL to -pid also reaches the lab's redis-server.
    detached: true,
    cleanup: false,
  });
  const pid = child.pid;
  if (pid === undefined) throw new LabError('the lab could not be started (no pid)');
  const untrack = trackChild(pid, 'lab');
  const exited = child.then((r) => r);
  let done = false;
  void exited.finally(() => {
    done = true;
    untrack();
  });

  const stderrTail: string[] = [];
  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
      opts.onLog?.(line);
    });
  }

  const signalGroup = (sig: NodeJS.Signals): void => {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, sig);
        return;
      } catch {
        // not a group leader, or gone
      }
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (done) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      // Anything the lab left in its group (it should leave nothing) goes too.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // group empty: the normal case
      }
    })();
    return stopping;
  };

  const readyLine = await new Promise<string>((resolve, reject) => {
    const timeoutMs = opts.readyTimeoutMs ?? 15_000;
    const lines = child.stdout ? createInterface({ input: child.stdout }) : undefined;
    const finish = (err: LabError | undefined, line?: string): void => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(line ?? '');
    };
    const lastMessage = (): string => {
      const labLines = stderrTail.filter((l) => l.startsWith('lab: '));
      return (labLines.at(-1) ?? stderrTail.at(-1) ?? 'no message').replace(/^lab: /, '');
    };
    const timer = setTimeout(() => finish(new LabError(`the lab was not ready within ${timeoutMs} ms: ${lastMessage()}`)), timeoutMs);
    const onAbort = (): void => finish(new LabError('lab start aborted'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    lines?.on('line', (line) => {
      if (line.startsWith('ready ')) finish(undefined, line);
    });
    void exited.then((r) =>
      finish(new LabError(`the lab exited (code ${String(r.exitCode ?? r.signal)}) before it was ready: ${lastMessage()}`)),
    );
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  const controlUrl = controlUrlFrom(readyLine);
  if (controlUrl === undefined) {
    await stop();
    throw new LabError(`the lab's ready line has no control URL: ${readyLine}`);
  }
  return { pid, controlUrl, readyLine, stop, exited: exited.then((r) => r.exitCode) };
}
