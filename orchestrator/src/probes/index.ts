/**
 * runProbe: runs one native probe (redis, mixed, cross-vm) of the plan in loadgate's own process and hands
 * the verdict a ScenarioRecord pointing at its raw samples (k6's JSON format, `probes/<id>/samples.json.gz`)
 * and its result file (`probes/<id>/result.json`).
 *
 * A probe that meets a broken target does not throw: every failure becomes a failed sample with its reason,
 * so the criteria fail with a reason. `errors` is only for a probe that could not run at all (no target,
 * a bad parameter, a samples file that cannot be written). It never outlives its time limit: at
 * `timeoutMs` its signal fires, unfinished operations count as timeouts, and clean-up has its own bound.
 * The event loop is watched over the probe's whole duration (event_loop_max_stall, event_loop_p99).
 */
import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, ProbeError } from '../errors.ts';
import type { ProbePlan } from '../plan/types.ts';
import type { ScenarioRecord } from '../record.ts';
import { pinnedAddress, refusedHosts, type HostPins } from '../safety/loopback.ts';
import { withLive, type LiveMetrics } from '../samples/tee.ts';
import { createSampleWriter } from '../samples/writer.ts';
import type { ProbeContext, ProbeOutcome } from './context.ts';
import { DEFAULT_STALL_LIMIT_MS, startLoopMonitor } from './event-loop.ts';
import { warmUpRedisClient } from './redis-client.ts';
import { probeFor } from './registry.ts';

export interface ProbeRunContext {
  runId: string;
  runDir: string;
  /** The run's environment (the loopback guard reads LOADGATE_LOOPBACK_ONLY from it). */
  env: NodeJS.ProcessEnv;
  /** The plan entry and round this run is (the record's identity); the plan's id and round 1 when absent. */
  entry?: string;
  round?: number;
  signal?: AbortSignal;
  /** The run's pinned addresses (pinHosts): judged by the guard and connected to instead of the names. */
  pins?: HostPins;
  /** The run's live metrics (a remote write): every sample is offered to it too. */
  metrics?: LiveMetrics;
}

/** Hosts the probe would contact; under LOADGATE_LOOPBACK_ONLY=1 any non-loopback one stops it before a packet. */
export function forbiddenHosts(plan: ProbePlan, env: NodeJS.ProcessEnv, pins: HostPins = {}): string[] {
  const hosts = [plan.redis?.host, ...(plan.checks ?? []).map((c) => c.host)].filter((h): h is string => h !== undefined);
  // What is judged is what the probe connects to: a pinned name by its address.
  return refusedHosts(
    hosts.map((h) => pinnedAddress(h, pins)),
    env,
  );
}

function stallLimit(plan: ProbePlan): number {
  const raw = plan.params['eventLoopStallLimitMs'];
  const n = typeof raw === 'string' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : DEFAULT_STALL_LIMIT_MS;
}

export async function runProbe(plan: ProbePlan, ctx: ProbeRunContext): Promise<ScenarioRecord> {
  const rel = join('probes', plan.id);
  const dir = join(ctx.runDir, rel);
  const samplesRel = join(rel, 'samples.json.gz');
  const resultRel = join(rel, 'result.json');
  const startedAt = new Date().toISOString();
  const errors: string[] = [];
  const faults: string[] = [];
  let outcome: ProbeOutcome = { intended: {}, details: {} };

  const pins = ctx.pins ?? {};
  const forbidden = forbiddenHosts(plan, ctx.env, pins);
  if (forbidden.length > 0) errors.push(`refused by LOADGATE_LOOPBACK_ONLY=1: non-loopback target ${forbidden.join(', ')}`);

  const deadline = AbortSignal.timeout(plan.timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([deadline, ctx.signal]) : deadline;
  // Every in-flight operation listens to it (100 concurrent pairs = 100 listeners): not a leak.
  setMaxListeners(0, signal);
  let wroteSamples = false;
  if (errors.length === 0) {
    await mkdir(dir, { recursive: true });
    const writer = withLive(createSampleWriter(join(ctx.runDir, samplesRel)), ctx.metrics);
    writer.declare('event_loop_max_stall', 'gauge', 'time');
    writer.declare('event_loop_p99', 'gauge', 'time');
    const probeCtx: ProbeContext = {
      plan,
      runId: ctx.runId,
      dir,
      writer,
      signal,
      pins,
      fault: (message) => faults.push(`${new Date().toISOString()} ${message}`),
    };
    if (plan.redis) warmUpRedisClient();
    const monitor = startLoopMonitor(stallLimit(plan));
    try {
      const probe = probeFor(plan.scenario);
      if (!probe) throw new ProbeError(`no probe is registered for scenario kind ${plan.scenario}`);
      outcome = await probe(probeCtx);
    } catch (err) {
      errors.push(`probe ${plan.id} could not run: ${describeError(err)}`);
    }
    const loop = monitor.stop();
    writer.point('event_loop_max_stall', loop.maxStallMs);
    writer.point('event_loop_p99', loop.p99Ms);
    if (loop.blocked) probeCtx.fault(`loadgate's event loop stalled ${loop.maxStallMs} ms (limit ${loop.limitMs} ms) while probing`);
    if (deadline.aborted) probeCtx.fault(`probe ${plan.id} reached its time limit of ${plan.timeoutMs} ms`);
    outcome.details['eventLoop'] = loop;
    try {
      await writer.close();
      wroteSamples = true;
    } catch (err) {
      errors.push(describeError(err));
    }
  }
  const record: ScenarioRecord = {
    id: plan.id,
    entry: ctx.entry ?? plan.id,
    round: ctx.round ?? 1,
    scenario: plan.scenario,
    engine: 'probe',
    startedAt,
    finishedAt: new Date().toISOString(),
    samples: wroteSamples ? [samplesRel] : [],
    artifacts: {},
    intended: outcome.intended,
    errors,
    faults,
    aborted: ctx.signal?.aborted ?? false,
    details: outcome.details,
  };
  record.artifacts['result'] = resultRel;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(ctx.runDir, resultRel), JSON.stringify(record, null, 2) + '\n');
  } catch (err) {
    delete record.artifacts['result'];
    record.errors.push(`could not write ${resultRel}: ${describeError(err)}`);
  }
  return record;
}
