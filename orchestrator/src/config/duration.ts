/** k6 durations (`500ms`, `30s`, `1m30s`, `2h`) in milliseconds, and the planned length of an executor. */
import type { ExecutorPlan } from '../plan/types.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a k6 duration; undefined when it is not one (the schema's pattern normally caught it). */
export function durationMs(text: string): number | undefined {
  const parts = [...text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? ''] ?? 0), 0));
}

/** The longest an executor may run by its own settings (k6 adds its gracefulStop on top). */
export function executorMs(e: ExecutorPlan): number {
  switch (e.type) {
    case 'shared-iterations':
    case 'per-vu-iterations':
      return durationMs(e.maxDuration) ?? 0;
    case 'constant-vus':
    case 'constant-arrival-rate':
      return durationMs(e.duration) ?? 0;
    case 'ramping-vus':
    case 'ramping-arrival-rate':
      return e.stages.reduce((sum, s) => sum + (durationMs(s.duration) ?? 0), 0);
  }
}

/** The load an executor puts on: VUs or an arrival rate, as one short phrase for `loadgate plan`. */
export function executorLoad(e: ExecutorPlan): string {
  switch (e.type) {
    case 'shared-iterations':
      return `${e.vus} VUs share ${e.iterations} iterations, max ${e.maxDuration}`;
    case 'per-vu-iterations':
      return `${e.vus} VUs × ${e.iterations} iterations, max ${e.maxDuration}`;
    case 'constant-vus':
      return `${e.vus} VUs for ${e.duration}`;
    case 'ramping-vus':
      return `VUs ${[e.startVUs, ...e.stages.map((s) => `${s.target} (${s.duration})`)].join(' → ')}`;
    case 'constant-arrival-rate':
      return `${e.rate} per ${e.timeUnit} for ${e.duration} (VUs ${e.preAllocatedVUs}–${e.maxVUs})`;
    case 'ramping-arrival-rate':
      return `rate per ${e.timeUnit} ${[e.startRate, ...e.stages.map((s) => `${s.target} (${s.duration})`)].join(' → ')} (VUs ${e.preAllocatedVUs}–${e.maxVUs})`;
  }
}
