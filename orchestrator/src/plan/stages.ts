/**
 * The stages of a ramping executor as times relative to the scenario's start: where each stage begins and
 * ends, what it ramps from and to, and which stages ramp down. Per-stage statistics, the capacity knee and the
 * `steady` window are cut from the raw samples along these bounds (verdict/stages.ts).
 */
import { durationMs } from '../config/duration.ts';
import type { ExecutorPlan } from './types.ts';

/** The default warm-up of a constant executor: this share of its duration (`steady` windows, warmupPhases). */
export const WARMUP_SHARE = 0.1;

export interface PlannedStage {
  /** 1-based, in the profile's order. */
  index: number;
  /** Milliseconds after the scenario's start. */
  fromMs: number;
  toMs: number;
  /** VUs (ramping-vus) or iterations per second (ramping-arrival-rate) at the stage's start and end. */
  startTarget: number;
  target: number;
  /** A stage that lowers the load: it ends the ramp, and no knee or steady window includes it. */
  rampDown: boolean;
}

export type StageUnit = 'VUs' | 'iterations/s';

export interface StagePlan {
  unit: StageUnit;
  stages: PlannedStage[];
  /**
   * Milliseconds from the scenario's start to its first iteration: a ramp from 0 VUs starts its first VU when
   * the ramp reaches 1. The scenario's start is read from the samples as its first VU's start minus this.
   */
  firstStartMs: number;
}

function cut(start: number, stages: ReadonlyArray<{ duration: string; target: number }>, perSecond: number): PlannedStage[] {
  const out: PlannedStage[] = [];
  let at = 0;
  let from = start * perSecond;
  for (const [i, s] of stages.entries()) {
    const length = durationMs(s.duration) ?? 0;
    const target = s.target * perSecond;
    out.push({ index: i + 1, fromMs: at, toMs: at + length, startTarget: from, target, rampDown: target < from });
    at += length;
    from = target;
  }
  return out;
}

/** When a ramp of VUs first reaches one VU (k6 starts VU n when the linear ramp reaches n). */
function firstVuMs(startVUs: number, stages: readonly PlannedStage[]): number {
  if (startVUs >= 1) return 0;
  for (const s of stages) {
    if (s.target >= 1) return s.fromMs + ((1 - s.startTarget) / (s.target - s.startTarget)) * (s.toMs - s.fromMs);
  }
  return 0;
}

/** The stages of a ramping executor; undefined for every other executor (they have no stages). */
export function stagePlan(e: ExecutorPlan): StagePlan | undefined {
  if (e.type === 'ramping-vus') {
    const stages = cut(e.startVUs, e.stages, 1);
    return { unit: 'VUs', stages, firstStartMs: firstVuMs(e.startVUs, stages) };
  }
  if (e.type === 'ramping-arrival-rate') {
    const perSecond = 1000 / (durationMs(e.timeUnit) ?? 1000);
    return { unit: 'iterations/s', stages: cut(e.startRate, e.stages, perSecond), firstStartMs: 0 };
  }
  return undefined;
}

/**
 * A constant arrival rate has no stages, but who saturated still needs a baseline to see latency rise against:
 * its warm-up (10 % of the duration, the default warm-up of a `steady` window) and the rest of the run, as two
 * phases at the same rate. Only the saturation attribution reads them (engines/k6/saturation.ts): they are not
 * stages, and never feed the knee.
 */
export function warmupPhases(e: ExecutorPlan): StagePlan | undefined {
  if (e.type !== 'constant-arrival-rate') return undefined;
  const total = durationMs(e.duration) ?? 0;
  const warmup = Math.round(total * WARMUP_SHARE);
  const rate = e.rate * (1000 / (durationMs(e.timeUnit) ?? 1000));
  if (warmup <= 0 || warmup >= total) return undefined;
  const phase = (index: number, fromMs: number, toMs: number): PlannedStage => ({
    index,
    fromMs,
    toMs,
    startTarget: rate,
    target: rate,
    rampDown: false,
  });
  return { unit: 'iterations/s', stages: [phase(1, 0, warmup), phase(2, warmup, total)], firstStartMs: 0 };
}
