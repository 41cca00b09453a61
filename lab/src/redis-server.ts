/**
 * The lab's real redis-server on the redis VM's address: no persistence, its own temp dir, the password (if
 * any) in a 0600 config file rather than argv. Stopped by PID. Also the admin connection the slow/paused
 * Redis faults use (DEBUG SLEEP, CLIENT PAUSE).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { createClient } from 'redis';
import { LabStartError } from './errors.ts';
import { redisConfValue } from './redis-conf.ts';
import { labDirPrefix } from './temp-dirs.ts';
import { REDIS_ENDPOINT } from './topology.ts';

async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function findRedisServer(env: NodeJS.ProcessEnv): Promise<string> {
  const found = await findOnPath('redis-server', env);
  if (found === undefined) throw new LabStartError("redis-server not found on PATH: run 'make setup' or 'apt-get install redis-server'");
  return found;
}

/**
 * redis-server cannot notice that the lab died: a lab killed with SIGKILL alone (not its process group) would
 * leave it holding 127.0.0.23:6379. util-linux's setpriv (essential on Debian) sets the kernel's parent-death
 * signal and then execs redis-server, so its PID stays redis-server's own and it gets SIGTERM when the lab goes.
 */
export async function redisServerCommand(binary: string, confPath: string): Promise<[string, string[]]> {
  return withParentDeathSignal(binary, [confPath]);
}

/** Ends a child this lab started, by its PID: SIGTERM, then SIGKILL after 2 s; resolves once it is gone. */
export async function stopChild(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 2000);
  await exited;
  clearTimeout(timer);
}

/** `binary args…`, run so that it gets SIGTERM when this process dies (see redisServerCommand). */
export async function withParentDeathSignal(binary: string, args: readonly string[]): Promise<[string, string[]]> {
  const setpriv = await findOnPath('setpriv', process.env);
  return setpriv === undefined ? [binary, [...args]] : [setpriv, ['--pdeathsig', 'SIGTERM', binary, ...args]];
}

export interface RunningRedis {
  pid: number;
  dir: string;
  admin: ReturnType<typeof createClient>;
  stop(): Promise<void>;
}

export async function startRedis(binary: string, password: string | undefined, log: (line: string) => void): Promise<RunningRedis> {
  const dir = await mkdtemp(labDirPrefix('redis'));
  const conf = [
    `bind ${REDIS_ENDPOINT.host}`,
    `port ${REDIS_ENDPOINT.port}`,
    'protected-mode no',
    'save ""',
    'appendonly no',
    `dir ${redisConfValue(dir)}`,
    'databases 16',
    'daemonize no',
    'loglevel warning',
    // DEBUG SLEEP is how the slow-Redis fault works; the server only listens on loopback.
    'enable-debug-command yes',
    // Quoted: a password with a space would otherwise be two arguments, one with a newline a second line.
    ...(password !== undefined ? [`requirepass ${redisConfValue(password)}`] : []),
  ].join('\n');
  const confPath = join(dir, 'redis.conf');
  await writeFile(confPath, `${conf}\n`, { mode: 0o600 });
  const [bin, args] = await redisServerCommand(binary, confPath);
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new LabStartError('redis-server could not be started');
  let output = '';
  const onData = (b: Buffer): void => {
    const text = b.toString('utf8');
    output = (output + text).slice(-2000);
    for (const line of text.split('\n')) if (line.trim() !== '') log(`redis-server: ${line.trim()}`);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const stop = async (): Promise<void> => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };

  const admin = createClient({
    socket: { host: REDIS_ENDPOINT.host, port: REDIS_ENDPOINT.port, reconnectStrategy: (n: number) => (n > 50 ? false : 20) },
    ...(password !== undefined ? { password } : {}),
  });
  admin.on('error', () => undefined);
  // Poll until redis-server answers PING (or exits): readiness is polled, never assumed.
  const deadline = Date.now() + 5000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      const inUse = /Address already in use/i.test(output);
      throw new LabStartError(
        inUse
          ? `${REDIS_ENDPOINT.host}:${REDIS_ENDPOINT.port} is already in use`
          : `redis-server exited: ${output.trim().split('\n').pop() ?? ''}`,
      );
    }
    try {
      if (!admin.isOpen) await admin.connect();
      if ((await admin.ping()) === 'PONG') break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new LabStartError('redis-server did not answer PING within 5 s');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    pid,
    dir,
    admin,
    async stop() {
      admin.destroy();
      await stop();
    },
  };
}
