/**
 * The probes' Redis client (node-redis v5), configured so that 100-way concurrency cannot exhaust it and a
 * broken Redis cannot hang it.
 *
 * Why one connection and not a pool: node-redis multiplexes every command on one socket and pipelines
 * whatever is issued in the same tick into one write. 100 concurrent SET/GET pairs become a handful of
 * socket writes, and there is no pool to run dry (the original suite's "Too many connections" came from a
 * 10-connection pool with one command in flight per connection). Redis executes commands one at a time
 * anyway, so more connections would not buy throughput on loopback, only more sockets and AUTH handshakes.
 *
 * Bounds: connect timeout and a per-command timeout (both the inventory's `timeoutMs` unless the probe
 * asks for less), a reconnect strategy that gives up after a few tries, and no offline queue (a command
 * on a dropped connection fails at once instead of waiting for a reconnect that may never come).
 */
import { createClient } from 'redis';
import type { RedisTarget } from '../plan/types.ts';
import { pinnedAddress, type HostPins } from '../safety/loopback.ts';

export type ProbeRedisClient = ReturnType<typeof createClient>;

/** Reconnect attempts after a dropped or refused connection, before the client gives up. */
const MAX_RECONNECTS = 2;

/**
 * node-redis builds a client class (its whole command table, ≈20–30 ms of synchronous work) for every
 * distinct set of options it sees: a new target, even a new password, would stall the event loop that
 * long. So one template client is built once per process (not connected) and every probe client is its
 * duplicate() with the target's options, which reuses the class.
 */
let template: ProbeRedisClient | undefined;
function baseClient(): ProbeRedisClient {
  template ??= createClient({
    disableOfflineQueue: true,
    // CLIENT SETINFO is a Redis ≥ 7.2 command; skipping it keeps older servers (and emulators) working.
    disableClientInfo: true,
    maintNotifications: 'disabled',
  });
  return template;
}

/** Pays the one-time class build up front (runProbe calls it before its event-loop monitor starts). */
export function warmUpRedisClient(): void {
  baseClient();
}

/**
 * `pins`: the run's resolved, checked addresses (pinHosts). The client connects to the pin, never resolving
 * the name again (node-redis would, at every reconnect); TLS still names the host (SNI, certificate check).
 */
export function createProbeClient(target: RedisTarget, pins: HostPins = {}): ProbeRedisClient {
  const common = {
    host: pinnedAddress(target.host, pins),
    port: target.port,
    connectTimeout: target.timeoutMs,
    noDelay: true,
    reconnectStrategy: (retries: number, cause: Error): number | Error =>
      retries >= MAX_RECONNECTS ? cause : Math.min(50 * 2 ** retries, 500),
  };
  const client = baseClient().duplicate({
    socket: target.tls ? { ...common, tls: true, servername: target.host } : { ...common, tls: false },
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    database: target.db,
    // No `commandOptions.timeout`: node-redis implements it with an AbortSignal.timeout per command (a weak
    // timer kept alive for the whole timeout), and at 100,000 pairs those objects filled the old generation
    // and made major GCs stall the event loop for 40–70 ms. Every command is bounded by `within` instead.
  });
  // Without a listener node-redis rethrows socket errors as uncaught exceptions; each failure is
  // reported by the command or connect that meets it instead.
  client.on('error', () => undefined);
  return client;
}

/**
 * Connects within `timeoutMs` (connect, AUTH, SELECT included). Resolves with the error instead of
 * throwing, and destroys the client when it fails, so nothing keeps reconnecting in the background.
 */
export async function connectWithin(client: ProbeRedisClient, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Error>((resolve) => {
    timer = setTimeout(
      () => resolve(Object.assign(new Error(`connect timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      timeoutMs,
    );
  });
  const aborted = new Promise<Error>((resolve) => {
    if (signal?.aborted) resolve(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }));
    signal?.addEventListener('abort', () => resolve(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })), { once: true });
  });
  const connected = client.connect().then(
    () => undefined,
    (err: unknown) => err ?? new Error('connect failed'),
  );
  const outcome = await Promise.race([connected, deadline, aborted]);
  clearTimeout(timer);
  if (outcome !== undefined) destroyQuietly(client);
  return outcome;
}

/** Closes gracefully (pending replies are awaited) within `timeoutMs`, then forcibly. Never throws. */
export async function closeWithin(client: ProbeRedisClient, timeoutMs: number): Promise<void> {
  if (!client.isOpen) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.close().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  destroyQuietly(client);
}

function destroyQuietly(client: ProbeRedisClient): void {
  try {
    if (client.isOpen) client.destroy();
  } catch {
    // Already closed: nothing left to release.
  }
}
