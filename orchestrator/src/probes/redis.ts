/**
 * The Redis probe: N concurrent `SET <prefix>:<i> <value> EX 60` + `GET` pairs against the inventory's
 * Redis (its database number, AUTH and TLS from the plan), every GET checked against what was SET.
 * Samples: redis_op_duration{op}, redis_ops{op}, redis_op_failed{reason} per pair, redis_batch_duration.
 * A broken Redis never throws: every pair it spoiled becomes redis_op_failed=1 with the reason.
 */
import { ProbeError } from '../errors.ts';
import type { RedisTarget } from '../plan/types.ts';
import { type ProbeContext, type ProbeOutcome, countBy, round2, specParam } from './context.ts';
import { PARAM_SPEC } from '../../../k6/lib/param-spec.ts';
import { connectWithin, createProbeClient, type ProbeRedisClient } from './redis-client.ts';
import { cleanUpAndClose, keyAt, keyPrefix, makeFiller, makeValue, type PairResult, runPair } from './redis-pairs.ts';
import { classifyError } from './reasons.ts';

/** The parameters' ranges and defaults (their upper bounds keep a typo from turning a probe into a flood). */
const SPEC = PARAM_SPEC.redis;

export function requireRedis(ctx: ProbeContext): RedisTarget {
  const target = ctx.plan.redis;
  if (!target) throw new ProbeError(`probe ${ctx.plan.id}: the plan names no Redis target`);
  return target;
}

export function declareRedisMetrics(ctx: ProbeContext): void {
  const w = ctx.writer;
  w.declare('redis_op_duration', 'trend', 'time');
  w.declare('redis_batch_duration', 'trend', 'time');
  w.declare('redis_op_failed', 'rate', 'default');
  w.declare('redis_ops', 'counter', 'default');
}

/** Runs `operations` pairs with at most `concurrency` in flight (all at once by default, as the original). */
export async function runPool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export async function redisProbe(ctx: ProbeContext): Promise<ProbeOutcome> {
  const target = requireRedis(ctx);
  const operations = specParam(ctx.plan.params, 'operations', SPEC.operations);
  const valueBytes = specParam(ctx.plan.params, 'valueBytes', SPEC.valueBytes);
  const concurrency = specParam(ctx.plan.params, 'concurrency', SPEC.concurrency, operations);
  const intended = { operations, commands: operations * 2, concurrency };
  declareRedisMetrics(ctx);
  const w = ctx.writer;
  const prefix = keyPrefix(ctx.runId, ctx.plan.id);
  const filler = makeFiller();
  const where = `${target.vm} ${target.host}:${target.port} db ${target.db} (${target.dbName})`;

  const client: ProbeRedisClient = createProbeClient(target, ctx.pins);
  const connectStart = performance.now();
  const connectError = await connectWithin(client, target.timeoutMs, ctx.signal);
  const connectMs = performance.now() - connectStart;
  const reasons: string[] = [];
  let completedCommands = 0;
  const batchStart = performance.now();
  if (connectError !== undefined) {
    const reason = classifyError(connectError);
    ctx.fault(`redis ${where}: could not connect (${reason}): ${message(connectError)}`);
    for (let i = 0; i < operations; i++) {
      w.point('redis_op_failed', 1, { reason });
      reasons.push(reason);
    }
  } else {
    const record = (r: PairResult): void => {
      const now = new Date();
      if (r.sent.set > 0) w.point('redis_ops', r.sent.set, { op: 'set' }, now);
      if (r.sent.get > 0) w.point('redis_ops', r.sent.get, { op: 'get' }, now);
      if (r.setMs !== undefined) w.point('redis_op_duration', r.setMs, { op: 'set' }, now);
      if (r.getMs !== undefined) w.point('redis_op_duration', r.getMs, { op: 'get' }, now);
      if (r.ok) {
        completedCommands += 2;
        w.point('redis_op_failed', 0, {}, now);
      } else {
        const reason = r.reason ?? 'error';
        reasons.push(reason);
        w.point('redis_op_failed', 1, { reason }, now);
      }
    };
    await runPool(operations, concurrency, async (i) => {
      if (ctx.signal.aborted) {
        record({ ok: false, reason: 'timeout', sent: { set: 0, get: 0 }, totalMs: 0 });
        return;
      }
      record(await runPair(client, keyAt(prefix, i), makeValue(i, valueBytes, filler), target.timeoutMs, ctx.signal));
    });
  }
  const batchMs = connectError !== undefined ? connectMs : performance.now() - batchStart;
  w.point('redis_batch_duration', batchMs);

  const cleanup = connectError !== undefined ? { removed: 0 } : await cleanUpAndClose(client, prefix, operations);
  if ('reason' in cleanup) ctx.fault(`redis ${where}: clean-up of ${prefix}:* failed (${cleanup.reason}); keys expire in 60 s`);

  const failed = reasons.length;
  if (failed > 0 && connectError === undefined)
    ctx.fault(
      `redis ${where}: ${failed} of ${operations} pairs failed (${Object.entries(countBy(reasons))
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
  return {
    intended,
    details: {
      target: where,
      pairs: operations,
      failedPairs: failed,
      errorsByKind: countBy(reasons),
      connectMs: round2(connectMs),
      wallMs: round2(batchMs),
      opsPerSecond: batchMs > 0 ? round2((completedCommands / batchMs) * 1000) : 0,
      cleanup,
    },
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
