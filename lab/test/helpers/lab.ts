/**
 * Helpers for the lab's integration tests: start the real lab (waiting while another test's lab still holds
 * 127.0.0.20–25), plain node:http requests with a deadline, SSE parsing, a node-redis client for the lab's
 * Redis, and bounded polling. Every target here is loopback.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createClient } from 'redis';
import { LabControl } from '../../../orchestrator/src/lab/control.ts';
import { startLab, type LabHandle, type StartLabOptions } from '../../../orchestrator/src/lab/process.ts';
import { isRecord } from '../../src/is-record.ts';

export { isRecord };

export const MAIN = '127.0.0.20';
export const AFIRGEN_PORT = 8000;
export const BACKEND_PORT = 8001;
export const LAB_KEY = 'loadgate-lab-key';
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Starts the lab; while its addresses are in use (another test file's lab, or an engineer's manual run) it
 * retries for up to `patienceMs`. Any other failure is thrown at once.
 */
export async function startLabPatiently(opts: StartLabOptions, patienceMs = 120_000): Promise<LabHandle> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      return await startLab(opts);
    } catch (err) {
      const inUse = err instanceof Error && /already in use/.test(err.message);
      if (!inUse || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** The lab a describe block shares: read its parts only inside tests (they exist once `before` has run). */
export interface SuiteLab {
  readonly control: LabControl;
  readonly redis: LabRedisClient;
}

/**
 * Registers before/after hooks in the calling describe block: a deterministic lab started with `config` as its
 * start file (in a temp dir), a control client and a Redis client; all stopped and removed afterwards.
 */
export function labForSuite(name: string, config: object, opts: Omit<StartLabOptions, 'configFile' | 'deterministic'> = {}): SuiteLab {
  let dir = '';
  let lab: LabHandle | undefined;
  let control: LabControl | undefined;
  let redis: LabRedisClient | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), `loadgate-lab-${name}-`));
    const configFile = join(dir, 'lab.json');
    await writeFile(configFile, JSON.stringify(config));
    lab = await startLabPatiently({ ...opts, deterministic: true, configFile });
    control = new LabControl(lab.controlUrl);
    redis = await labRedis();
  });
  after(async () => {
    redis?.destroy();
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get control(): LabControl {
      return control ?? assert.fail('the lab is not started yet');
    },
    get redis(): LabRedisClient {
      return redis ?? assert.fail('the lab is not started yet');
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  /** Source address (127.x): a different client for per-client limits. */
  localAddress?: string;
}

/** One request on a fresh connection; rejects with the socket error (ECONNREFUSED…) or `timeout`. */
export function http(host: string, port: number, path: string, opts: HttpOptions = {}): Promise<HttpAnswer> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const req = request(
      { host, port, path, method: opts.method ?? 'GET', headers, agent: false, localAddress: opts.localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - t0,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** POST a JSON body. */
export function postJson(
  host: string,
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return http(host, port, path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Parses an answer's body as a JSON object (fails the test if it is not one). */
export function body(a: HttpAnswer): Record<string, unknown> {
  const v: unknown = JSON.parse(a.text);
  assert.ok(isRecord(v), `not a JSON object: ${a.text.slice(0, 200)}`);
  return v;
}

/** A nested object field. */
export function obj(v: unknown, what = 'value'): Record<string, unknown> {
  assert.ok(isRecord(v), `${what} is not an object: ${JSON.stringify(v)?.slice(0, 200)}`);
  return v;
}

export function str(v: unknown, what = 'value'): string {
  assert.equal(typeof v, 'string', `${what} is not a string: ${JSON.stringify(v)}`);
  return typeof v === 'string' ? v : '';
}

/** Splits a text/event-stream body into its `data:` events, each parsed as a JSON object. */
export function sseEvents(text: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    assert.match(block, /^data: /, `an SSE event is one data: line: ${block}`);
    assert.equal(block.split('\n').length, 1, `one line per event: ${block}`);
    events.push(obj(JSON.parse(block.slice('data: '.length)), 'SSE event'));
  }
  return events;
}

export type LabRedisClient = ReturnType<typeof createClient>;

/** A client for the lab's redis-server (127.0.0.23:6379, DB 0); the caller destroys it. */
export async function labRedis(): Promise<LabRedisClient> {
  const c = createClient({
    socket: { host: '127.0.0.23', port: 6379, connectTimeout: 3000, reconnectStrategy: false },
    disableClientInfo: true,
  });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/** Polls `check` every 20 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Whether a process is still running: it answers signal 0 and is not a zombie (a dead child whose new parent,
 * init in a container, has not reaped it yet still answers signal 0).
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return !(isRecord(err) && err['code'] === 'ESRCH');
  }
  try {
    // /proc/<pid>/stat: `pid (comm) S …`; the state letter follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // gone between the two checks
  }
}
