/**
 * What the pipeline records when a round of a multi-round run (soak) ends: loadgate's own memory, and the
 * target Redis's `used_memory` from one INFO command. A target that cannot be asked is a note, not an error:
 * drift is observed, it never decides the run.
 */
import { describeError, LoopbackRefusedError } from '../errors.ts';
import type { RedisTarget, RunPlan } from '../plan/types.ts';
import { closeWithin, connectWithin, createProbeClient } from '../probes/redis-client.ts';
import { within } from '../probes/redis-pairs.ts';
import { assertLoopbackTargets, type HostPins } from '../safety/loopback.ts';
import type { RoundSnapshot } from '../verdict/drift.ts';

/** The Redis the plan's scenarios use (the inventory's redis target, resolved for a kind that asks for it), if any. */
function redisTarget(plan: RunPlan): RedisTarget | undefined {
  for (const s of plan.scenarios) if ('redis' in s && s.redis) return s.redis;
  return undefined;
}

/** `used_memory:<bytes>` from the text of `INFO memory`. */
export function parseUsedMemory(info: string): number | undefined {
  const m = /^used_memory:(\d+)\r?$/m.exec(info);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

async function usedMemory(target: RedisTarget, env: NodeJS.ProcessEnv, pins: HostPins): Promise<number> {
  assertLoopbackTargets('the round snapshot', [target.host], env, pins);
  const client = createProbeClient(target, pins);
  const failed = await connectWithin(client, target.timeoutMs);
  if (failed !== undefined) throw failed instanceof Error ? failed : new Error(describeError(failed));
  try {
    const used = parseUsedMemory(await within(client.info('memory'), target.timeoutMs));
    if (used === undefined) throw new Error('INFO memory has no used_memory line');
    return used;
  } finally {
    await closeWithin(client, 1000);
  }
}

export async function snapshotRound(round: number, plan: RunPlan, env: NodeJS.ProcessEnv, pins: HostPins = {}): Promise<RoundSnapshot> {
  const target = redisTarget(plan);
  let redisUsedMemoryBytes: number | null = null;
  let note: string | undefined;
  if (target === undefined) note = 'no Redis target in this plan';
  else {
    try {
      redisUsedMemoryBytes = await usedMemory(target, env, pins);
    } catch (err) {
      // A round has ended: the run has sent plenty, so a refusal says only that the snapshot was not taken.
      const why = err instanceof LoopbackRefusedError ? `${err.refusal}; not asked` : describeError(err);
      note = `Redis ${target.host}:${target.port} INFO memory: ${why}`;
    }
  }
  return {
    round,
    at: new Date().toISOString(),
    loadgateRssBytes: process.memoryUsage.rss(),
    redisUsedMemoryBytes,
    ...(note !== undefined ? { note } : {}),
  };
}
