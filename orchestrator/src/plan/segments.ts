/**
 * k6 execution segments for one scenario over N generators: equal segments `(i-1)/N:i/N`, and ALWAYS the same
 * `--execution-segment-sequence 0,1/N,…,1` on every instance — without it k6 silently loses iterations, hands
 * every instance the same VU and iteration ids, and fires arrival-rate instances at the same instants
 * (../shared/distributed.md). Also what each segment will get, for `loadgate plan` and the zero-VU check.
 */
import type { ExecutorPlan, Segment, SegmentLoad, SegmentPlan } from './types.ts';

export type { Segment, SegmentLoad } from './types.ts';

const frac = (n: number, d: number): string => (n === 0 ? '0' : n === d ? '1' : `${n}/${d}`);

export function segments(count: number): Segment[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`segment count ${count} is not a whole number ≥ 1`);
  const sequence = Array.from({ length: count + 1 }, (_, i) => frac(i, count)).join(',');
  return Array.from({ length: count }, (_, i) => ({ index: i + 1, count, value: `${frac(i, count)}:${frac(i + 1, count)}`, sequence }));
}

export function segmentFlags(s: Segment): string[] {
  return ['--execution-segment', s.value, '--execution-segment-sequence', s.sequence];
}

/**
 * k6's share of `total` whole units for equal segment i of N: it stripes units over the sequence, so the first
 * `total mod N` segments get one more (50 VUs over 3 → 17/17/16; 10 over 6 → 2/2/2/2/1/1; verified with k6 v2.2.0).
 */
export function share(total: number, s: Segment): number {
  return Math.floor(total / s.count) + (s.index <= total % s.count ? 1 : 0);
}

/**
 * shared-iterations: k6 deals the iterations over the *global* VUs (the first `iterations mod vus` get one more),
 * and the VUs are striped over the segments, so a segment gets the iterations of its VUs — not its share of the
 * iterations (4 VUs, 20 iterations over 3 → 10/5/5; 3 VUs, 10 iterations → 4/3/3; measured with k6 v2.2.0).
 */
export function sharedIterations(vus: number, iterations: number, s: Segment): number {
  let total = 0;
  for (let vu = s.index - 1; vu < vus; vu += s.count) total += Math.floor(iterations / vus) + (vu < iterations % vus ? 1 : 0);
  return total;
}

export function segmentLoad(executor: ExecutorPlan, s: Segment): SegmentLoad {
  switch (executor.type) {
    case 'shared-iterations':
      return { vus: share(executor.vus, s), iterations: sharedIterations(executor.vus, executor.iterations, s) };
    case 'per-vu-iterations': {
      const vus = share(executor.vus, s);
      return { vus, iterations: vus * executor.iterations };
    }
    case 'constant-vus':
      return { vus: share(executor.vus, s) };
    case 'ramping-vus':
      return { vus: Math.max(share(executor.startVUs, s), ...executor.stages.map((st) => share(st.target, s))) };
    case 'constant-arrival-rate':
      return { vus: share(executor.preAllocatedVUs, s), rate: executor.rate / s.count };
    case 'ramping-arrival-rate':
      return {
        vus: share(executor.preAllocatedVUs, s),
        rate: Math.max(executor.startRate, ...executor.stages.map((st) => st.target)) / s.count,
      };
  }
}

/**
 * The most generators an executor can be split over with every segment getting at least one VU and, for
 * shared-iterations, one iteration (segmentLoad): a segment without runs nothing and its generator only pretends
 * to take part (plan/placement.ts refuses such a plan).
 */
export function maxGenerators(executor: ExecutorPlan): number {
  switch (executor.type) {
    case 'shared-iterations':
      return Math.max(1, Math.min(executor.vus, executor.iterations));
    case 'per-vu-iterations':
    case 'constant-vus':
      return Math.max(1, executor.vus);
    case 'ramping-vus':
      return Math.max(1, executor.startVUs, ...executor.stages.map((st) => st.target));
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      // Not maxVUs: a segment with no pre-allocated VU starts with none and k6 initialises one mid-run, dropping
      // the iterations due meanwhile (measured with k6 v2.2.0: 9/s, preAllocatedVUs 2, maxVUs 6 over 3 — segment
      // 2/3:1 dropped 1 of its 6). Its plan says 0 VUs, which the zero-VU check refuses.
      return Math.max(1, executor.preAllocatedVUs);
  }
}

/** One scenario placed on `generators` in order: generator i runs equal segment i of N. */
export function placeOn(executor: ExecutorPlan, generators: readonly string[]): SegmentPlan[] {
  return segments(generators.length).map((segment, i) => ({
    generator: generators[i] ?? 'local',
    segment,
    load: segmentLoad(executor, segment),
  }));
}
