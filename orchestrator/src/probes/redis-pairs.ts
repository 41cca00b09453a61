/**
 * One Redis "pair" — `SET <key> <value> EX 60` then `GET <key>`, checking the value read back — and the
 * clean-up of the keys a probe wrote. Shared by the redis and mixed probes.
 */
import { randomBytes } from 'node:crypto';
import { closeWithin, type ProbeRedisClient } from './redis-client.ts';
import { classifyError, type Reason } from './reasons.ts';

/** Keys expire on their own even when clean-up cannot reach Redis (the original workload's EX 60). */
export const KEY_TTL_SECONDS = 60;

export interface PairResult {
  ok: boolean;
  reason?: Reason;
  /** Duration of each command that completed or failed, in ms (a GET after a failed SET is not sent). */
  setMs?: number;
  getMs?: number;
  /** Commands sent. */
  sent: { set: number; get: number };
  /** Wall time of the whole pair, in ms. */
  totalMs: number;
}

/** `loadgate:<runId>:<probe id>` — every key a probe writes starts with it, so clean-up can find them all. */
export function keyPrefix(runId: string, probeId: string): string {
  return `loadgate:${runId}:${probeId}`;
}

/**
 * The key of pair `index`. Made when it is needed, never as one array of every key: 100,000 live strings
 * made at the probe's start were copied by each young-generation GC and stalled the loop being measured.
 */
export function keyAt(prefix: string, index: number): string {
  return `${prefix}:${index}`;
}

/**
 * A value of exactly `bytes` ASCII characters, different for every key (its index leads and a per-run
 * random filler follows), so that a GET answering another key's value is caught.
 */
export function makeValue(index: number, bytes: number, filler: string): string {
  const head = `${index}:`;
  if (head.length >= bytes) return head.slice(0, Math.max(bytes, 1));
  let body = filler;
  while (body.length < bytes - head.length) body += filler;
  return head + body.slice(0, bytes - head.length);
}

export function makeFiller(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Bounds one command in time. node-redis's own `timeout` and `abortSignal` only cover a command that is
 * still waiting to be written; once on the wire it waits for its reply forever (a stalled Redis). So each
 * command races a timer and the probe's signal; a late reply is then dropped, and the rejection of a
 * command still pending when the client is destroyed is swallowed.
 */
export function within<T>(command: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  command.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const fail = (message: string, code: string): void => {
      cleanup();
      reject(Object.assign(new Error(message), { code }));
    };
    const onAbort = (): void => fail('stopped: the probe reached its time limit or was interrupted', 'ETIMEDOUT');
    const timer = setTimeout(() => fail(`no reply within ${timeoutMs} ms`, 'ETIMEDOUT'), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    command.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err: unknown) => {
        cleanup();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export async function runPair(
  client: ProbeRedisClient,
  key: string,
  value: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<PairResult> {
  const started = performance.now();
  const sent = { set: 0, get: 0 };
  let t = performance.now();
  let setMs: number | undefined;
  try {
    sent.set++;
    await within(client.set(key, value, { expiration: { type: 'EX', value: KEY_TTL_SECONDS } }), timeoutMs, signal);
    setMs = performance.now() - t;
    t = performance.now();
    sent.get++;
    const got = await within(client.get(key), timeoutMs, signal);
    const getMs = performance.now() - t;
    const totalMs = performance.now() - started;
    if (got !== value) return { ok: false, reason: 'wrong-value', setMs, getMs, sent, totalMs };
    return { ok: true, setMs, getMs, sent, totalMs };
  } catch (err) {
    const failedMs = performance.now() - t;
    const reason = classifyError(err);
    const totalMs = performance.now() - started;
    return setMs === undefined
      ? { ok: false, reason, setMs: failedMs, sent, totalMs }
      : { ok: false, reason, setMs, getMs: failedMs, sent, totalMs };
  }
}

/** Clean-up and closing together get at most this long after the probe (keys expire after 60 s anyway). */
export const CLEANUP_GRACE_MS = 2000;

export type Cleanup = { removed: number } | { reason: Reason };

/** Keys per UNLINK during clean-up. */
const CLEANUP_BATCH = 1000;
/** UNLINK batches in flight at once during clean-up. */
const CLEANUP_IN_FLIGHT = 4;

/**
 * Deletes every key a probe may have written (`keyAt(prefix, 0 … count-1)`, UNLINK in batches), then
 * closes the client — best effort, both within `graceMs`. The UNLINK goes over the same connection as the writes, so Redis executes it
 * after them even when the writes are still queued behind a stalled server. Never throws.
 */
export async function cleanUpAndClose(
  client: ProbeRedisClient,
  prefix: string,
  count: number,
  graceMs: number = CLEANUP_GRACE_MS,
): Promise<Cleanup> {
  const until = performance.now() + graceMs;
  let cleanup: Cleanup = { removed: 0 };
  if (client.isReady && count > 0) {
    const batches = Math.ceil(count / CLEANUP_BATCH);
    const batchKeys = (b: number): string[] =>
      Array.from({ length: Math.min(CLEANUP_BATCH, count - b * CLEANUP_BATCH) }, (_, i) => keyAt(prefix, b * CLEANUP_BATCH + i));
    try {
      // A few batches in flight, not all of them: encoding 100,000 keys' UNLINKs in one synchronous burst
      // stalled loadgate's event loop for tens of milliseconds, inside the window the loop monitor measures.
      let removed = 0;
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let b = next++; b < batches; b = next++) removed += await within(client.unlink(batchKeys(b)), graceMs);
      };
      await Promise.all(Array.from({ length: Math.min(CLEANUP_IN_FLIGHT, batches) }, worker));
      cleanup = { removed };
    } catch (err) {
      cleanup = { reason: classifyError(err) };
    }
  } else if (count > 0 && client.isOpen) cleanup = { reason: 'reset' };
  await closeWithin(client, Math.max(50, until - performance.now()));
  return cleanup;
}
