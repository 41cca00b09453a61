/**
 * Who saturated when an arrival-rate scenario fell short of its plan: the generator or the target. k6 drops an
 * iteration when no VU is free to start it; a VU stays busy as long as the target takes to answer, so a target
 * at its capacity exhausts the VU pool (or outruns k6's allocation of new VUs) exactly like a generator out of
 * CPU would. The two are told apart by the generator's CPU and the latency:
 *   - the generator at its CPU bar: its timings mean nothing: INVALID (judge.ts, as before);
 *   - the generator below its bar, and the main latency metric's mean in the stage where the shortfall began at
 *     least LATENCY_RISE × its mean in the first stage: the target saturated. The load the target could take
 *     was delivered; the criteria decide (verdict/scenario.ts), and the stages feed the knee;
 *   - anything else (no CPU reading, no stages, no rise, a shortfall in the first stage): not shown: INVALID.
 * A constant arrival rate has no stages: its warm-up plays the first stage and the rest of the run the stage the
 * shortfall began in (plan/stages.ts warmupPhases), so a target that slows once the rate piles up is told apart
 * from a generator that could not keep up, by the same rule.
 */
import type { Saturation, StageStats } from '../../stage-result.ts';

/** How much the latency must rise over the first stage's for the target to be the one that saturated. */
export const LATENCY_RISE = 1.5;

const pct = (x: number): string => `${Math.round(x * 1000) / 10} %`;
const ms = (x: number): string => `${Math.round(x)} ms`;

/** The first stage that dropped iterations or completed under `tolerance` of the iterations it planned. */
function shortStage(stages: readonly StageStats[], tolerance: number): StageStats | undefined {
  const dropped = stages.find((s) => s.droppedIterations > 0);
  if (dropped) return dropped;
  return stages.find((s) => {
    const planned = ((s.startTarget + s.target) / 2) * (s.to - s.from);
    return planned > 0 && s.iterations < planned * tolerance;
  });
}

export interface SaturationFacts {
  /** The shortfall, as the load reasons would state it. */
  shortfall: string[];
  /** k6's CPU share of its host's cores, when measured, and the bar. */
  cpu: number | undefined;
  cpuBar: number;
  vus: number;
  maxVUs: number | undefined;
  stages: readonly StageStats[] | undefined;
  /** The stages are a constant rate's warm-up (1) and the rest (2): the same rule, said in those words. */
  phases?: boolean;
  tolerance: number;
}

export function attributeSaturation(f: SaturationFacts): Saturation {
  const vus = f.maxVUs === undefined ? `${f.vus} VUs reached` : `${f.vus} of ${f.maxVUs} VUs reached`;
  const cpuText =
    f.cpu === undefined ? "the generator's CPU not measured" : `the generator's CPU at ${pct(f.cpu)} (its bar is ${pct(f.cpuBar)})`;
  const base = {
    vus: f.vus,
    ...(f.maxVUs === undefined ? {} : { maxVUs: f.maxVUs }),
    ...(f.cpu === undefined ? {} : { generatorCpu: Math.round(f.cpu * 1000) / 1000 }),
  };
  const what = f.shortfall.join('; ');
  if (f.cpu !== undefined && f.cpu >= f.cpuBar) return { by: 'generator', summary: `the generator saturated: ${cpuText}`, ...base };
  const first = f.stages?.[0];
  const stage = f.stages ? shortStage(f.stages, f.tolerance) : undefined;
  const baseline = first?.latency?.avg;
  const then = stage?.latency?.avg;
  const firstName = f.phases ? `the warm-up (its first ${first?.to ?? 0} s)` : 'stage 1';
  if (f.cpu === undefined || stage === undefined || first === undefined || stage === first || baseline === undefined || then === undefined)
    return {
      by: 'unknown',
      summary: `not shown to be the target: ${vus}, ${cpuText}${stage === first && first ? `, the shortfall began in ${firstName}` : ''}`,
      ...base,
    };
  const metric = stage.latency?.metric ?? 'latency';
  // A phase is not a stage of the plan: verdict.json's `stage` names only a ramp's.
  const numbers = { ...base, ...(f.phases ? {} : { stage: stage.index }), latencyThen: then, latencyBaseline: baseline };
  const at = f.phases
    ? `${stage.from} s on (after the warm-up, at ${stage.target} ${stage.unit})`
    : `stage ${stage.index} (${stage.startTarget} → ${stage.target} ${stage.unit}) on`;
  if (then < baseline * LATENCY_RISE)
    return {
      by: 'unknown',
      summary: `not shown to be the target: from ${at}, ${vus}, ${cpuText}, but ${metric} averaged ${ms(then)} there against ${ms(baseline)} in ${firstName} (under ${LATENCY_RISE}×)`,
      ...numbers,
    };
  return {
    by: 'target',
    summary: `the target saturated, not the generator: ${what} from ${at}, ${vus}, ${metric} averaging ${ms(then)} there against ${ms(baseline)} in ${firstName}, ${cpuText}`,
    ...numbers,
  };
}
