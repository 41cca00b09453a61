/**
 * The capacity knee of a ramping scenario: walk its ramp-up stages in order; a stage holds when every strict
 * latency or error criterion (kneeCriteria) passes on that stage's samples — percentiles with confidence, rates
 * by their point value. Capacity is the last stage of the unbroken run of holding stages from the first, and
 * the knee the first stage that does not hold (failed, inconclusive or without data).
 */
import { unitOf } from '../catalog.ts';
import type { Capacity, StageCriterion, StageStats } from '../stage-result.ts';
import { formatNumber } from './format.ts';

const UNIT_SUFFIX: Readonly<Record<string, string>> = { ms: ' ms' };

const holds = (s: StageStats): boolean => s.criteria.length > 0 && s.criteria.every((c) => c.decision === 'pass');

function value(c: StageCriterion, metric: string): string {
  const unit = UNIT_SUFFIX[unitOf(metric) ?? ''] ?? '';
  if (c.observed === null) return `${c.selector} no data`;
  const agg = c.expression.match(/^[a-z]+(\([0-9.]+\))?/)?.[0] ?? c.expression;
  const b = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : formatNumber(x));
  const interval = c.low !== undefined || c.high !== undefined ? ` [${b(c.low)}, ${b(c.high)}]` : '';
  return `${agg} ${formatNumber(c.observed)}${unit}${interval}, n = ${c.n}`;
}

/** The stage's criterion that speaks for it: the first that did not pass, else the first. */
function speaker(s: StageStats): StageCriterion | undefined {
  return s.criteria.find((c) => c.decision !== 'pass') ?? s.criteria[0];
}

/** The knee, or undefined when the scenario has no stages or no latency/error criterion to judge them by. */
export function capacityOf(
  name: string,
  stages: readonly StageStats[] | undefined,
  metricOf: (selector: string) => string,
): Capacity | undefined {
  const ramp = (stages ?? []).filter((s) => !s.rampDown && s.target > 0);
  const first = ramp[0];
  if (first === undefined || first.criteria.length === 0) return undefined;
  const criteria = first.criteria.map((c) => `${c.selector} ${c.expression}`);
  const unit = first.unit;
  const at = (s: StageStats): string => `${formatNumber(s.target)} ${unit}`;
  const say = (s: StageStats): string => {
    const c = speaker(s);
    return c ? value(c, metricOf(c.selector)) : '';
  };
  const broken = ramp.findIndex((s) => !holds(s));
  const held = broken < 0 ? ramp[ramp.length - 1] : ramp[broken - 1];
  const knee = broken < 0 ? undefined : ramp[broken];
  const what = `${name} holds ${criteria.join(' and ')}`;
  let summary: string;
  if (knee === undefined && held) summary = `${what} at every stage, up to ${at(held)} (${say(held)})`;
  else if (knee && held) summary = `${what} up to ${at(held)} (${say(held)}); at ${at(knee)} ${say(knee)}`;
  else summary = `${name} does not hold ${criteria.join(' and ')} even at ${knee ? at(knee) : '?'} (${knee ? say(knee) : ''})`;
  const decision = knee ? (speaker(knee)?.decision ?? 'no-data') : undefined;
  return {
    criteria,
    unit,
    ...(held ? { holds: { stage: held.index, target: held.target } } : {}),
    ...(knee && decision && decision !== 'pass' ? { breaks: { stage: knee.index, target: knee.target, decision } } : {}),
    summary,
  };
}
