/**
 * One k6 instance on a generator host, over ssh: started paused with its REST API on the host's loopback, that
 * API reached through an ssh forward from a loopback port here, its output kept in a per-run directory on the
 * host and pulled back at the end. The remote launcher (LAUNCHER) reads the environment — secrets included —
 * from the ssh channel's stdin, so no secret is on a command line or on the host's disk; it then watches that
 * stdin: when the connection ends (the orchestrator done, killed, or the network gone), k6 gets SIGTERM, so no
 * k6 outlives its coordinator.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { execa, type ResultPromise } from 'execa';
import { trackChild } from '../../../children.ts';
import { K6RunError } from '../../../errors.ts';
import { shellQuote } from '../../../shell-quote.ts';
import { K6Api } from './k6-rest.ts';
import type { SshHost } from '../../../generators/ssh.ts';

/** The remote launcher, run as `sh -c LAUNCHER loadgate-k6 <dir> <k6> <args…>`. POSIX sh only: the host needs nothing else. */
export const LAUNCHER = `#!/bin/sh
# loadgate's k6 launcher: <dir> <k6> <args...>; environment lines (NAME=value) on stdin up to
# "--end-env--"; then stdin stays open and its end stops k6.
set -u
dir=$1; shift
cd "$dir" || exit 97
# A background list's stdin would be /dev/null: keep the channel's stdin on fd 3 for the watcher.
exec 3<&0
while IFS= read -r line; do
  [ "$line" = "--end-env--" ] && break
  export "$line"
done <&3
"$@" > stdout.log 2> stderr.log < /dev/null 3<&- &
pid=$!
echo "$pid" > k6.pid
( cat <&3 > /dev/null; kill -TERM "$pid" 2> /dev/null ) > /dev/null 2>&1 &
watcher=$!
wait "$pid"
code=$?
echo "$code" > exit-code
# CPU time of the reaped children (k6 alone so far) — read here, so the coordinator needs no round trip for it.
times > k6.times
kill "$watcher" 2> /dev/null
exit "$code"
`;

/**
 * The host's own loopback: a generator's k6 binds its REST API there (never 0.0.0.0) and the forward's local end
 * listens on ours; a local k6 on a terminal binds its REST API here too (runner.ts, for the live board).
 */
export const SELF = '127.0.0.1';

/** Files the instance leaves in its remote directory that the verdict needs. */
export const PULLED_FILES = ['samples.json.gz', 'summary.json', 'stdout.log', 'stderr.log', 'exit-code', 'k6.times'] as const;

/**
 * k6's CPU seconds (user + system) from the launcher's `times` output: the shell's own line, then its reaped
 * children's — `0m1.230000s 0m0.450000s`. Undefined when the file is not that (k6 killed with its launcher).
 */
export function cpuSecondsFromTimes(text: string): number | undefined {
  const children = text.trim().split('\n')[1] ?? '';
  const m = /^(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s$/.exec(children.trim());
  if (m === null) return undefined;
  const [, um, us, sm, ss] = m.map(Number);
  const total = (um ?? 0) * 60 + (us ?? 0) + (sm ?? 0) * 60 + (ss ?? 0);
  return Number.isFinite(total) ? Math.round(total * 1000) / 1000 : undefined;
}

export interface RemoteK6Spec {
  host: SshHost;
  /** The instance's own directory on the host (created, later removed). */
  remoteDir: string;
  /** k6 on the host. */
  k6: string;
  /** Everything after `k6 run` except the REST flags and the archive, which this module adds. */
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  /** The REST API's port on the host's loopback. */
  apiPort: number;
  timeoutMs: number;
}

/** A free loopback port here, for the local end of a forward (bound then released: the forward takes it next). */
export async function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, SELF, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function envLines(env: Readonly<Record<string, string>>): string {
  const lines = Object.entries(env).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new K6RunError(`environment name '${k}' cannot be sent to a generator`);
    if (/[\n\r]/.test(v)) throw new K6RunError(`environment value of ${k} has a line break and cannot be sent to a generator`);
    return `${k}=${v}\n`;
  });
  return `${lines.join('')}--end-env--\n`;
}

export class RemoteK6 {
  private run?: ResultPromise;
  private forward?: ResultPromise;
  private untrack: Array<() => void> = [];
  api?: K6Api;
  /** Resolves with k6's exit code (ssh's 255 when the connection failed) once the launcher ends. */
  exited?: Promise<number>;
  exitCode?: number;

  constructor(readonly spec: RemoteK6Spec) {}

  get name(): string {
    return this.spec.host.target.name;
  }

  /** Ships the launcher and archive, starts k6 paused and opens the forward; resolves when k6 answers paused. */
  async start(archive: string, env: NodeJS.ProcessEnv, startTimeoutMs: number): Promise<void> {
    const { host, remoteDir } = this.spec;
    const q = shellQuote;
    await host.connect();
    const remoteArchive = `${remoteDir}/archive.tar`;
    await host.upload(archive, remoteArchive);
    const k6Args = ['run', '--paused', '--address', `${SELF}:${this.spec.apiPort}`, '--linger', ...this.spec.args, remoteArchive];
    // The launcher travels on the command line (it holds no secret), so the host needs no file of ours but the archive.
    const remote = ['sh', '-c', LAUNCHER, 'loadgate-k6', remoteDir, this.spec.k6, ...k6Args].map(q).join(' ');
    this.run = execa('ssh', [...host.args(), '--', remote], {
      reject: false,
      input: undefined,
      stdin: 'pipe',
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: this.spec.timeoutMs,
      env: { LC_ALL: 'C' },
    });
    const run = this.run;
    this.untrack.push(trackChild(this.run.pid, `ssh k6 ${this.name}`));
    this.run.stdin?.write(envLines(this.spec.env));
    this.exited = this.run.then((r) => {
      this.exitCode = r.exitCode ?? 255;
      return this.exitCode;
    });
    const localPort = await freeLocalPort();
    this.forward = execa(
      'ssh',
      host.args(['-N', '-o', 'ExitOnForwardFailure=yes', '-L', `${SELF}:${localPort}:${SELF}:${this.spec.apiPort}`]),
      { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', env: { LC_ALL: 'C' } },
    );
    this.untrack.push(trackChild(this.forward.pid, `ssh forward ${this.name}`));
    this.api = new K6Api(SELF, localPort, env);
    const paused = this.api.waitFor((s) => s.status === 4, 'paused', startTimeoutMs);
    const died = this.exited.then(async (code) => {
      // k6's own last words are in its stderr.log on the host (ssh's, for a failed connection, in ours).
      const log = await host.exec(`tail -n 3 ${q(`${remoteDir}/stderr.log`)}`, { timeoutMs: 15_000 });
      const why = (log.exitCode === 0 && log.stdout.trim() !== '' ? log.stdout : String((await run).stderr)).trim().split('\n').pop() ?? '';
      throw new K6RunError(`k6 on ${this.name} exited ${code} before the start${why ? `: ${why.slice(0, 300)}` : ''}`);
    });
    await Promise.race([paused, died]);
  }

  /**
   * Ends the instance: closing the channel's stdin makes the launcher SIGTERM a lingering k6 (exit 0); bounded,
   * then the local ssh processes are killed (which ends the channel all the same).
   */
  async end(graceMs = 10_000): Promise<number> {
    this.run?.stdin?.end();
    const code = await Promise.race([
      this.exited ?? Promise.resolve(255),
      new Promise<undefined>((r) => setTimeout(() => r(undefined), graceMs)),
    ]);
    if (code === undefined) {
      // k6 did not end within the grace: end it on the host by the PID our launcher recorded, then our ssh.
      await this.spec.host
        .exec(`kill -KILL "$(cat ${shellQuote(`${this.spec.remoteDir}/k6.pid`)})"`, { timeoutMs: 10_000 })
        .catch(() => undefined);
      this.run?.kill('SIGKILL');
    }
    this.forward?.kill('SIGTERM');
    await Promise.allSettled([this.run, this.forward]);
    for (const u of this.untrack) u();
    return this.exitCode ?? 255;
  }

  /** Copies the instance's output files into `localDir` (one tar stream through ssh; missing files skipped). */
  async pull(localDir: string): Promise<void> {
    await mkdir(localDir, { recursive: true });
    const { host, remoteDir } = this.spec;
    const files = PULLED_FILES.map((f) => `[ -e ${f} ] && printf '%s\\n' ${f}`).join('; ');
    const cmd = `cd ${shellQuote(remoteDir)} && { ${files}; } | tar -cf - -T -`;
    const tar = execa('ssh', [...host.args(), '--', cmd], { reject: false, stdin: 'ignore', encoding: 'buffer', timeout: 300_000 });
    const unpack = execa('tar', ['-xf', '-', '-C', localDir], { reject: false, stdin: 'pipe' });
    tar.stdout?.pipe(unpack.stdin ?? createWriteStream('/dev/null'));
    const [t, u] = await Promise.all([tar, unpack]);
    if (t.exitCode !== 0 || u.exitCode !== 0) {
      const why = `${Buffer.from(t.stderr).toString('utf8')}${String(u.stderr)}`.trim().split('\n').pop() ?? '';
      throw new K6RunError(`pulling ${this.name}'s results failed: ${why}`);
    }
  }

  async removeRemote(): Promise<void> {
    await this.spec.host.exec(`rm -rf ${shellQuote(this.spec.remoteDir)}`, { timeoutMs: 30_000 });
  }

  /** CPU seconds k6 used, from the pulled `k6.times` (see LAUNCHER), or undefined when k6 did not end through it. */
  static async cpuSecondsPulled(localDir: string): Promise<number | undefined> {
    const text = await readFile(join(localDir, 'k6.times'), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : cpuSecondsFromTimes(text);
  }
}
