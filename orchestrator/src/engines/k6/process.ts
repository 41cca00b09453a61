/**
 * Starts one k6 process and sees it to its end: output to files (and, on a terminal, parsed for progress),
 * CPU time sampled from /proc, registered with children.ts, and stopped the k6 way when it must be —
 * SIGINT first (k6 then stops its VUs and still writes its summary), SIGKILL after a grace period.
 * Never rejects for anything k6 does: how it ended is returned as data.
 */
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { execa } from 'execa';
import { trackChild } from '../../children.ts';
import type { ProcessEnd } from './outcome.ts';
import { redact } from '../../safety/redact.ts';
import { readCpuSeconds } from './procstat.ts';

export interface K6ProcessOptions {
  bin: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  stdoutPath: string;
  stderrPath: string;
  timeoutMs: number;
  gracePeriodMs: number;
  signal?: AbortSignal;
  label: string;
  /** Values replaced by `***` in stdout.log and stderr.log. */
  secrets: readonly string[];
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}

export interface K6ProcessResult extends ProcessEnd {
  cpuSeconds?: number;
  wallSeconds: number;
  spawnError?: string;
  /** stdout.log / stderr.log that could not be written (disk full), one line each. */
  logErrors?: string[];
}

const CPU_SAMPLE_MS = 500;

/**
 * Copies a k6 stream line by line into its log file, secrets redacted; resolves when the stream ends, with
 * the file's write error if there was one. A log that cannot be written (disk full) stops being written —
 * but the stream is still read to its end, so k6 never blocks on a full pipe — and never throws: an
 * unhandled stream error would take the whole run down with its children orphaned.
 */
async function tee(
  stream: Readable | null,
  path: string,
  secrets: readonly string[],
  onLine?: (line: string) => void,
): Promise<string | undefined> {
  const file = createWriteStream(path);
  let failure: string | undefined;
  file.on('error', (err: NodeJS.ErrnoException) => {
    failure ??= err.code ?? err.message;
  });
  if (stream) {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      if (failure === undefined && !file.write(`${redact(line, secrets)}\n`)) {
        // `once` rejects when 'error' comes instead of 'drain': the failure is already recorded.
        await once(file, 'drain').catch(() => undefined);
      }
      onLine?.(line);
    }
  }
  file.end();
  await finished(file).catch(() => undefined);
  return failure === undefined ? undefined : `${basename(path)} could not be written: ${failure}`;
}

export async function runK6Process(o: K6ProcessOptions): Promise<K6ProcessResult> {
  const started = performance.now();
  const child = execa(o.bin, o.args, {
    reject: false,
    buffer: false,
    stdin: 'ignore',
    env: o.env,
    extendEnv: false,
    cwd: o.cwd,
    // Our own stop policy below (SIGINT, grace, SIGKILL), not execa's.
    forceKillAfterDelay: false,
  });
  const untrack = trackChild(child.pid, o.label);
  const copied = Promise.all([
    tee(child.stdout, o.stdoutPath, o.secrets, o.onStdoutLine),
    tee(child.stderr, o.stderrPath, o.secrets, o.onStderrLine),
  ]).catch((e: unknown) => [`k6 output could not be copied: ${e instanceof Error ? e.message : String(e)}`]);

  let stoppedBy: ProcessEnd['stoppedBy'];
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (why: 'timeout' | 'abort'): void => {
    if (stoppedBy !== undefined) return;
    stoppedBy = why;
    child.kill('SIGINT');
    killTimer = setTimeout(() => child.kill('SIGKILL'), o.gracePeriodMs);
  };
  const timeoutTimer = setTimeout(() => stop('timeout'), o.timeoutMs);
  const onAbort = (): void => stop('abort');
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener('abort', onAbort, { once: true });

  let cpuSeconds: number | undefined;
  const pid = child.pid;
  const cpuTimer =
    pid === undefined
      ? undefined
      : setInterval(() => {
          void readCpuSeconds(pid).then((s) => {
            if (s !== undefined) cpuSeconds = s;
          });
        }, CPU_SAMPLE_MS);

  const result = await child;
  clearTimeout(timeoutTimer);
  if (killTimer) clearTimeout(killTimer);
  if (cpuTimer) clearInterval(cpuTimer);
  o.signal?.removeEventListener('abort', onAbort);
  untrack();
  const logErrors: string[] = [];
  for (const e of await copied) if (e !== undefined) logErrors.push(e);

  const spawnFailed = pid === undefined;
  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    spawnFailed,
    ...(stoppedBy === undefined ? {} : { stoppedBy }),
    ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
    wallSeconds: (performance.now() - started) / 1000,
    ...(spawnFailed ? { spawnError: result.message } : {}),
    ...(logErrors.length > 0 ? { logErrors } : {}),
  };
}
