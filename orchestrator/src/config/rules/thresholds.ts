/**
 * Semantic rules of a thresholds file: every criterion names a metric the catalog says its scenario
 * produces, filters only on tags that metric carries, and is an expression k6 accepts with an aggregation
 * that fits the metric's type. The parsed criteria are returned so the plan never parses twice.
 */
import { basename } from 'node:path';
import { CATALOG, K6_SYSTEM_TAGS, LOADGATE_TAGS, type MetricSpec } from '../../catalog.ts';
import {
  aggregationFits,
  aggregationName,
  parseExpression,
  parseSelector,
  type Expression,
  type Selector,
} from '../../criteria/expression.ts';
import { parseWindow, type WindowSpec } from '../../plan/window.ts';
import type { ConfigProblem } from '../../errors.ts';
import { takesExecutor } from '../../kinds/types.ts';
import type { ThresholdsSpec } from '../schema/thresholds.ts';
import type { Locator } from '../schema/validate.ts';

export interface CheckedCriterion {
  index: number;
  selector: Selector;
  expression: Expression;
  spec: MetricSpec;
  /** Its window as parsed; placed in the scenario's planned duration when the plan is built (config/criteria.ts). */
  window?: WindowSpec;
}

/** Tags a selector may filter on for one metric: its own, plus (k6 metrics) loadgate's and k6's system tags. */
export function allowedTags(spec: MetricSpec): string[] {
  return spec.source === 'k6' ? [...spec.tags, ...LOADGATE_TAGS, ...K6_SYSTEM_TAGS] : [...spec.tags];
}

export function checkThresholds(file: string, t: ThresholdsSpec, at: Locator): { problems: ConfigProblem[]; criteria: CheckedCriterion[] } {
  const problems: ConfigProblem[] = [];
  const criteria: CheckedCriterion[] = [];
  const expected = `${t.scenario}.yaml`;
  if (basename(file) !== expected && basename(file) !== `${t.scenario}.yml`) {
    problems.push(at(['scenario'], `thresholds for scenario ${t.scenario} belong in ${expected}`));
  }
  const scenario = CATALOG[t.scenario];
  if (!scenario) return { problems, criteria }; // the schema's enum already reported it
  const seen = new Map<string, number>();
  t.criteria.forEach((c, index) => {
    const here = ['criteria', index];
    const sel = parseSelector(c.metric);
    const expr = parseExpression(c.expression);
    if (!sel.ok) problems.push(at([...here, 'metric'], sel.error));
    if (!expr.ok) problems.push(at([...here, 'expression'], expr.error));
    if (c.delayAbortEval !== undefined && c.abortOnFail !== true) {
      problems.push(at([...here, 'delayAbortEval'], 'delayAbortEval only applies with abortOnFail: true'));
    }
    const window =
      c.window === undefined
        ? undefined
        : checkWindow(c.window, c.abortOnFail === true, takesExecutor(scenario), (path, message) =>
            problems.push(at([...here, 'window', ...path], message)),
          );
    if (!sel.ok) return;
    const spec = scenario.metrics[sel.value.metric];
    if (!spec) {
      problems.push(
        at(
          [...here, 'metric'],
          `scenario ${t.scenario} has no metric '${sel.value.metric}' (known: ${Object.keys(scenario.metrics).join(', ')})`,
        ),
      );
      return;
    }
    const tags = allowedTags(spec);
    for (const tag of Object.keys(sel.value.tags)) {
      if (!tags.includes(tag)) {
        const known = tags.length > 0 ? `it has: ${tags.join(', ')}` : 'it has no tags';
        problems.push(at([...here, 'metric'], `metric ${sel.value.metric} has no tag '${tag}' (${known})`));
      }
    }
    if (c.abortOnFail === true && spec.source !== 'k6') {
      problems.push(
        at(
          [...here, 'abortOnFail'],
          `abortOnFail needs a metric k6 measures; ${sel.value.metric} comes from ${spec.source === 'derived' ? 'loadgate, after k6 ends' : `the ${spec.source}`}`,
        ),
      );
    }
    if (c.abortOnFail === true && c.severity === 'advisory') {
      // k6 would stop the whole scenario over a criterion that is not allowed to fail the run.
      problems.push(at([...here, 'abortOnFail'], 'abortOnFail on an advisory criterion: only a strict criterion may stop the run'));
    }
    if (!expr.ok) return;
    if (!aggregationFits(expr.value.aggregation, spec.type)) {
      problems.push(
        at(
          [...here, 'expression'],
          `${aggregationName(expr.value.aggregation)} does not apply to ${sel.value.metric}, a ${spec.type} metric`,
        ),
      );
      return;
    }
    // The same expression over another window is another criterion (the whole run's and its steady part's).
    const key = `${c.metric.replace(/\s/g, '')} ${c.expression.replace(/\s/g, '')} ${JSON.stringify(c.window ?? null)}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push(at(here, `same criterion as /criteria/${first}`));
    seen.set(key, index);
    criteria.push({ index, selector: sel.value, expression: expr.value, spec, ...(window ? { window } : {}) });
  });
  return { problems, criteria };
}

/** A criterion's window: its form, and that its scenario has an executor's timeline to place it in. */
function checkWindow(
  value: unknown,
  abortOnFail: boolean,
  timeline: boolean,
  report: (path: Array<string | number>, message: string) => void,
): WindowSpec | undefined {
  const parsed = parseWindow(value);
  if (!parsed.ok) return void report(parsed.path, parsed.error);
  // k6 evaluates abortOnFail thresholds on the whole run as it goes: it cannot know the window.
  if (abortOnFail) return void report([], 'a windowed criterion cannot abortOnFail: k6 judges its thresholds on the whole run');
  if (!timeline) return void report([], 'a window needs an executor to place it in; this scenario has none (a probe counts operations)');
  return parsed.value;
}
