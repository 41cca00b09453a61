/**
 * Which planned scenarios carry a k6 executor — and so execution segments — asked of the kind's descriptor
 * (kinds/types.ts takesExecutor), not of an engine's name, so a new engine says so in one place.
 */
import { CATALOG } from '../catalog.ts';
import { takesExecutor } from '../kinds/types.ts';
import type { K6ScenarioPlan, ScenarioPlan } from './types.ts';

export function hasExecutor(s: ScenarioPlan): s is K6ScenarioPlan {
  const spec = CATALOG[s.scenario];
  return spec !== undefined && takesExecutor(spec) && 'executor' in s;
}
