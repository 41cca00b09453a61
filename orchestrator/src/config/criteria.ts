/**
 * One scenario's criteria as the plan carries them: each checked criterion of its thresholds file with its
 * provenance (file, line), who measures it (from the catalog) and the confidence level it is decided at.
 */
import { CATALOG } from '../catalog.ts';
import { DEFAULT_CONFIDENCE } from '../criteria/confidence.ts';
import { resolveWindow } from '../plan/window.ts';
import type { ConfigProblem } from '../errors.ts';
import type { CriterionPlan, ExecutorPlan } from '../plan/types.ts';
import type { Locator } from './schema/validate.ts';
import type { CheckedCriterion } from './rules/thresholds.ts';
import type { ConfidenceSetting, CriterionSpec } from './schema/thresholds.ts';

/** A thresholds file as loaded and checked (config/load.ts). */
export interface ThresholdsInput {
  file: string;
  specs: CriterionSpec[];
  /** The file's default confidence level, when it names one. */
  confidence?: ConfidenceSetting;
  /** The file's `warmup:`: the warm-up of its `steady` windows on constant executors. */
  warmupMs?: number;
  /** Locates a problem in the file (a window that does not fit a profile's executor). */
  at: Locator;
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

/**
 * Places each windowed criterion of `plans` (planCriteria's, in `t.checked`'s order) in its entry's executor: a
 * window outside the planned duration, or `steady` where the executor has none, is a problem located at the
 * criterion's `window` and naming the profile entry.
 */
export function placeWindows(t: ThresholdsInput, plans: CriterionPlan[], executor: ExecutorPlan, entry: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  t.checked.forEach((c, i) => {
    const plan = plans[i];
    if (c.window === undefined || plan === undefined) return;
    const placed = resolveWindow(c.window, executor, t.warmupMs);
    if (placed.ok) plan.window = placed.value;
    else problems.push(t.at(['criteria', c.index, 'window'], `${placed.error} (profile entry ${entry})`));
  });
  return problems;
}
