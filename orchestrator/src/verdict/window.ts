/**
 * A windowed criterion's samples: the points of its metric (and tags) whose k6 timestamps fall in the window,
 * [from, to) in milliseconds after the scenario's start, the same start the stages are cut from
 * (verdict/stages.ts): its first VU's start minus the plan's time to its first VU. A sample stamped exactly at
 * `from` is in the window, one stamped exactly at `to` is not (the next window, or the stage after, has it).
 * Times are read to the millisecond (Date.parse).
 */
import type { MetricType } from '../criteria/expression.ts';
import type { SampleSet } from '../criteria/evaluate.ts';
import type { CriterionPlan } from '../plan/types.ts';
import type { KeptPoint } from '../samples/reader.ts';
import type { WindowResult } from '../scenario-result.ts';
import { sampleSet } from './metrics.ts';

/** The k6 library's per-VU start sample (k6/lib/http.ts): the scenario's start is read from its first one. */
export const VU_STARTED = 'loadgate_vu_started';

/** Epoch milliseconds of the scenario's start, or undefined when no VU ever started. */
export function scenarioStartMs(kept: ReadonlyMap<string, readonly KeptPoint[]>, firstStartMs: number): number | undefined {
  let first = Number.POSITIVE_INFINITY;
  for (const p of kept.get(VU_STARTED) ?? []) {
    const at = Date.parse(p.time);
    if (at < first) first = at;
  }
  return Number.isFinite(first) ? first - firstStartMs : undefined;
}

/** The metrics whose every point the verdict keeps for the windowed criteria (none without one). */
export function windowMetrics(criteria: readonly CriterionPlan[]): string[] {
  const windowed = criteria.filter((c) => c.window !== undefined).map((c) => c.metric);
  return windowed.length === 0 ? [] : [VU_STARTED, ...windowed];
}

const inTags = (p: KeptPoint, tags: Readonly<Record<string, string>>): boolean => Object.entries(tags).every(([k, v]) => p.tags[k] === v);

/** The criterion's sample set cut to its window (a counter's rate per second of the window), and the window's facts. */
export function windowedSet(
  c: CriterionPlan,
  kept: ReadonlyMap<string, readonly KeptPoint[]> | undefined,
  startMs: number | undefined,
  type: MetricType,
): { set: SampleSet; window: WindowResult } | undefined {
  const w = c.window;
  if (w === undefined) return undefined;
  const values: number[] = [];
  if (startMs !== undefined) {
    const from = startMs + w.fromMs;
    const to = startMs + w.toMs;
    for (const p of kept?.get(c.metric) ?? []) {
      const at = Date.parse(p.time);
      if (at >= from && at < to && inTags(p, c.tags)) values.push(p.value);
    }
  }
  const set = sampleSet(type, Float64Array.from(values), (w.toMs - w.fromMs) / 1000);
  const iso = (ms: number): string | null => (startMs === undefined ? null : new Date(startMs + ms).toISOString());
  return {
    set,
    window: {
      written: w.written,
      from: w.fromMs / 1000,
      to: w.toMs / 1000,
      fromTime: iso(w.fromMs),
      toTime: iso(w.toMs),
      n: values.length,
    },
  };
}
