/**
 * The mixed probe: real file operations (write, fsync, read back, compare, delete in a temp dir under the
 * run directory) concurrently with Redis pairs — each half alone first, then both together — and the
 * interference ratio (together ÷ the slower half alone). Default criterion: together under 5 s.
 * Samples: mixed_op_duration{kind,phase}, mixed_op_failed{kind,reason}, mixed_total_duration,
 * mixed_interference.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ProbeContext, type ProbeOutcome, countBy, round2, specParam } from './context.ts';
import { PARAM_SPEC } from '../../../k6/lib/param-spec.ts';
import { fileOp } from './file-ops.ts';
import { connectWithin, createProbeClient } from './redis-client.ts';
import { cleanUpAndClose, keyAt, keyPrefix, makeFiller, makeValue, runPair } from './redis-pairs.ts';
import { requireRedis } from './redis.ts';
import { classifyError, type Reason } from './reasons.ts';

/** The parameters' ranges and defaults. */
const SPEC = PARAM_SPEC.mixed;

type Kind = 'file' | 'redis';
type Phase = 'alone' | 'together';

export async function mixedProbe(ctx: ProbeContext): Promise<ProbeOutcome> {
  const target = requireRedis(ctx);
  const fileOps = specParam(ctx.plan.params, 'fileOps', SPEC.fileOps);
  const redisOps = specParam(ctx.plan.params, 'redisOps', SPEC.redisOps);
  const fileBytes = specParam(ctx.plan.params, 'fileBytes', SPEC.fileBytes);
  const valueBytes = specParam(ctx.plan.params, 'valueBytes', SPEC.valueBytes);
  const w = ctx.writer;
  w.declare('mixed_total_duration', 'trend', 'time');
  w.declare('mixed_op_duration', 'trend', 'time');
  w.declare('mixed_op_failed', 'rate', 'default');
  w.declare('mixed_interference', 'gauge', 'default');

  const failures: Record<Kind, Reason[]> = { file: [], redis: [] };
  const record = (kind: Kind, phase: Phase, ms: number | undefined, reason: Reason | undefined): void => {
    const now = new Date();
    if (ms !== undefined) w.point('mixed_op_duration', ms, { kind, phase }, now);
    if (reason === undefined) w.point('mixed_op_failed', 0, { kind }, now);
    else {
      failures[kind].push(reason);
      w.point('mixed_op_failed', 1, { kind, reason }, now);
    }
  };

  // Files: a fresh directory under probes/<id>/files/, removed afterwards whatever happened.
  let workDir: string | undefined;
  let dirFailure: Reason | undefined;
  try {
    await mkdir(join(ctx.dir, 'files'), { recursive: true });
    workDir = await mkdtemp(join(ctx.dir, 'files', 'mixed-'));
  } catch (err) {
    dirFailure = classifyError(err);
    ctx.fault(`mixed: cannot create the file probe's directory under ${join(ctx.dir, 'files')} (${dirFailure})`);
  }
  const content = randomBytes(fileBytes);
  const fileHalf = async (phase: Phase): Promise<void> => {
    await Promise.all(
      Array.from({ length: fileOps }, async (_, i) => {
        if (workDir === undefined) return record('file', phase, undefined, dirFailure ?? 'error');
        const data = Buffer.from(content);
        data.writeUInt32BE(i, 0);
        const r = await fileOp(workDir, phase === 'alone' ? i : fileOps + i, data, ctx.signal);
        record('file', phase, r.ms, r.reason);
      }),
    );
  };

  // Redis: one multiplexed connection, as in the redis probe.
  const client = createProbeClient(target, ctx.pins);
  const connectError = await connectWithin(client, target.timeoutMs, ctx.signal);
  const connectReason = connectError === undefined ? undefined : classifyError(connectError);
  if (connectReason) ctx.fault(`mixed: Redis ${target.vm} ${target.host}:${target.port} unreachable (${connectReason})`);
  const prefix = keyPrefix(ctx.runId, ctx.plan.id);
  const filler = makeFiller();
  const redisHalf = async (phase: Phase): Promise<void> => {
    await Promise.all(
      Array.from({ length: redisOps }, async (_, i) => {
        if (connectReason) return record('redis', phase, undefined, connectReason);
        const k = phase === 'alone' ? i : redisOps + i;
        const r = await runPair(client, keyAt(prefix, k), makeValue(k, valueBytes, filler), target.timeoutMs, ctx.signal);
        record('redis', phase, r.totalMs, r.reason);
      }),
    );
  };

  const timed = async (work: () => Promise<unknown>): Promise<number> => {
    const t = performance.now();
    await work();
    return performance.now() - t;
  };
  const redisAloneMs = await timed(() => redisHalf('alone'));
  const fileAloneMs = await timed(() => fileHalf('alone'));
  const togetherMs = await timed(() => Promise.all([fileHalf('together'), redisHalf('together')]));
  w.point('mixed_total_duration', togetherMs);
  const slowerAlone = Math.max(redisAloneMs, fileAloneMs);
  const interference = slowerAlone > 0 ? togetherMs / slowerAlone : 0;
  w.point('mixed_interference', interference);

  const cleanup = connectReason ? { removed: 0 } : await cleanUpAndClose(client, prefix, redisOps * 2);
  if ('reason' in cleanup) ctx.fault(`mixed: clean-up of ${prefix}:* failed (${cleanup.reason}); keys expire in 60 s`);
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  for (const kind of ['file', 'redis'] as const) {
    const n = failures[kind].length;
    if (n > 0 && !(kind === 'redis' && connectReason) && !(kind === 'file' && dirFailure))
      ctx.fault(
        `mixed: ${n} ${kind} operations failed (${Object.entries(countBy(failures[kind]))
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
      );
  }
  return {
    // Each half runs twice: alone, then together with the other half.
    intended: { fileOps, redisOps, operations: (fileOps + redisOps) * 2 },
    details: {
      fileBytes,
      aloneMs: { file: round2(fileAloneMs), redis: round2(redisAloneMs) },
      togetherMs: round2(togetherMs),
      interferenceRatio: round2(interference),
      errorsByKind: { file: countBy(failures.file), redis: countBy(failures.redis) },
      cleanup,
    },
  };
}
