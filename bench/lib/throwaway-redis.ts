/**
 * A throwaway redis-server on 127.0.0.1 for tests and the bench: a free port, a temp dir, no persistence,
 * optional requirepass. The password reaches redis-server through its config file (mode 0600), never through
 * argv, so it never shows in /proc/<pid>/cmdline. stop() ends exactly the PID it started and removes the dir.
 * The bench's Redis figures (bench/lib/redis-server.ts) and the tests (orchestrator/test/helpers/redis.ts)
 * both start it from here, so the bench imports no test module.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { redisServerCommand } from '../../lab/src/redis-server.ts';

export interface TestRedis {
  host: string;
  port: number;
  pid: number;
  password?: string;
  /** A connected node-redis client (db 0 unless given), for assertions; the caller closes it. */
  client(db?: number): Promise<ReturnType<typeof createClient>>;
  /** Every key matching the pattern in a database, by SCAN. */
  keys(pattern: string, db?: number): Promise<string[]>;
  /** Ends the server (SIGTERM, then SIGKILL after 3 s) and removes its dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  password?: string;
  /** Extra config lines, e.g. `maxclients 4`. */
  config?: string[];
  /** Readiness deadline. */
  timeoutMs?: number;
  /** Called with the new PID (the bench registers it for its signal handler); the returned function runs at exit. */
  onSpawn?: (pid: number) => () => void;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sends one inline command and returns the first reply line (or the error's code). */
function ask(port: number, line: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    const done = (v: string): void => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(timeoutMs, () => done('timeout'));
    socket.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error'));
    socket.on('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('utf8');
      const end = data.indexOf('\r\n');
      if (end >= 0) done(data.slice(0, end));
    });
  });
}

async function waitReady(port: number, child: ChildProcess, deadline: number): Promise<boolean> {
  while (Date.now() < deadline && child.exitCode === null) {
    const reply = await ask(port, 'PING', 500);
    if (reply === '+PONG' || reply.startsWith('-NOAUTH')) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

export async function startRedis(options: StartRedisOptions = {}): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-redis-'));
  // A port can be taken between freePort() and redis-server's bind: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const lines = [
      'bind 127.0.0.1',
      `port ${port}`,
      `dir ${dir}`,
      'save ""',
      'appendonly no',
      'daemonize no',
      'logfile ""',
      'loglevel warning',
      // DEBUG SLEEP simulates a stalled Redis in fault tests; Redis 7 refuses DEBUG unless allowed.
      'enable-debug-command local',
      ...(options.password !== undefined ? [`requirepass "${options.password}"`] : []),
      ...(options.config ?? []),
    ];
    const conf = join(dir, 'redis.conf');
    await writeFile(conf, lines.join('\n') + '\n', { mode: 0o600 });
    // The lab's own command line (setpriv's parent-death signal): a test or bench process that dies with
    // SIGKILL, or on a closed pipe, takes its redis-server along instead of leaving it running.
    const [bin, args] = await redisServerCommand('redis-server', conf);
    const child = spawn(bin, args, { stdio: 'ignore' });
    const pid = child.pid;
    if (pid === undefined) throw new Error('redis-server could not be started (is it installed?)');
    child.on('error', () => undefined);
    if (options.onSpawn) child.once('exit', options.onSpawn(pid));
    if (await waitReady(port, child, Date.now() + (options.timeoutMs ?? 10_000))) {
      let stopped = false;
      const handle: TestRedis = {
        host: '127.0.0.1',
        port,
        pid,
        ...(options.password !== undefined ? { password: options.password } : {}),
        async client(db = 0) {
          const c = createClient({
            socket: { host: '127.0.0.1', port, connectTimeout: 3000, reconnectStrategy: false },
            ...(options.password !== undefined ? { password: options.password } : {}),
            database: db,
            disableClientInfo: true,
          });
          c.on('error', () => undefined);
          await c.connect();
          return c;
        },
        async keys(pattern, db = 0) {
          const c = await handle.client(db);
          try {
            const found: string[] = [];
            for await (const batch of c.scanIterator({ MATCH: pattern, COUNT: 1000 })) found.push(...batch);
            return found;
          } finally {
            c.destroy();
          }
        },
        async stop() {
          if (stopped) return;
          stopped = true;
          await stopChild(child);
          await rm(dir, { recursive: true, force: true });
        },
      };
      return handle;
    }
    await stopChild(child);
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error('redis-server did not become ready on 127.0.0.1 after 3 attempts');
}
