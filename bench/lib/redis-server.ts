/**
 * A private redis-server for the Redis figures: the tests' throwaway server (127.0.0.1, a free port, a temp
 * dir, no persistence), registered with the orchestrator's child tracking so an interrupted bench (run.ts's
 * signal handler) ends it by PID too.
 */
import { trackChild } from '../../orchestrator/src/children.ts';
import { startRedis, type TestRedis } from './throwaway-redis.ts';

export type BenchRedis = Pick<TestRedis, 'host' | 'port' | 'pid' | 'stop'>;

export function startBenchRedis(timeoutMs = 10_000): Promise<BenchRedis> {
  return startRedis({ timeoutMs, onSpawn: (pid) => trackChild(pid, 'bench redis-server') });
}
