/**
 * OpenSSH as the transport to a generator host — no agent of our own. Every connection pins the host key
 * (`StrictHostKeyChecking=yes` against the generator's own known_hosts file: no trust on first use), never
 * prompts (`BatchMode`), reads no user ssh config (`-F /dev/null`, so a ~/.ssh/config cannot redirect a host),
 * and is checked by the loopback guard before ssh is even started. Secrets never go on a command line: they
 * reach the host through the channel's stdin.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { trackChild } from '../children.ts';
import { PreflightError } from '../errors.ts';
import { assertLoopbackTargets } from '../safety/loopback.ts';
import { shellQuote } from '../shell-quote.ts';
import type { SshGeneratorPlan } from '../plan/types.ts';

/** How to reach one generator host: the ssh fields of its plan. */
export type SshTarget = Pick<SshGeneratorPlan, 'name' | 'host' | 'port' | 'user' | 'identityFile' | 'knownHosts'>;

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * The options every connection uses; `extra` are more ssh flags (a forward, -N). With `controlPath`, the
 * connection rides on the host's one master connection (see SshHost.connect) instead of a handshake of its own.
 */
export function sshArgs(t: SshTarget, extra: readonly string[] = [], controlPath?: string): string[] {
  return [
    ...(controlPath !== undefined ? ['-o', 'ControlMaster=no', '-o', `ControlPath=${controlPath}`] : []),
    '-F',
    '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${t.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'ConnectTimeout=5',
    // A dropped connection is noticed within ~6 s, not after TCP's minutes.
    '-o',
    'ServerAliveInterval=2',
    '-o',
    'ServerAliveCountMax=3',
    '-o',
    'LogLevel=ERROR',
    ...(t.identityFile !== undefined ? ['-o', 'IdentitiesOnly=yes', '-i', t.identityFile] : []),
    '-p',
    String(t.port),
    '-l',
    t.user,
    ...extra,
    t.host,
  ];
}

/** What ssh's own failure means, in words a user can act on (ssh exits 255 for its own errors). */
export function describeSshFailure(stderr: string): string {
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|No .* host key is known/i.test(stderr)) {
    return 'its host key does not match the pinned knownHosts (host-key verification failed)';
  }
  if (/Permission denied/i.test(stderr)) return 'the key was refused (permission denied)';
  if (/Connection refused/i.test(stderr)) return 'connection refused (no ssh server on that address and port)';
  if (/timed out|No route to host|Network is unreachable/i.test(stderr)) return 'unreachable (connection timed out)';
  if (/Could not resolve hostname/i.test(stderr)) return 'its host name does not resolve';
  const last = stderr.trim().split('\n').pop() ?? '';
  return last === '' ? 'ssh failed with no message' : last;
}

/** A local file read once with its SHA-256: shipped by `upload`, and compared with a copy already on a host. */
export interface LocalFile {
  path: string;
  data: Buffer;
  sha256: string;
}

export async function readLocalFile(path: string): Promise<LocalFile> {
  const data = await readFile(path);
  return { path, data, sha256: createHash('sha256').update(data).digest('hex') };
}

/** Clock readings per offset measurement; the one with the shortest round trip is kept (NTP's rule). */
const CLOCK_SAMPLES = 5;

export class SshHost {
  private master?: ResultPromise;
  /** Work left to finish before the connection ends (a removal off the critical path). */
  private pending: Array<Promise<unknown>> = [];
  private controlDir?: string;
  private untrack?: () => void;

  constructor(
    readonly target: SshTarget,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  private guard(): void {
    assertLoopbackTargets(`generator ${this.target.name}`, [this.target.host], this.env);
  }

  /** The ssh flags for one more connection to this host (over the master connection once there is one). */
  args(extra: readonly string[] = []): string[] {
    this.guard();
    return sshArgs(this.target, extra, this.controlDir !== undefined ? join(this.controlDir, 'cm') : undefined);
  }

  /**
   * Opens the host's master connection: one handshake, then every command, copy and forward is a channel on it
   * (a few ms instead of a new key exchange each — seconds on a busy machine). Failures name the generator.
   */
  async connect(timeoutMs = 15_000): Promise<void> {
    this.guard();
    if (this.master !== undefined) return;
    // A short path: a unix socket's name is limited to ~104 bytes.
    this.controlDir = await mkdtemp('/tmp/lg-ssh-');
    const controlPath = join(this.controlDir, 'cm');
    this.master = execa('ssh', [...sshArgs(this.target, ['-M', '-N', '-o', `ControlPath=${controlPath}`, '-o', 'ControlPersist=no'])], {
      reject: false,
      stdin: 'ignore',
      stdout: 'ignore',
      stderr: 'pipe',
      env: { LC_ALL: 'C' },
    });
    this.untrack = trackChild(this.master.pid, `ssh master ${this.target.name}`);
    const master = this.master;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (master.exitCode !== null) {
        const r = await master;
        await this.close();
        throw new PreflightError(`generator ${this.target.name} (${this.where()}): ${describeSshFailure(String(r.stderr))}`);
      }
      const check = await execa('ssh', [...sshArgs(this.target, ['-O', 'check'], controlPath)], {
        reject: false,
        stdin: 'ignore',
        env: { LC_ALL: 'C' },
      });
      if (check.exitCode === 0) return;
      if (Date.now() > deadline) {
        await this.close();
        throw new PreflightError(
          `generator ${this.target.name} (${this.where()}): no ssh connection within ${Math.round(timeoutMs / 1000)} s`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Lets `work` (which must not throw) finish on this connection later: `settle` and `close` wait for it. */
  defer(work: Promise<unknown>): void {
    this.pending.push(work.catch(() => undefined));
  }

  /** Waits for the work deferred so far. */
  async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0));
  }

  /** Ends the master connection (and with it every channel still on it), once the deferred work is done. */
  async close(): Promise<void> {
    await this.settle();
    this.master?.kill('SIGTERM');
    await this.master?.catch(() => undefined);
    this.untrack?.();
    this.master = undefined;
    if (this.controlDir !== undefined) await rm(this.controlDir, { recursive: true, force: true });
    this.controlDir = undefined;
  }

  /** Runs `command` (a remote shell line) with a bound on time; never rejects for what the command does. */
  async exec(command: string, opts: { input?: string | Buffer; timeoutMs?: number } = {}): Promise<ExecResult> {
    const r = await execa('ssh', [...this.args(), '--', command], {
      reject: false,
      timeout: opts.timeoutMs ?? 30_000,
      ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' }),
      stripFinalNewline: false,
      env: { LC_ALL: 'C' },
    });
    return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut };
  }

  /** Like exec, but ssh's own failure (255) or a non-zero exit is a PreflightError naming the generator. */
  async must(command: string, what: string, opts: { input?: string | Buffer; timeoutMs?: number } = {}): Promise<string> {
    const r = await this.exec(command, opts);
    if (r.timedOut) throw new PreflightError(`generator ${this.target.name} (${this.where()}): ${what} timed out`);
    if (r.exitCode === 255) throw new PreflightError(`generator ${this.target.name} (${this.where()}): ${describeSshFailure(r.stderr)}`);
    if (r.exitCode !== 0) {
      const detail = r.stderr.trim().split('\n').pop() ?? '';
      throw new PreflightError(
        `generator ${this.target.name} (${this.where()}): ${what} failed (exit ${r.exitCode})${detail ? `: ${detail}` : ''}`,
      );
    }
    return r.stdout;
  }

  where(): string {
    return `${this.target.user}@${this.target.host}:${this.target.port}`;
  }

  /** The host's machine architecture (`uname -m`): a copied k6 must match it. */
  async arch(): Promise<string> {
    return (await this.must('uname -m', 'uname -m', { timeoutMs: 15_000 })).trim();
  }

  /**
   * Copies a local file to `remotePath` (its directory created) through the ssh channel — no scp/sftp needed on
   * the host — and checks its SHA-256 there, in the same round trip: a truncated or altered copy is an error,
   * never a silently different script.
   */
  async upload(source: string | LocalFile, remotePath: string, mode = '0644'): Promise<void> {
    const { path: localPath, data, sha256: sum } = typeof source === 'string' ? await readLocalFile(source) : source;
    const q = shellQuote;
    const tmp = `${remotePath}.part`;
    const dir = remotePath.slice(0, Math.max(remotePath.lastIndexOf('/'), 1));
    const out = await this.must(
      `mkdir -p ${q(dir)} && umask 077 && cat > ${q(tmp)} && chmod ${mode} ${q(tmp)} && mv ${q(tmp)} ${q(remotePath)} && sha256sum ${q(remotePath)}`,
      `copying ${localPath}`,
      { input: data, timeoutMs: 120_000 },
    );
    const remote = out.split(/\s+/)[0];
    if (remote !== sum) {
      throw new PreflightError(`generator ${this.target.name}: ${remotePath} arrived with SHA-256 ${remote ?? '?'}, expected ${sum}`);
    }
  }

  /** The SHA-256 of a file on the host, or undefined when it is not there (or not readable). */
  async sha256(remotePath: string): Promise<string | undefined> {
    const r = await this.exec(`sha256sum ${shellQuote(remotePath)}`, { timeoutMs: 60_000 });
    const sum = r.exitCode === 0 ? r.stdout.split(/\s+/)[0] : undefined;
    return sum !== undefined && /^[0-9a-f]{64}$/.test(sum) ? sum : undefined;
  }

  /**
   * The host's clock against ours. Readings go through one shell already running on the host (a new session per
   * reading would put its start-up, slow and one-sided, between our send and its reading); each reading is
   * compared with the midpoint of our send and receive times, and the one with the shortest round trip is kept —
   * its error is at most half that round trip, which is returned with it.
   */
  async clockOffset(): Promise<{ offsetMs: number; rttMs: number }> {
    const shell = execa('ssh', [...this.args(), '--', 'sh'], {
      reject: false,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      timeout: 30_000,
      env: { LC_ALL: 'C' },
    });
    const lines = createInterface({ input: shell.stdout });
    const next = lines[Symbol.asyncIterator]();
    let best: { offsetMs: number; rttMs: number } | undefined;
    try {
      for (let i = 0; i < CLOCK_SAMPLES; i++) {
        const before = Date.now();
        shell.stdin.write('date +%s%N\n');
        const read: IteratorResult<string, unknown> = await next.next();
        const after = Date.now();
        const done = read.done === true;
        const text = typeof read.value === 'string' ? read.value.trim() : '';
        if (done || !/^\d+$/.test(text)) {
          const why = done ? describeSshFailure(String((await shell).stderr)) : `'date +%s%N' answered '${text.slice(0, 40)}'`;
          throw new PreflightError(`generator ${this.target.name} (${this.where()}): reading its clock failed: ${why}`);
        }
        const sample = { offsetMs: Number(BigInt(text) / 1_000_000n) - (before + after) / 2, rttMs: after - before };
        if (best === undefined || sample.rttMs < best.rttMs) best = sample;
      }
    } finally {
      shell.stdin.end();
      lines.close();
      await shell;
    }
    if (best === undefined) throw new PreflightError(`generator ${this.target.name}: no clock reading`);
    return best;
  }

  /** The aggregate CPU line of the host's /proc/stat: busy and total jiffies, for a saturation check. */
  async cpuTimes(): Promise<{ busy: number; total: number; cores: number }> {
    const out = await this.must("grep -E '^cpu' /proc/stat", 'reading /proc/stat', { timeoutMs: 15_000 });
    return parseProcStat(out);
  }
}

/** `cpu  user nice system idle iowait irq softirq steal …` plus one `cpuN` line per core. */
export function parseProcStat(text: string): { busy: number; total: number; cores: number } {
  const lines = text.split('\n');
  const all = lines.find((l) => /^cpu\s/.test(l));
  if (all === undefined) throw new PreflightError('/proc/stat has no aggregate cpu line');
  const fields = all.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) throw new PreflightError(`/proc/stat: unreadable cpu line '${all}'`);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total, cores: lines.filter((l) => /^cpu\d+\s/.test(l)).length };
}
