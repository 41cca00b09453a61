/**
 * One scenario's verdict from its ScenarioRecord: read its raw samples, summarise every metric and every
 * criterion selector, re-evaluate every criterion (k6's, the canary's, the probe's), let the scenario's engine
 * judge its own run (engines/<engine>/judge.ts: k6's exit code and cross-checks), check the load, and decide the scenario's status with its reasons.
 */
import { join } from 'node:path';
import { CATALOG, catalogReads, unitOf } from '../catalog.ts';
import { parseExpression, type MetricType } from '../criteria/expression.ts';
import { evaluate } from '../criteria/evaluate.ts';
import type { CriterionPlan, ScenarioPlan } from '../plan/types.ts';
import type { ScenarioRecord } from '../record.ts';
import type { RunJudgement } from '../engines/engine.ts';
import { judgeOf } from '../engines/registry.ts';
import { filterKey, readSamples, type TagFilter } from '../samples/reader.ts';
import { criterionDecision, type LoadReport, type ScenarioStatus } from '../scenario-result.ts';
import { criterionConfidence } from '../criteria/confidence.ts';
import { buildSeries } from './series.ts';
import { checkLoad } from './load-validity.ts';
import { stagePlan, warmupPhases } from '../plan/stages.ts';
import { stageMetrics, stageStats } from './stages.ts';
import { capacityOf } from './capacity.ts';
import { describeFailure, failureBreakdown, type FailureEntry } from './failures.ts';
import { markFailedFlows } from './flows.ts';
import { sampleSet, summarize } from './metrics.ts';
import type { CriterionVerdict, MetricStats, ScenarioVerdict } from './types.ts';
import { describeInterval, describeWindow, formatNumber } from './format.ts';
import { hasExecutor } from '../plan/load-shape.ts';
import { scenarioStartMs, windowedSet, windowMetrics } from './window.ts';

export { describeInterval, formatNumber } from './format.ts';

/** The k6 library's failed-operation samples (k6/lib/failures.ts): the failure breakdown's source. */
const FAILURES_METRIC = 'loadgate_failures';
/** Failure-breakdown entries a scenario's reasons name (the reports show them all). */
const TOP_FAILURES = 3;

export async function scenarioVerdict(
  record: ScenarioRecord,
  plan: ScenarioPlan | undefined,
  runDir: string,
  secrets: readonly string[] = [],
): Promise<ScenarioVerdict> {
  const criteriaPlans = plan?.criteria ?? [];
  const staged = plan !== undefined && hasExecutor(plan) ? stagePlan(plan.executor) : undefined;
  const report = CATALOG[record.scenario]?.report;
  const latencyMetric = report?.latency[0];
  // A constant arrival rate's warm-up and the rest: the baseline its saturation attribution compares against.
  const phased = staged === undefined && plan !== undefined && hasExecutor(plan) ? warmupPhases(plan.executor) : undefined;
  const timed = staged || phased ? stageMetrics(latencyMetric, criteriaPlans) : [];
  const judge = judgeOf(record);
  const filters: TagFilter[] = [...criteriaPlans.map((c) => ({ metric: c.metric, tags: c.tags })), ...judge.filters(record)];
  const errors = [...record.errors];
  const reads = catalogReads();
  const read = await readSamples(
    record.samples.map((s) => join(runDir, s)),
    {
      filters,
      groupBy: [...reads.groupBy],
      series: ['http_reqs', 'vus', ...reads.series, ...[report?.failed, report?.succeeded].filter((m) => m !== undefined)],
      points: [...new Set([FAILURES_METRIC, ...timed, ...windowMetrics(criteriaPlans)])],
      // Several files (one per generator): each one's own tallies, for the engine's per-segment cross-check.
      perFile: record.samples.length > 1,
    },
  ).catch((err: unknown) => {
    errors.push(err instanceof Error ? err.message : String(err));
    return undefined;
  });

  const duration = Math.max(0, (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000);
  const spec = CATALOG[record.scenario]?.metrics ?? {};
  const typeOf = (metric: string): MetricType => spec[metric]?.type ?? read?.metrics.get(metric)?.type ?? 'trend';

  const metrics: Record<string, MetricStats> = {};
  const sets = new Map<string, ReturnType<typeof sampleSet>>();
  for (const [name, m] of read?.metrics ?? []) {
    const set = sampleSet(typeOf(name), m.values, duration);
    sets.set(name, set);
    const s = summarize(set);
    if (s) metrics[name] = s;
  }
  for (const f of filters) {
    const key = filterKey(f);
    if (key === f.metric) continue;
    const set = sampleSet(typeOf(f.metric), read?.filtered.get(key) ?? new Float64Array(0), duration);
    sets.set(key, set);
    const s = summarize(set);
    if (s) metrics[key] = s;
  }
  for (const [metric, groups] of read?.groups ?? []) {
    for (const [value, values] of groups) {
      const key = filterKey({ metric, tags: { step: value } });
      if (metrics[key]) continue;
      const s = summarize(sampleSet(typeOf(metric), values, duration));
      if (s) metrics[key] = s;
    }
  }

  // A windowed criterion is judged on its window's samples alone: value, interval and n.
  const startMs = read ? scenarioStartMs(read.kept, staged?.firstStartMs ?? 0) : undefined;
  const criteria = criteriaPlans.map((c) => {
    const windowed = windowedSet(c, read?.kept, startMs, typeOf(c.metric));
    const set = windowed?.set ??
      sets.get(filterKey(c)) ?? { type: typeOf(c.metric), values: new Float64Array(0), durationSeconds: duration };
    const verdict = criterionVerdict(record, c, set);
    return windowed ? { ...verdict, window: windowed.window } : verdict;
  });

  markFailedFlows(criteria, metrics);
  const failures = failureBreakdown(read?.kept.get(FAILURES_METRIC) ?? [], secrets);

  const stages = staged && read ? stageStats(staged, read.kept, latencyMetric, criteriaPlans) : undefined;
  const phases = phased && read ? stageStats(phased, read.kept, latencyMetric, []) : undefined;
  const load = checkLoad(record, metrics, stages ?? phases, phases !== undefined);
  const capacity = capacityOf(record.id, stages, (selector) => criteriaPlans.find((c) => c.selector === selector)?.metric ?? selector);
  // Strict criteria with abortOnFail that failed: k6 stops the test when one fires (exit 99 in k6 v2.2.0; 108 in
  // some versions), so one of them explains a load cut short and the criteria that never got data.
  const stoppers = criteria.filter((c, i) => criteriaPlans[i]?.abortOnFail === true && c.strict && c.ok === false);
  const perFile = read?.perFile && new Map(record.samples.map((s) => [s, read.perFile?.get(join(runDir, s)) ?? new Map()]));
  const judged = judge.run(record, criteria, read ? metrics : undefined, stoppers.length, perFile);
  const disagreements = judged.disagreements;
  const { status, reasons } = decide(record, criteria, load, errors, judged, { stoppers, failures });

  return {
    name: record.id,
    scenario: record.scenario,
    engine: record.engine,
    status,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    metrics,
    criteria,
    load,
    errors: [...errors, ...disagreements.map((d) => `tools disagree: ${d}`)],
    faults: record.faults,
    failures,
    artifacts: record.artifacts,
    samples: record.samples,
    reasons,
    series: read
      ? buildSeries({
          series: read.series,
          latencyFirst: reads.series,
          failed: report?.failed,
          succeeded: report?.succeeded,
          sorted: (m) => sets.get(m)?.values,
        })
      : undefined,
    details: { ...(record.details ?? {}), ...judge.details(record) },
    ...(stages ? { stages } : {}),
    ...(capacity ? { capacity } : {}),
  };
}

function criterionVerdict(record: ScenarioRecord, c: CriterionPlan, set: ReturnType<typeof sampleSet>): CriterionVerdict {
  const expr = parseExpression(c.expression);
  const base = {
    scenario: record.id,
    engine: record.engine,
    metric: c.metric,
    tags: c.tags,
    selector: c.selector,
    expression: c.expression,
    strict: c.strict,
    source: c.source,
    origin: `${c.file}:${c.line}`,
    ...(c.description !== undefined ? { description: c.description } : {}),
  };
  if (!expr.ok) return { ...base, threshold: Number.NaN, observed: null, ok: null, samples: set.values.length, disagreement: expr.error };
  const e = evaluate(expr.value, set);
  const confidence = criterionConfidence(expr.value, set.values, c.confidence);
  if (e.observed === undefined && record.samples.length > 0 && CATALOG[record.scenario]?.metrics[c.metric]?.absentMeansZero) {
    // The scenario ran and k6 never emitted the counter: the event never happened. Still 0 samples.
    const zero = evaluate(expr.value, { ...set, values: Float64Array.of(0) });
    return { ...base, threshold: expr.value.threshold, observed: zero.observed ?? null, ok: zero.ok ?? null, samples: 0 };
  }
  return {
    ...base,
    threshold: expr.value.threshold,
    observed: e.observed ?? null,
    ok: e.ok ?? null,
    samples: e.samples,
    ...(confidence && e.observed !== undefined ? { confidence } : {}),
  };
}

/** The scenario's status: aborted > error > invalid > failed > passed (see docs/verdict.md). */
function decide(
  record: ScenarioRecord,
  criteria: CriterionVerdict[],
  load: LoadReport,
  errors: string[],
  judged: RunJudgement,
  found: { stoppers: readonly CriterionVerdict[]; failures: readonly FailureEntry[] },
): { status: ScenarioStatus; reasons: string[] } {
  if (record.aborted || judged.aborted) return { status: 'aborted', reasons: [`${record.id}: interrupted`] };
  // The engine's own errors first (k6's outcome), then what went wrong reading, then where the tools disagree.
  const errs = [...judged.errors, ...errors, ...judged.disagreements.map((d) => `tools disagree: ${d}`)];
  if (errs.length > 0) return { status: 'error', reasons: errs.map((e) => `${record.id}: ${e}`) };
  const noData = criteria.filter((c) => c.strict && c.ok === null);
  const failed = criteria.filter((c) => c.strict && criterionDecision(c) === 'fail');
  const criterionLines = (list: readonly CriterionVerdict[]): string[] => list.map((c) => `${record.id}: ${describeCriterion(c)}`);
  const failureLines = found.failures.slice(0, TOP_FAILURES).map((f) => `${record.id}: failed at ${describeFailure(f)}`);
  const noDataLines = noData.map((c) => `${record.id}: ${c.selector} ${c.expression}: ${c.note ?? 'no data (0 samples)'}`);
  const loadLines = load.reasons.map((r) => `${record.id}: load not delivered: ${r}`);
  // Who saturated, when an arrival rate fell short: the target's is a finding beside the criteria; otherwise
  // it says why the shortfall could not be put on the target.
  const sat = load.saturation;
  const targetLines = sat?.by === 'target' ? [`${record.id}: ${sat.summary}`] : [];
  if (sat && sat.by !== 'target') loadLines.push(`${record.id}: ${sat.summary}`);
  // An abortOnFail threshold stopped k6: it is the verdict, and neither the load it cut short nor the criteria
  // that never got data before k6 stopped turn the system's failure into INVALID — unless the generator was too
  // busy for its timings to mean anything.
  if (found.stoppers.length > 0 && !load.untrustworthy)
    return { status: 'failed', reasons: [...criterionLines(found.stoppers), ...failureLines] };
  // A criterion that failed with data is a verdict on the system, whatever else had no data (the flow never
  // reached it): FAIL, failed criteria first, then where the operations failed and with what answer. Load that
  // was not delivered for another reason still makes the measurement something other than what was asked.
  if (failed.length > 0 && load.reasons.length === 0)
    return { status: 'failed', reasons: [...criterionLines(failed), ...targetLines, ...failureLines, ...noDataLines] };
  if (noData.length > 0 || load.reasons.length > 0)
    return { status: 'invalid', reasons: [...loadLines, ...noDataLines, ...criterionLines(failed), ...failureLines] };
  // Only when nothing failed and the load was delivered: a strict criterion the evidence cannot decide.
  const undecided = criteria.filter((c) => c.strict && criterionDecision(c) === 'inconclusive');
  if (undecided.length > 0)
    return { status: 'inconclusive', reasons: undecided.map((c) => `${record.id}: inconclusive: ${describeCriterion(c)}`) };
  return { status: 'passed', reasons: [] };
}

/** Printed after a value of each catalog unit (counts and ratios read plain). */
const UNIT_SUFFIX: Readonly<Record<string, string>> = { ms: ' ms', bytes: ' B', vus: ' VUs' };

export function describeCriterion(c: CriterionVerdict): string {
  const unit = UNIT_SUFFIX[unitOf(c.metric) ?? ''] ?? '';
  const observed = c.observed === null ? (c.note ?? 'no data') : `observed ${formatNumber(c.observed)}${unit}`;
  const window = c.window ? `, ${describeWindow(c.window)}` : '';
  return `${c.selector} ${c.expression} ${observed}${c.confidence ? ` ${describeInterval(c.confidence, unit)}` : ''}${window}`;
}
