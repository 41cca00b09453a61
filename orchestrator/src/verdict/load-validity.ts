/**
 * Load validity: did the scenario deliver the load its profile asked for? A run that did not (VUs not
 * reached, iterations missing, arrival-rate iterations dropped, rate not reached, the generator's CPU
 * saturated) measured something else than what was asked, so it is INVALID — never a pass. What "delivered"
 * means is the engine's to say (its judge); the wall time is common.
 */
import { judgeOf } from '../engines/registry.ts';
import type { ScenarioRecord } from '../record.ts';
import type { LoadReport } from '../scenario-result.ts';
import type { MetricStats } from './types.ts';
import type { StageStats } from '../stage-result.ts';

export function checkLoad(
  record: ScenarioRecord,
  metrics: Record<string, MetricStats>,
  stages?: readonly StageStats[],
  /** `stages` are a constant rate's warm-up and the rest (plan/stages.ts warmupPhases), not a ramp's stages. */
  phases = false,
): LoadReport {
  const intended = { ...record.intended };
  const achieved: Record<string, number> = {};
  const wall = (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000;
  if (Number.isFinite(wall) && wall > 0) achieved['durationSeconds'] = Math.round(wall * 1000) / 1000;
  const judged = judgeOf(record).load(record, metrics, Number.isFinite(wall) ? wall : 0, stages, phases);
  const reasons = judged.reasons;
  return {
    intended,
    achieved: { ...achieved, ...judged.achieved },
    valid: reasons.length === 0,
    reasons,
    ...(judged.untrustworthy ? { untrustworthy: true as const } : {}),
    ...(judged.saturation ? { saturation: judged.saturation } : {}),
  };
}
