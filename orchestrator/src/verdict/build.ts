/**
 * buildVerdict: every scenario's record → one verdict with one status and one exit code.
 * Precedence when several apply: ABORTED > ERROR > INVALID > FAIL > INCONCLUSIVE > PASS (docs/verdict.md says why).
 */
import { buildDrift, driftWarnings, type RoundSnapshot } from './drift.ts';
import { EXIT, exitForInterrupt, type GateStatusName, type Interrupt } from '../exit-codes.ts';
import { ALL_GATE_STATUSES, applyGate } from './gate.ts';
import { evidenceWarnings } from '../plan/evidence.ts';
import { judgeOf } from '../engines/registry.ts';
import type { RunPlan } from '../plan/types.ts';
import type { ScenarioRecord } from '../record.ts';
import { compareVerdicts, formatPValue } from './compare.ts';
import { describeCriterion, scenarioVerdict } from './scenario.ts';
import { SCHEMA_VERSION, type Comparison, type ScenarioVerdict, type Verdict } from './types.ts';

export type { Verdict } from './types.ts';

export interface VerdictInput {
  plan: RunPlan;
  runId: string;
  runDir: string;
  startedAt: string;
  finishedAt: string;
  records: ScenarioRecord[];
  tools: { k6?: string | undefined; node: string; loadgate: string };
  baseline?: Verdict | undefined;
  aborted?: Interrupt | undefined;
  /** Minimum relative p95 change that counts as a regression against the baseline (default 0.10). */
  minEffect?: number;
  /** One snapshot per finished round of a multi-round run (soak), for the drift section. */
  rounds?: readonly RoundSnapshot[];
  /** The gate policy (`--fail-on`): the statuses that fail the build; all of them when absent. */
  failOn?: readonly GateStatusName[] | undefined;
}

export async function buildVerdict(input: VerdictInput): Promise<Verdict> {
  const scenarios: ScenarioVerdict[] = [];
  for (const record of input.records) {
    const plan =
      input.plan.scenarios.find((s) => s.id === record.entry) ?? input.plan.scenarios.find((s) => s.scenario === record.scenario);
    scenarios.push(await scenarioVerdict(record, plan, input.runDir, input.plan.secrets));
  }
  const warnings = [...evidenceWarnings(input.plan), ...input.records.flatMap((r) => judgeOf(r).warnings?.(r) ?? [])];
  warnings.push(
    ...scenarios.flatMap((s) =>
      s.criteria.filter((c) => !c.strict && c.ok !== true).map((c) => `${s.name}: advisory ${describeCriterion(c)}`),
    ),
  );
  // A target that saturated while its criteria still held: not a failure, but not to be missed either.
  warnings.push(
    ...scenarios
      .filter((s) => s.load?.saturation?.by === 'target' && (s.status === 'passed' || s.status === 'inconclusive'))
      .map((s) => `${s.name}: ${s.load?.saturation?.summary ?? ''}`),
  );
  const verdict: Verdict = {
    schemaVersion: SCHEMA_VERSION,
    runId: input.runId,
    status: 'PASS',
    exitCode: EXIT.PASS,
    reasons: [],
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    profile: input.plan.profile,
    inventory: { ...input.plan.inventory },
    tools: { k6: input.tools.k6 ?? null, node: input.tools.node, loadgate: input.tools.loadgate },
    scenarios,
    warnings,
  };
  const drift = buildDrift(
    input.records.map((r, i) => ({ entry: r.entry, round: r.round, verdict: scenarios[i] })),
    input.rounds ?? [],
  );
  if (drift) {
    verdict.drift = drift;
    verdict.warnings.push(...driftWarnings(drift));
  }
  const ran = new Set(input.records.map((r) => r.entry));
  const missing = input.plan.scenarios.filter((s) => !ran.has(s.id));
  if (input.baseline) {
    verdict.baseline = await compareVerdicts(input.baseline, verdict, { currentDir: input.runDir, minEffect: input.minEffect });
    const overlay = baselineSeries(input.baseline, verdict);
    if (Object.keys(overlay).length > 0) verdict.baseline.series = overlay;
  }
  decideRun(
    verdict,
    input.aborted ?? (scenarios.some((s) => s.status === 'aborted') ? 'SIGINT' : undefined),
    missing.map((s) => s.id),
  );
  applyGate(verdict, input.failOn ?? ALL_GATE_STATUSES);
  return verdict;
}

/** Sets status, exit code and reasons from the scenarios (and the baseline comparison); re-judges a recorded gate policy. */
export function decideRun(v: Verdict, aborted: Interrupt | undefined, missing: string[] = []): void {
  const by = (st: ScenarioVerdict['status']): ScenarioVerdict[] => v.scenarios.filter((s) => s.status === st);
  const reasonsOf = (list: ScenarioVerdict[]): string[] => list.flatMap((s) => s.reasons);
  if (aborted) {
    v.aborted = aborted;
    v.status = 'ABORTED';
    v.exitCode = exitForInterrupt(aborted);
    v.reasons = [`interrupted by ${aborted}`];
  } else if (by('error').length > 0) {
    v.status = 'ERROR';
    v.exitCode = EXIT.ERROR;
    v.reasons = reasonsOf(by('error'));
  } else if (by('invalid').length > 0 || missing.length > 0 || v.scenarios.length === 0) {
    v.status = 'INVALID';
    v.exitCode = EXIT.INVALID;
    v.reasons = [...reasonsOf(by('invalid')), ...missing.map((m) => `${m}: did not run`)];
    if (v.scenarios.length === 0 && missing.length === 0) v.reasons.push('no scenario ran');
  } else if (by('failed').length > 0 || (v.baseline?.regressions ?? 0) > 0) {
    v.status = 'FAIL';
    v.exitCode = EXIT.FAIL;
    v.reasons = [
      ...reasonsOf(by('failed')),
      ...(v.baseline?.deltas ?? [])
        .filter((d) => d.outcome === 'regression')
        .map(
          (d) =>
            `${d.scenario}: ${d.selector} p95 regressed ${(d.change * 100).toFixed(1)} % against ${v.baseline?.baseRunId ?? 'the baseline'} (${d.pValue === null ? 'p=?' : formatPValue(d.pValue)})`,
        ),
    ];
  } else if (by('inconclusive').length > 0) {
    // FAIL beats INCONCLUSIVE (a criterion decided against the system settles it), INVALID beats both.
    v.status = 'INCONCLUSIVE';
    v.exitCode = EXIT.INCONCLUSIVE;
    v.reasons = reasonsOf(by('inconclusive'));
  } else {
    v.status = 'PASS';
    v.exitCode = EXIT.PASS;
    v.reasons = [];
  }
  if (v.gate) applyGate(v, v.gate.failOn);
}

/** The baseline's latency over time and CDF for each scenario both runs have: report.html overlays them. */
function baselineSeries(base: Verdict, current: Verdict): NonNullable<Comparison['series']> {
  const out: NonNullable<Comparison['series']> = {};
  for (const s of current.scenarios) {
    const b = base.scenarios.find((x) => x.name === s.name)?.series;
    if (b?.latency || b?.cdf) out[s.name] = { latency: b.latency, latencyMetric: b.latencyMetric, cdf: b.cdf };
  }
  return out;
}
