/**
 * One scenario's criteria as the plan carries them: each checked criterion of its thresholds file with its
 * provenance (file, line), who measures it (from the catalog) and the confidence level it is decided at.
 */
import { CATALOG } from '../catalog.ts';
import { DEFAULT_CONFIDENCE } from '../criteria/confidence.ts';
import type { CriterionPlan } from '../plan/types.ts';
import type { CheckedCriterion } from './rules/thresholds.ts';
import type { ConfidenceSetting, CriterionSpec } from './schema/thresholds.ts';

/** A thresholds file as loaded and checked (config/load.ts). */
export interface ThresholdsInput {
  file: string;
  specs: CriterionSpec[];
  /** The file's default confidence level, when it names one. */
  confidence?: ConfidenceSetting;
  checked: CheckedCriterion[];
  /** Line of each criterion, by index. */
  lines: number[];
}

export function planCriteria(scenario: string, t: ThresholdsInput, profileConfidence: 'none' | undefined): CriterionPlan[] {
  const source = CATALOG[scenario]?.metrics;
  return t.checked.map((c) => {
    const s = t.specs[c.index];
    const plan: CriterionPlan = {
      selector: c.selector.source,
      metric: c.selector.metric,
      tags: { ...c.selector.tags },
      expression: c.expression.source,
      strict: s?.severity !== 'advisory',
      abortOnFail: s?.abortOnFail === true,
      confidence: confidenceLevel(profileConfidence, s?.confidence ?? t.confidence),
      source: source?.[c.selector.metric]?.source ?? c.spec.source,
      file: t.file,
      line: t.lines[c.index] ?? 1,
    };
    if (s?.delayAbortEval !== undefined) plan.delayAbortEval = s.delayAbortEval;
    if (s?.description !== undefined) plan.description = s.description;
    return plan;
  });
}

/**
 * A criterion's confidence level: the criterion's own setting, else its file's, else 0.95; a profile that says
 * `confidence: none` (smoke: "does everything work?") turns every criterion into a point comparison.
 */
function confidenceLevel(profile: 'none' | undefined, written: ConfidenceSetting | undefined): number | null {
  if (profile === 'none' || written === 'none') return null;
  return written ?? DEFAULT_CONFIDENCE;
}
