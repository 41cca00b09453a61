/**
 * The k6 engine's judge: what k6's exit code, its threshold verdicts, its summary and its generator's CPU say
 * about a scenario, beside the criteria loadgate recomputed. Everything k6-specific the verdict needs is here;
 * verdict/scenario.ts only merges it.
 */
import { availableParallelism } from 'node:os';
import type { ScenarioRecord } from '../../record.ts';
import { parseSelector } from '../../criteria/expression.ts';
import type { TagFilter } from '../../samples/reader.ts';
import type { CriterionVerdict, MetricStats } from '../../scenario-result.ts';
import type { EngineJudge, LoadJudgement, RunJudgement } from '../engine.ts';
import { crossCheckSegments, crossCheckSummary, crossCheckThresholds } from './cross-check.ts';
import type { FileTally } from '../../samples/per-file.ts';
import type { K6Outcome } from './facts.ts';
import { CPU_SATURATION, generatorRows, segmentCpu, segmentWarnings } from './segment-judge.ts';
import { attributeSaturation } from './saturation.ts';
import type { StageStats } from '../../stage-result.ts';

/** k6 outcomes that mean its numbers cannot be trusted (thresholds-failed is just data). */
const K6_ERRORS: ReadonlySet<K6Outcome> = new Set([
  'crashed',
  'marked-failed',
  'not-started',
  'script-error',
  'timeout',
  'setup-timeout',
  'invalid-config',
]);

/** Share of the planned arrival rate that must be reached (k6 starts and ends a little off the grid). */
const RATE_TOLERANCE = 0.9;

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** k6's summary selectors with tags: recomputed too, so the summary cross-check has both sides. */
function filters(record: ScenarioRecord): TagFilter[] {
  const out: TagFilter[] = [];
  const selectors = [record.k6?.summary ?? {}, ...(record.k6?.segments ?? []).map((s) => s.summary)].flatMap((x) => Object.keys(x));
  for (const selector of new Set(selectors)) {
    const parsed = parseSelector(selector);
    if (parsed.ok && Object.keys(parsed.value.tags).length > 0) out.push(parsed.value);
  }
  return out;
}

function load(
  record: ScenarioRecord,
  metrics: Record<string, MetricStats>,
  wall: number,
  stages?: readonly StageStats[],
  phases = false,
): LoadJudgement {
  const intended = record.intended;
  const achieved: Record<string, number> = {};
  const reasons: string[] = [];
  let untrustworthy = false;
  // k6 samples its `vus` gauge once a second, so a run shorter than that may show none; the library's
  // `loadgate_vu_started` has one sample per VU that ran (k6/lib/http.ts): the larger of the two is reached.
  const vus = Math.max(metrics['vus']?.max ?? 0, metrics['loadgate_vu_started']?.count ?? 0);
  achieved['vus'] = vus;
  const iterations = metrics['iterations']?.count ?? 0;
  achieved['iterations'] = iterations;
  const dropped = metrics['dropped_iterations']?.count ?? 0;
  achieved['droppedIterations'] = dropped;
  const reqs = metrics['http_reqs']?.count ?? 0;
  achieved['requests'] = reqs;
  if (wall > 0) achieved['requestRate'] = round(reqs / wall);

  if (intended['vus'] !== undefined && intended['rate'] === undefined && vus < intended['vus'])
    reasons.push(`reached ${vus} of ${intended['vus']} planned VUs`);
  // Arrival-rate executors are judged by their planned iterations below (with its tolerance), not exactly.
  if (intended['iterations'] !== undefined && intended['rate'] === undefined && iterations < intended['iterations'])
    reasons.push(`completed ${iterations} of ${intended['iterations']} planned iterations`);
  const shortfall = intended['rate'] === undefined ? [] : arrivalShortfall(intended, iterations, dropped);
  const seconds = intended['durationSeconds'] ?? wall;
  if (intended['rate'] !== undefined && seconds > 0) achieved['iterationRate'] = round(iterations / seconds);

  const cpu = record.k6?.cpuSeconds;
  const k6Wall = record.k6?.wallSeconds;
  // The cores of the host k6 ran on, as its generator recorded them; a record without them ran here.
  const cores = record.k6?.cores ?? availableParallelism();
  let share: number | undefined;
  if (cpu !== undefined && k6Wall !== undefined && k6Wall > 0) {
    share = cpu / k6Wall / cores;
    achieved['generatorCpu'] = round(share);
    if (share >= CPU_SATURATION) {
      untrustworthy = true;
      reasons.push(`the load generator (k6) used ${Math.round(share * 100)} % of ${cores} cores: its timings are not trustworthy`);
    }
  }
  // A distributed scenario: every generator against its own host's cores; the busiest one speaks for them.
  const perGenerator = segmentCpu(record);
  if (perGenerator.share !== undefined) achieved['generatorCpu'] = perGenerator.share;
  reasons.push(...perGenerator.reasons);
  untrustworthy ||= perGenerator.untrustworthy;
  if (shortfall.length === 0) return { achieved, reasons, untrustworthy };
  const saturation = attributeSaturation({
    shortfall,
    cpu: perGenerator.share ?? share,
    cpuBar: CPU_SATURATION,
    vus,
    maxVUs: intended['vus'],
    stages,
    phases,
    tolerance: RATE_TOLERANCE,
  });
  // The target at its capacity is what a stress run looks for: the criteria decide, not load validity.
  if (saturation.by === 'target') return { achieved, reasons, untrustworthy, saturation };
  return { achieved, reasons: [...shortfall, ...reasons], untrustworthy, saturation };
}

/**
 * An arrival-rate executor's shortfall, like with like: its planned iterations are the rate's integral over the
 * plan (a ramp's stages included: options.ts intendedLoad), never its peak rate times the run.
 */
function arrivalShortfall(intended: Record<string, number>, iterations: number, dropped: number): string[] {
  const out: string[] = [];
  if (dropped > 0) out.push(`${dropped} iterations dropped (no free VU to start them at the planned arrival rate)`);
  const planned = intended['iterations'];
  if (planned !== undefined && planned > 0 && iterations < planned * RATE_TOLERANCE)
    out.push(
      `completed ${iterations} of the ${planned} planned iterations (${round((iterations / planned) * 100)} %, under ${RATE_TOLERANCE * 100} %)`,
    );
  return out;
}

function run(
  record: ScenarioRecord,
  criteria: CriterionVerdict[],
  metrics: Record<string, MetricStats> | undefined,
  stoppers: number,
  perFile?: ReadonlyMap<string, ReadonlyMap<string, FileTally>>,
): RunJudgement {
  const k6 = record.k6;
  const disagreements =
    k6 && metrics
      ? [
          ...crossCheckThresholds(criteria, k6),
          ...crossCheckSummary(metrics, k6),
          ...(perFile ? crossCheckSegments(k6, perFile, metrics) : []),
        ]
      : [];
  const errors: string[] = [];
  const outcome = k6?.outcome;
  if (outcome === 'script-aborted' && stoppers === 0)
    errors.push('k6 aborted the script (test.abort, exit 108) without a failing abortOnFail threshold');
  if (outcome !== undefined && K6_ERRORS.has(outcome))
    errors.push(`k6 ${outcome}${k6?.exitCode !== null && k6?.exitCode !== undefined ? ` (exit ${k6.exitCode})` : ''}`);
  return { aborted: outcome === 'external-abort', errors, disagreements };
}

export const k6Judge: EngineJudge = {
  filters,
  load,
  run,
  details: (record) => {
    if (!record.k6) return {};
    const k6 = { exitCode: record.k6.exitCode, outcome: record.k6.outcome, version: record.k6.version };
    // Only a scenario over several generators (or a non-local one) has the per-generator table.
    if (record.k6.segments === undefined) return { k6 };
    return {
      k6: {
        ...k6,
        ...(record.k6.startSkewMs === undefined ? {} : { startSkewMs: record.k6.startSkewMs }),
        setupRan: record.k6.setupRan === true,
      },
      generators: generatorRows(record),
    };
  },
  warnings: segmentWarnings,
};
