/**
 * One health check of one service, by its own kind — the original suite asked every VM (Redis included)
 * for `GET /api/health`, so it could never be right:
 *   http   method + path, status in the expected list (TLS when the service has it)
 *   redis  AUTH when configured, then PING → +PONG, in raw RESP (a tiny exchange, no client needed)
 *   tcp    the connection is accepted
 * Every check has its own timeout covering connect and answer; a failure carries one reason: refused,
 * timeout, dns, wrong-status, tls, protocol, auth, reset.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { HealthCheck } from '../plan/types.ts';
import { classifyError, type Reason } from './reasons.ts';

export interface CheckResult {
  ok: boolean;
  reason?: Reason;
  ms: number;
  /** What was seen, for the report: `HTTP 503`, `+PONG`, `-NOAUTH …`, the error message. */
  detail: string;
}

type Settle = (r: Omit<CheckResult, 'ms'>) => void;

/** Runs `start` with a deadline; whatever settles first wins, and `cleanup` always runs. */
function bounded(timeoutMs: number, signal: AbortSignal | undefined, start: (settle: Settle) => () => void): Promise<CheckResult> {
  const began = performance.now();
  return new Promise((resolve) => {
    let done = false;
    let cleanup: () => void = () => undefined;
    const settle: Settle = (r) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      cleanup();
      resolve({ ...r, ms: performance.now() - began });
    };
    const onAbort = (): void => settle({ ok: false, reason: 'timeout', detail: 'stopped: the probe reached its time limit' });
    const timer = setTimeout(() => settle({ ok: false, reason: 'timeout', detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    cleanup = start(settle);
  });
}

function failWith(settle: Settle): (err: unknown) => void {
  return (err) => settle({ ok: false, reason: classifyError(err), detail: err instanceof Error ? err.message : String(err) });
}

/**
 * `address`: where to connect — the run's pinned address for the check's host (pinHosts), the host itself when
 * it is a literal address. The host name still goes in Host and in TLS's SNI.
 */
export function httpCheck(check: HealthCheck, signal?: AbortSignal, address = check.host): Promise<CheckResult> {
  const spec = check.http ?? { method: 'GET', path: '/', expectStatus: [200] };
  return bounded(check.timeoutMs, signal, (settle) => {
    const request = check.tls ? httpsRequest : httpRequest;
    // agent: false — a fresh connection per check, so a check measures connect + answer, never a reused socket.
    const req = request({
      host: address,
      port: check.port,
      method: spec.method,
      path: spec.path,
      agent: false,
      headers: { host: `${check.host}:${check.port}` },
      servername: check.tls ? check.host : undefined,
    });
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      res.resume();
      if (spec.expectStatus.includes(status)) settle({ ok: true, detail: `HTTP ${status}` });
      else settle({ ok: false, reason: 'wrong-status', detail: `HTTP ${status}, expected ${spec.expectStatus.join('|')}` });
    });
    // A connection accepted and then closed without any HTTP answer is a server that does not speak HTTP
    // there (Redis drops a request that looks like HTTP): a protocol failure, not a refusal.
    let connected = false;
    req.on('socket', (socket) => socket.once(check.tls ? 'secureConnect' : 'connect', () => (connected = true)));
    req.on('error', (err) => {
      if (connected && classifyError(err) === 'reset')
        settle({ ok: false, reason: 'protocol', detail: `connection closed without an HTTP answer (${err.message})` });
      else failWith(settle)(err);
    });
    req.end();
    return () => req.destroy();
  });
}

export function tcpCheck(check: HealthCheck, signal?: AbortSignal, address = check.host): Promise<CheckResult> {
  return bounded(check.timeoutMs, signal, (settle) => {
    const socket = netConnect({ host: address, port: check.port });
    socket.on('connect', () => settle({ ok: true, detail: 'connected' }));
    socket.on('error', failWith(settle));
    return () => socket.destroy();
  });
}

/** RESP encoding of one command as an array of bulk strings (so a password with spaces stays one argument). */
function resp(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

export function redisCheck(check: HealthCheck, signal?: AbortSignal, address = check.host): Promise<CheckResult> {
  return bounded(check.timeoutMs, signal, (settle) => {
    const auth = check.redis?.password;
    const commands: string[][] = [];
    if (auth !== undefined) commands.push(check.redis?.username !== undefined ? ['AUTH', check.redis.username, auth] : ['AUTH', auth]);
    commands.push(['PING']);
    const socket: Socket = check.tls
      ? tlsConnect({ host: address, port: check.port, servername: check.host })
      : netConnect({ host: address, port: check.port });
    let buffered = '';
    let replies = 0;
    socket.on(check.tls ? 'secureConnect' : 'connect', () => socket.write(commands.map(resp).join('')));
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        replies++;
        const isLast = replies === commands.length;
        if (line.startsWith('-')) {
          const reason: Reason = /^-(NOAUTH|WRONGPASS|NOPERM|ERR (invalid password|AUTH))/.test(line) ? 'auth' : 'protocol';
          return settle({ ok: false, reason, detail: line.slice(0, 120) });
        }
        if (!isLast && line !== '+OK') return settle({ ok: false, reason: 'protocol', detail: `AUTH answered ${line.slice(0, 60)}` });
        if (isLast) {
          if (line === '+PONG') return settle({ ok: true, detail: '+PONG' });
          return settle({ ok: false, reason: 'protocol', detail: `PING answered ${JSON.stringify(line.slice(0, 60))}, not +PONG` });
        }
      }
      // Not Redis at all (an HTTP server answers garbage without CRLF for a while): give up after a few KB.
      if (buffered.length > 4096) settle({ ok: false, reason: 'protocol', detail: 'answer is not RESP' });
    });
    socket.on('end', () => settle({ ok: false, reason: 'protocol', detail: 'connection closed before PONG' }));
    socket.on('error', failWith(settle));
    return () => socket.destroy();
  });
}

export function runCheck(check: HealthCheck, signal?: AbortSignal, address = check.host): Promise<CheckResult> {
  switch (check.kind) {
    case 'http':
      return httpCheck(check, signal, address);
    case 'redis':
      return redisCheck(check, signal, address);
    case 'tcp':
      return tcpCheck(check, signal, address);
  }
}
