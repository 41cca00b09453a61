/**
 * One Redis "pair" — `SET <key> <value> EX 60` then `GET <key>`, checking the value read back — and the
 * clean-up of the keys a probe wrote. Shared by the redis and mixed probes.
 */
import { randomBytes } from 'node:crypto';
import type { ProbeRedisClient } from './redis-client.ts';
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

export async function runPair(client: ProbeRedisClient, key: string, value: string, signal: AbortSignal): Promise<PairResult> {
  const started = performance.now();
  const sent = { set: 0, get: 0 };
  const c = client.withAbortSignal(signal);
  let t = performance.now();
  let setMs: number | undefined;
  try {
    sent.set++;
    await c.set(key, value, { expiration: { type: 'EX', value: KEY_TTL_SECONDS } });
    setMs = performance.now() - t;
    t = performance.now();
    sent.get++;
    const got = await c.get(key);
    const getMs = performance.now() - t;
    const totalMs = performance.now() - started;
    if (got !== value) return { ok: false, reason: 'wrong-value', setMs, getMs, sent, totalMs };
    return { ok: true, setMs, getMs, sent, totalMs };
  } catch (err) {
    const failedMs = performance.now() - t;
    const reason = signal.aborted && classifyError(err) === 'aborted' ? 'timeout' : classifyError(err);
    const totalMs = performance.now() - started;
    return setMs === undefined
      ? { ok: false, reason, setMs: failedMs, sent, totalMs }
      : { ok: false, reason, setMs, getMs: failedMs, sent, totalMs };
  }
}

/**
 * Deletes every key a probe may have written (UNLINK, in batches), best effort within `timeoutMs`.
 * It goes over the same connection as the writes, so Redis executes it after them even when the writes
 * are still queued behind a stalled server. Returns how many keys were removed, or the failure's reason.
 */
export async function deleteKeys(
  client: ProbeRedisClient | undefined,
  keys: readonly string[],
  timeoutMs: number,
): Promise<{ removed: number } | { reason: Reason }> {
  if (!client?.isReady || keys.length === 0) return client?.isReady === false ? { reason: 'reset' } : { removed: 0 };
  const c = client.withCommandOptions({ timeout: timeoutMs });
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += 1000) batches.push(keys.slice(i, i + 1000));
  try {
    const counts = await Promise.all(batches.map((b) => c.unlink(b)));
    return { removed: counts.reduce((a, b) => a + b, 0) };
  } catch (err) {
    return { reason: classifyError(err) };
  }
}
