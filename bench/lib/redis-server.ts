/**
 * A private redis-server for the Redis figures: 127.0.0.1, a free port, a temp dir, no persistence (the same
 * recipe as orchestrator/test/helpers/redis.ts, which the bench cannot import: tests are not part of its
 * project). Readiness is polled with PING. stop() ends exactly the PID it started and removes the dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { trackChild } from '../../orchestrator/src/children.ts';

export interface BenchRedis {
  host: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => done(chunk.toString('utf8').startsWith('+PONG')));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

export async function startBenchRedis(timeoutMs = 10_000): Promise<BenchRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-bench-redis-'));
  const port = await freePort();
  const conf = join(dir, 'redis.conf');
  const lines = [
    `bind ${HOST}`,
    `port ${port}`,
    `dir ${dir}`,
    'save ""',
    'appendonly no',
    'daemonize no',
    'logfile ""',
    'loglevel warning',
  ];
  await writeFile(conf, `${lines.join('\n')}\n`, { mode: 0o600 });
  const child = spawn('redis-server', [conf], { stdio: 'ignore' });
  child.on('error', () => undefined);
  const pid = child.pid;
  if (pid === undefined) throw new Error('redis-server could not be started (is it installed?)');
  // Registered so that an interrupted bench (run.ts's signal handler) ends it by PID too.
  const untrack = trackChild(pid, 'bench redis-server');
  child.once('exit', untrack);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await ping(port)) {
      let stopped = false;
      return {
        host: HOST,
        port,
        pid,
        async stop() {
          if (stopped) return;
          stopped = true;
          await stopChild(child);
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    await sleep(25);
  }
  await stopChild(child);
  await rm(dir, { recursive: true, force: true });
  throw new Error(`redis-server did not answer PING on ${HOST}:${port} within ${timeoutMs} ms`);
}
