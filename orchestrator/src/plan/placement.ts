/**
 * Placing k6 scenarios on generators: generator i of N runs equal segment i (segments.ts), and a placement in
 * which some segment gets no VU (or, for shared-iterations, no iteration) is refused — that generator would only
 * pretend to take part, and k6 would not say so. Probes are never placed: they run on the orchestrator.
 */
import { hasExecutor } from './load-shape.ts';
import { maxGenerators, placeOn } from './segments.ts';
import type { ExecutorPlan, GeneratorPlan, RunPlan, ScenarioPlan, SegmentPlan } from './types.ts';

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The executor's VUs, in the words of the zero-VU message. */
function vusOf(e: ExecutorPlan): string {
  switch (e.type) {
    case 'shared-iterations':
      return `${e.type} with ${count(e.vus, 'VU')} and ${count(e.iterations, 'iteration')}`;
    case 'per-vu-iterations':
    case 'constant-vus':
      return `${e.type} with ${count(e.vus, 'VU')}`;
    case 'ramping-vus':
      return `${e.type} peaking at ${count(Math.max(e.startVUs, ...e.stages.map((s) => s.target)), 'VU')}`;
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return `${e.type} with ${count(e.preAllocatedVUs, 'pre-allocated VU')}`;
  }
}

/**
 * Why scenario `id` cannot run as placed, or undefined when every segment has work. One generator is always
 * fine: the whole scenario is then exactly what the profile asked for, as without any generators.
 */
export function idleSegmentProblem(id: string, executor: ExecutorPlan, placed: readonly SegmentPlan[]): string | undefined {
  if (placed.length < 2) return undefined;
  const idle = placed.find((s) => s.load.vus === 0 || s.load.iterations === 0);
  if (!idle) return undefined;
  const most = maxGenerators(executor);
  const nothing = idle.load.vus === 0 ? '0 VUs' : '0 iterations';
  return (
    `${id}: ${vusOf(executor)} over ${placed.length} generators leaves ${idle.generator} (segment ${idle.segment.value}) ${nothing};` +
    ` at most ${count(most, 'generator')} work${most === 1 ? 's' : ''} — place it on fewer or raise its VUs`
  );
}

/** The generators among `candidates` (in their order) that some k6 scenario of `scenarios` is placed on. */
export function generatorsUsed(scenarios: readonly ScenarioPlan[], candidates: readonly GeneratorPlan[]): GeneratorPlan[] {
  const used = new Set(scenarios.flatMap((s) => (hasExecutor(s) ? s.segments.map((seg) => seg.generator) : [])));
  return candidates.filter((g) => used.has(g.name));
}

/**
 * Pre-allocated VUs an arrival-rate segment keeps when `fit` spreads it. Splitting an arrival-rate scenario splits
 * its pool of VUs too, and k6 drops an iteration that is due while every pre-allocated VU of *its* segment is busy
 * (it initialises another only for later ones). One VU per segment then drops whenever an iteration outlasts the
 * segment's arrival interval — measured: the smoke profile's chat-open (4/s, 5 VUs) over 3 generators got 2/2/1 VUs
 * and dropped 1 of 20 in most runs, INVALID, where the same 5 VUs on one machine drop none. Two per segment can
 * overlap two iterations, as the unsplit pool could.
 */
export const FIT_ARRIVAL_POOL = 2;

/** How many generators `fit` spreads an executor over: all it can feed (maxGenerators), but an arrival-rate pool only as far as FIT_ARRIVAL_POOL VUs each. */
export function fitGenerators(executor: ExecutorPlan): number {
  const most = maxGenerators(executor);
  if (executor.type !== 'constant-arrival-rate' && executor.type !== 'ramping-arrival-rate') return most;
  return Math.max(1, Math.min(most, Math.floor(executor.preAllocatedVUs / FIT_ARRIVAL_POOL)));
}

export interface PlaceOptions {
  /**
   * Place a scenario too small for every generator on the first ones it can feed (fitGenerators) instead of
   * refusing it: for generators supplied at run time, which no profile entry could have named.
   */
  fit?: boolean;
}

/**
 * Re-places every k6 scenario of `plan` over `generators` (in order) — what the run pipeline does when generator
 * hosts are supplied at run time (`loadgate lab --generators N`) instead of by the inventory. Same zero-VU rule
 * as configuration unless `fit`; the problems are one line each, naming the scenario.
 */
export function placeScenarios(
  plan: RunPlan,
  generators: readonly GeneratorPlan[],
  options: PlaceOptions = {},
): { plan: RunPlan } | { problems: string[] } {
  const names = generators.map((g) => g.name);
  if (names.length === 0) return { problems: ['no generators to place the k6 scenarios on'] };
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) return { problems: [...new Set(twice)].map((n) => `generator ${n} is given more than once`) };
  const problems: string[] = [];
  const scenarios = plan.scenarios.map((s): ScenarioPlan => {
    if (!hasExecutor(s)) return s;
    const segments = placeOn(s.executor, options.fit === true ? names.slice(0, fitGenerators(s.executor)) : names);
    const idle = idleSegmentProblem(s.id, s.executor, segments);
    if (idle !== undefined) problems.push(idle);
    return { ...s, segments };
  });
  if (problems.length > 0) return { problems };
  return { plan: { ...plan, scenarios, generators: generatorsUsed(scenarios, generators) } };
}
