/**
 * One verdict from samples that runners elsewhere wrote (`loadgate verdict`): per planned k6 scenario, every
 * runner file under `<run>/<scenario>/` becomes one ScenarioRecord whose samples are all of them, so the
 * existing reader merges them exactly and the existing verdict code (buildVerdict, scenarioVerdict, the load
 * check) judges them as it judges a local run. A runner that left no file or a cut-off one makes its scenario
 * INVALID, named — unless something worse (ERROR, ABORTED) already stands.
 */
import { k6Scenarios } from '../engines/k6/scenarios.ts';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExitCode, GateStatusName } from '../exit-codes.ts';
import { intendedLoad } from '../engines/k6/options.ts';
import type { K6ScenarioPlan } from '../plan/types.ts';
import type { ScenarioRecord } from '../record.ts';
import { buildVerdict, decideRun, type Verdict } from '../verdict/build.ts';
import { gateExitCode } from '../verdict/gate.ts';
import { writeReports } from '../report/write.ts';
import type { PlanFile } from '../export/k8s/plan-file.ts';
import { collectRunners, type RunnerFile } from './runners.ts';

export interface CollectedInput {
  planFile: PlanFile;
  /** The collected results directory: the claim's root (holding `<run-id>/`) or the run's own directory. */
  samplesDir: string;
  baseline?: Verdict | undefined;
  minEffect?: number | undefined;
  failOn?: readonly GateStatusName[] | undefined;
  env: NodeJS.ProcessEnv;
  tools: { node: string; loadgate: string };
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Where the run's scenario directories are: `<dir>/<run-id>/` when the claim's root was collected. */
export async function runDirOf(samplesDir: string, runId: string): Promise<string> {
  const nested = join(samplesDir, runId);
  return (await isDir(nested)) ? nested : samplesDir;
}

const iso = (ms: number | undefined, fallback: string): string => (ms === undefined ? fallback : new Date(ms).toISOString());

function recordOf(plan: K6ScenarioPlan, files: readonly RunnerFile[], createdAt: string): ScenarioRecord {
  const firsts = files.flatMap((f) => (f.firstMs === undefined ? [] : [f.firstMs]));
  const lasts = files.flatMap((f) => (f.lastMs === undefined ? [] : [f.lastMs]));
  return {
    id: plan.id,
    entry: plan.id,
    round: 1,
    scenario: plan.scenario,
    engine: 'k6',
    // The runners' own clocks: from the first sample any of them wrote to the last.
    startedAt: iso(firsts.length > 0 ? Math.min(...firsts) : undefined, createdAt),
    finishedAt: iso(lasts.length > 0 ? Math.max(...lasts) : undefined, createdAt),
    samples: files.map((f) => f.rel),
    artifacts: {},
    intended: intendedLoad(plan.executor),
    errors: [],
    faults: [],
    aborted: false,
    details: { runners: files.map((f) => ({ runner: f.runner, file: f.rel, points: f.points })) },
  };
}

/** Runner problems demote a scenario that would otherwise be decided (passed, failed, inconclusive) to invalid. */
function markRunnerProblems(verdict: Verdict, problems: ReadonlyMap<string, readonly string[]>): void {
  let changed = false;
  for (const s of verdict.scenarios) {
    const lines = problems.get(s.name) ?? [];
    if (lines.length === 0 || s.status === 'error' || s.status === 'aborted') continue;
    s.status = 'invalid';
    s.reasons = [...lines.map((l) => `${s.name}: ${l}`), ...s.reasons];
    changed = true;
  }
  if (changed) decideRun(verdict, undefined);
}

export async function verdictFromSamples(input: CollectedInput): Promise<{ exitCode: ExitCode; verdict: Verdict; runDir: string }> {
  const { planFile: p } = input;
  const runDir = await runDirOf(input.samplesDir, p.runId);
  const records: ScenarioRecord[] = [];
  const problems = new Map<string, string[]>();
  for (const s of k6Scenarios(p.plan.scenarios).k6) {
    const testRun = p.testRuns.find((t) => t.id === s.id)?.testRun ?? s.id;
    const found = await collectRunners(runDir, join(runDir, s.id), p.parallelism, testRun);
    records.push(recordOf(s, found.files, p.createdAt));
    problems.set(s.id, found.problems);
  }
  const starts = records.map((r) => r.startedAt).sort();
  const ends = records.map((r) => r.finishedAt).sort();
  const verdict = await buildVerdict({
    plan: p.plan,
    runId: p.runId,
    runDir,
    startedAt: starts[0] ?? p.createdAt,
    finishedAt: ends.at(-1) ?? p.createdAt,
    records,
    tools: { k6: p.tools.k6, node: input.tools.node, loadgate: input.tools.loadgate },
    baseline: input.baseline,
    ...(input.minEffect === undefined ? {} : { minEffect: input.minEffect }),
    failOn: input.failOn,
  });
  markRunnerProblems(verdict, problems);
  await writeReports(verdict, runDir, input.env);
  return { exitCode: gateExitCode(verdict), verdict, runDir };
}
