/** The services' connection to the lab's real redis-server (DB 0). Commands issued in one tick are pipelined. */
import { createClient } from 'redis';
import type { RedisTarget } from '../protocol.ts';

export type LabRedis = ReturnType<typeof createClient>;

export async function connectRedis(target: RedisTarget, onError: (message: string) => void): Promise<LabRedis> {
  const client = createClient({
    socket: { host: target.host, port: target.port, reconnectStrategy: (retries: number) => Math.min(50 * (retries + 1), 500) },
    ...(target.password !== undefined ? { password: target.password } : {}),
  });
  let last = '';
  client.on('error', (err: unknown) => {
    // Reconnects are automatic; report each distinct error once rather than once per retry.
    const message = err instanceof Error ? err.message : String(err);
    if (message !== last) onError(`redis: ${message}`);
    last = message;
  });
  await client.connect();
  return client;
}
