/**
 * A criterion's window: the part of the run its samples are taken from (docs/verdict.md, "Windows").
 *
 *   window: steady                       ramps: from the end of the first stage to the start of the ramp-down;
 *                                        constant executors: after a warm-up (the criterion's, else the file's
 *                                        `warmup:`, else 10 % of the duration)
 *   window: { steady: { warmup: 15s } }  the same with this criterion's own warm-up
 *   window: { from: 30s, to: 90s }       seconds after the scenario's start
 *   window: last 60s                     the last 60 s of the planned duration
 *
 * Parsed when the thresholds file is loaded (parseWindow: the shape, the durations, from < to), resolved against
 * the executor when the plan is built (resolveWindow: inside the planned duration), and applied to the samples'
 * timestamps by the verdict (verdict/window.ts). The resolved window's type is plan/types.ts's CriterionWindow.
 */
import { durationMs, executorMs } from '../config/duration.ts';
import type { PathSegment } from '../config/source.ts';
import { stagePlan, WARMUP_SHARE } from './stages.ts';
import { isRecord } from '../is-record.ts';
import type { CriterionWindow, ExecutorPlan } from './types.ts';

export type WindowSpec =
  { kind: 'steady'; warmupMs?: number } | { kind: 'range'; fromMs: number; toMs: number } | { kind: 'last'; ms: number };

export type WindowParse = { ok: true; value: WindowSpec } | { ok: false; path: PathSegment[]; error: string };

const EXAMPLES = "'steady', 'last 60s', { from: 30s, to: 90s } or { steady: { warmup: 15s } }";
const DURATION_HINT = "is not a duration (e.g. '500ms', '30s', '2m', '1m30s')";

function duration(value: unknown, path: PathSegment[]): { ok: true; ms: number } | { ok: false; path: PathSegment[]; error: string } {
  const ms = typeof value === 'string' ? durationMs(value) : undefined;
  if (ms === undefined) return { ok: false, path, error: `'${String(value)}' ${DURATION_HINT}` };
  return { ok: true, ms };
}

/** The window as written in a thresholds file; paths are relative to the `window` key. */
export function parseWindow(value: unknown): WindowParse {
  if (typeof value === 'string') {
    if (value === 'steady') return { ok: true, value: { kind: 'steady' } };
    const last = /^last\s+(\S+)$/.exec(value);
    if (last) {
      const d = duration(last[1], []);
      if (!d.ok) return d;
      if (d.ms <= 0) return { ok: false, path: [], error: `'${value}': the window must be longer than 0` };
      return { ok: true, value: { kind: 'last', ms: d.ms } };
    }
    return { ok: false, path: [], error: `'${value}' is not a window (${EXAMPLES})` };
  }
  if (!isRecord(value)) return { ok: false, path: [], error: `is not a window (${EXAMPLES})` };
  const keys = Object.keys(value);
  if (keys.includes('steady')) {
    const extra = keys.find((k) => k !== 'steady');
    if (extra !== undefined) return { ok: false, path: [extra], error: `unknown key '${extra}' beside 'steady'` };
    const s = value['steady'];
    if (!isRecord(s)) return { ok: false, path: ['steady'], error: `must be an object (e.g. { warmup: 15s })` };
    const unknown = Object.keys(s).find((k) => k !== 'warmup');
    if (unknown !== undefined)
      return { ok: false, path: ['steady', unknown], error: `unknown key '${unknown}' (a steady window takes warmup)` };
    if (s['warmup'] === undefined) return { ok: true, value: { kind: 'steady' } };
    const w = duration(s['warmup'], ['steady', 'warmup']);
    return w.ok ? { ok: true, value: { kind: 'steady', warmupMs: w.ms } } : w;
  }
  const unknown = keys.find((k) => k !== 'from' && k !== 'to');
  if (unknown !== undefined)
    return { ok: false, path: [unknown], error: `unknown key '${unknown}' (a window takes from and to, or steady)` };
  for (const k of ['from', 'to'])
    if (value[k] === undefined) return { ok: false, path: [], error: `missing required key '${k}' (e.g. { from: 30s, to: 90s })` };
  const from = duration(value['from'], ['from']);
  if (!from.ok) return from;
  const to = duration(value['to'], ['to']);
  if (!to.ok) return to;
  if (from.ms >= to.ms)
    return {
      ok: false,
      path: ['to'],
      error: `the window must end after it starts: from ${String(value['from'])}, to ${String(value['to'])}`,
    };
  return { ok: true, value: { kind: 'range', fromMs: from.ms, toMs: to.ms } };
}

const seconds = (ms: number): string => `${Math.round(ms) / 1000} s`;

/** Executors that end when their iterations are done: the plan fixes no duration to place `steady` or `last` in. */
const ITERATION_BOUND: ReadonlySet<ExecutorPlan['type']> = new Set(['shared-iterations', 'per-vu-iterations']);

/**
 * The window in milliseconds after the scenario's start, or why it does not fit the executor: a window outside
 * the planned duration measures nothing the plan sends.
 */
export function resolveWindow(
  spec: WindowSpec,
  executor: ExecutorPlan,
  fileWarmupMs: number | undefined,
): { ok: true; value: CriterionWindow } | { ok: false; error: string } {
  const planned = executorMs(executor);
  const what = `the ${executor.type} scenario's planned ${seconds(planned)}`;
  if (spec.kind === 'range') {
    if (spec.toMs > planned) return { ok: false, error: `the window ends at ${seconds(spec.toMs)}, after ${what}` };
    return { ok: true, value: { written: `${spec.fromMs / 1000}–${seconds(spec.toMs)}`, fromMs: spec.fromMs, toMs: spec.toMs } };
  }
  if (ITERATION_BOUND.has(executor.type))
    return {
      ok: false,
      error: `a ${spec.kind} window needs a planned duration; ${executor.type} ends when its iterations are done (use { from, to })`,
    };
  if (spec.kind === 'last') {
    if (spec.ms > planned) return { ok: false, error: `the window's ${seconds(spec.ms)} are longer than ${what}` };
    return { ok: true, value: { written: `last ${seconds(spec.ms)}`, fromMs: planned - spec.ms, toMs: planned } };
  }
  const stages = stagePlan(executor);
  if (stages) {
    // After the first stage has reached its target, before the first stage that lowers the load.
    const fromMs = stages.stages[0]?.toMs ?? 0;
    const toMs = stages.stages.find((s) => s.rampDown && s.fromMs >= fromMs)?.fromMs ?? planned;
    if (spec.warmupMs !== undefined)
      return { ok: false, error: 'a ramp has no warm-up: its steady window starts when the first stage ends' };
    if (toMs <= fromMs)
      return { ok: false, error: `the ramp has no steady part: its first stage ends at ${seconds(fromMs)} and the ramp-down begins there` };
    return { ok: true, value: { written: 'steady', fromMs, toMs } };
  }
  const warmup = spec.warmupMs ?? fileWarmupMs ?? Math.round(planned * WARMUP_SHARE);
  if (warmup >= planned) return { ok: false, error: `the warm-up of ${seconds(warmup)} leaves nothing of ${what}` };
  const written = spec.warmupMs === undefined && fileWarmupMs === undefined ? 'steady' : `steady (warm-up ${seconds(warmup)})`;
  return { ok: true, value: { written, fromMs: warmup, toMs: planned } };
}
