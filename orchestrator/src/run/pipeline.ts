/**
 * One run, start to finish: plan → run directory → lab (when the inventory is the lab's) → preflight →
 * every scenario (k6 with its canary, or a native probe), round by round → verdict → reports → exit code.
 * Interrupts stop the current scenario gracefully; whatever was collected still gets a verdict (ABORTED).
 */
import type { RoundSnapshot } from '../verdict/drift.ts';
import { snapshotRound } from './round-snapshot.ts';
import { evidenceWarnings } from '../plan/evidence.ts';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { interruptOf, type ExitCode, type GateStatusName } from '../exit-codes.ts';
import { gateExitCode } from '../verdict/gate.ts';
import type { K6ScenarioPlan, ProbePlan, RunPlan, ScenarioPlan } from '../plan/types.ts';
import type { ScenarioRecord } from './record.ts';
import { createRunDir } from './run-dir.ts';

import { labAnswers, labEndpoints, preflight, preflightEndpoints, targetHosts } from './preflight.ts';
import { assertLoopbackTargets, pinHosts, type HostPins, type Resolver } from '../safety/loopback.ts';
import { redactValue } from '../safety/redact.ts';
import { describeError, LoopbackRefusedError, PreflightError } from '../errors.ts';
import { requireK6 } from '../toolchain.ts';
import { runK6Scenario } from '../engines/k6/runner.ts';
import { intendedLoad } from '../engines/k6/options.ts';
import { runProbe } from '../probes/index.ts';
import { startCanary } from '../probes/canary.ts';
import { outageLines, readCanaryPolls } from './canary-faults.ts';
import { startLab, type LabHandle } from '../lab/process.ts';
import { buildVerdict, decideRun, type Verdict } from '../verdict/build.ts';
import { writeReports } from '../report/write.ts';
import { updateLatest, writeAtomic } from '../report/atomic.ts';
import { consoleSummary } from '../report/console.ts';
import { loadVerdict } from '../verdict/load.ts';
import { bundleScenarios } from '../../../k6/build.ts';

export interface RunOptions {
  plan: RunPlan;
  resultsDir: string;
  baseline?: string;
  /** The smallest p95 change the baseline comparison counts as a regression (compare's default when absent). */
  minEffect?: number | undefined;
  failFast: boolean;
  /** The gate policy (`--fail-on`); all statuses fail the build when absent. */
  failOn?: readonly GateStatusName[] | undefined;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  out: (line: string) => void;
  err: (line: string) => void;
  interactive: boolean;
  /** Resolves target names once per run (tests inject one; the system resolver otherwise). */
  resolve?: Resolver;
}

/** Ids are unique per record: with several rounds, each round's copy is `<id>-r<round>`. */
function forRound<T extends ScenarioPlan>(s: T, round: number, rounds: number): T {
  return rounds > 1 ? { ...s, id: `${s.id}-r${round}` } : s;
}

async function runScenario(
  s: ScenarioPlan,
  runId: string,
  runDir: string,
  k6: { path: string; version: string } | undefined,
  o: RunOptions,
  pins: HostPins,
): Promise<ScenarioRecord> {
  if (s.engine === 'probe') return runProbeScenario(s, runId, runDir, o, pins);
  if (!k6) throw new Error('k6 scenario without k6'); // unreachable: k6 is resolved whenever the plan has a k6 scenario
  const plan: K6ScenarioPlan = s;
  try {
    // k6's targets and the canary's URL judged before either starts, so a refusal leaves nothing half-sent.
    assertLoopbackTargets(
      `k6 ${plan.id}`,
      Object.values(plan.targets).map((t) => t.host),
      o.env,
      pins,
    );
    if (plan.canary) assertLoopbackTargets('canary', [new URL(plan.canary.url).hostname], o.env, pins);
    return await runK6WithCanary(plan, runId, runDir, k6, o, pins);
  } catch (err) {
    if (err instanceof LoopbackRefusedError) return refusedRecord(plan, err);
    throw err;
  }
}

/**
 * A sender that refuses a target after preflight has connected: the run goes on to its verdict (ERROR naming
 * the refusal) and the message says what is true now — this scenario sent nothing, the run did.
 */
function refusedRecord(plan: K6ScenarioPlan, err: LoopbackRefusedError): ScenarioRecord {
  const now = new Date().toISOString();
  return {
    id: plan.id,
    scenario: plan.scenario,
    engine: 'k6',
    startedAt: now,
    finishedAt: now,
    samples: [],
    artifacts: {},
    intended: intendedLoad(plan.executor),
    errors: [`${err.refusal}; the scenario was not started (preflight had already connected to the run's targets)`],
    faults: [],
    aborted: false,
  };
}

async function runK6WithCanary(
  plan: K6ScenarioPlan,
  runId: string,
  runDir: string,
  k6: { path: string; version: string },
  o: RunOptions,
  pins: HostPins,
): Promise<ScenarioRecord> {
  const dir = join(runDir, 'k6', plan.id);
  await mkdir(dir, { recursive: true });
  const canaryRel = join('k6', plan.id, 'canary.json.gz');
  const canary = plan.canary
    ? startCanary({ url: plan.canary.url, vm: plan.canary.vm, outPath: join(runDir, canaryRel), signal: o.signal, pins })
    : undefined;
  let record: ScenarioRecord;
  try {
    record = await runK6Scenario(plan, { runId, runDir, k6, signal: o.signal, progress: o.err, interactive: o.interactive, pins });
  } catch (err) {
    await canary?.stop();
    throw err;
  }
  const polled = await canary?.stop();
  // setup() found the target unusable: nothing was loaded, so this is preflight's verdict (exit 3), not a run's.
  if (record.preflight !== undefined)
    throw new PreflightError(
      `preflight failed before any load: ${plan.id}: ${record.preflight} (k6's log: ${join(runDir, record.artifacts['stderr'] ?? '')})`,
    );
  if (!polled || !plan.canary) return record;
  const faults = await canaryFaults(join(runDir, canaryRel), plan);
  return { ...record, samples: [...record.samples, canaryRel], faults: [...record.faults, ...faults] };
}

/** The canary's outages as fault lines naming the VM and service it watched (`main/backend`). */
async function canaryFaults(path: string, plan: K6ScenarioPlan): Promise<string[]> {
  const url = plan.canary?.url ?? '';
  const target = Object.values(plan.targets).find((t) => url.startsWith(t.baseUrl));
  const where = `${target ? `${target.vm}/${target.service}` : (plan.canary?.vm ?? '?')} (GET ${url})`;
  try {
    return outageLines(await readCanaryPolls(path), where);
  } catch (err) {
    return [`${new Date().toISOString()} the canary's samples for ${where} could not be read back: ${describeError(err)}`];
  }
}

async function runProbeScenario(plan: ProbePlan, runId: string, runDir: string, o: RunOptions, pins: HostPins): Promise<ScenarioRecord> {
  // The same start/end lines as a k6 scenario, so a watcher (a human, a test) knows what is running.
  o.err(`probe ${plan.id}: started`);
  const began = performance.now();
  const record = await runProbe(plan, { runId, runDir, signal: o.signal, pins });
  const problems = record.errors.length + record.faults.length;
  o.err(
    `probe ${plan.id}: ${record.aborted ? 'interrupted' : 'done'} after ${((performance.now() - began) / 1000).toFixed(1)} s` +
      `${problems > 0 ? `, ${problems} problem(s)` : ''}`,
  );
  return record;
}

async function ensureLab(plan: RunPlan, runDir: string, o: RunOptions, pins: HostPins): Promise<LabHandle | undefined> {
  if (!plan.inventory.lab) return undefined;
  // A lab already started with `loadgate lab` serves several runs at once: reuse it when it answers for this
  // run (labAnswers; a half-running one makes startLab fail with a clear message instead).
  assertLoopbackTargets(
    'the lab check',
    labEndpoints(plan).map((e) => e.host),
    o.env,
    pins,
  );
  if (await labAnswers(plan, 500, pins)) {
    o.err('lab: already running, reusing it');
    return undefined;
  }
  o.err('lab: starting');
  const lab = await startLab({ runDir: join(runDir, 'lab'), signal: o.signal, env: o.env });
  o.err(`lab: ready (pid ${lab.pid})`);
  return lab;
}

export async function executeRun(o: RunOptions): Promise<{ exitCode: ExitCode; verdict: Verdict; runDir: string }> {
  const { plan } = o;
  const startedAt = new Date();
  const { runId, path: runDir } = await createRunDir(o.resultsDir, plan.profile, startedAt);
  o.err(`run ${runId}: profile ${plan.profile}, ${plan.scenarios.length} scenario(s) × ${plan.rounds} round(s), results in ${runDir}`);
  for (const w of evidenceWarnings(plan)) o.err(`warning: ${w}`);
  await writeAtomic(join(runDir, 'plan.json'), `${JSON.stringify(redactValue(plan, plan.secrets), null, 2)}\n`);

  const records: ScenarioRecord[] = [];
  const rounds: RoundSnapshot[] = [];
  let k6: { path: string; version: string } | undefined;
  let baseline: Verdict | undefined;
  let lab: LabHandle | undefined;
  let pins: HostPins = {};
  try {
    const needsK6 = plan.scenarios.some((s) => s.engine === 'k6');
    k6 = needsK6 ? await requireK6(o.env) : undefined;
    if (needsK6) await bundleScenarios();
    baseline = o.baseline ? await loadVerdict(o.baseline) : undefined;
    // Every target name resolved once, every address it has checked, before the first packet (pinHosts).
    pins = await pinHosts(targetHosts(plan), o.env, o.resolve);
    lab = await ensureLab(plan, runDir, o, pins);
    if (preflightEndpoints(plan).length > 0 && !o.signal.aborted) await preflight(plan, undefined, o.env, pins);
    outer: for (let round = 1; round <= plan.rounds; round++) {
      for (const s of plan.scenarios) {
        if (o.signal.aborted) break outer;
        const record = await runScenario(forRound(s, round, plan.rounds), runId, runDir, k6, o, pins);
        records.push(record);
        if (o.failFast && record.errors.length > 0) {
          o.err(`--fail-fast: stopping after ${record.id} errored`);
          break outer;
        }
      }
      if (plan.rounds > 1 && !o.signal.aborted) rounds.push(await snapshotRound(round, plan, o.env, pins));
      if (round < plan.rounds && plan.pauseMs > 0 && !o.signal.aborted) await pause(plan.pauseMs, o.signal);
    }
  } catch (err) {
    // An interrupt breaks whatever was in progress (a lab start, a preflight): the run is ABORTED, not an
    // error, and what finished before it still gets its verdict. Without an interrupt the error stands.
    if (!o.signal.aborted) throw err;
    o.err(`interrupted: ${describeError(err)}`);
  } finally {
    await lab?.stop();
  }

  const verdict = await buildVerdict({
    plan,
    runId,
    runDir,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    records,
    tools: { k6: k6?.version, node: process.versions.node, loadgate: await loadgateVersion() },
    baseline,
    ...(o.minEffect === undefined ? {} : { minEffect: o.minEffect }),
    aborted: interruptOf(o.signal),
    rounds,
    failOn: o.failOn,
  });
  markIfAborted(verdict, o.signal);
  o.err(`reports: writing ${runDir}`);
  await writeReports(verdict, runDir, o.env, o.signal);
  // An interrupt while the reports were written: the run ends ABORTED, so every report must say so.
  if (markIfAborted(verdict, o.signal)) await writeReports(verdict, runDir, o.env, o.signal);
  // results/latest only ever moves to a complete run.
  if (!verdict.aborted) await updateLatest(o.resultsDir, runId);
  for (const line of consoleSummary(verdict)) o.out(line);
  o.out(`results: ${runDir}`);
  return { exitCode: gateExitCode(verdict), verdict, runDir };
}

/**
 * A signal that arrives after the last scenario (while the verdict or the reports are made) still ends the
 * run ABORTED, with exit 130 / 143 as the user asked; the scenarios keep their own statuses. True when it
 * changed the verdict.
 */
function markIfAborted(verdict: Verdict, signal: AbortSignal): boolean {
  const reason = interruptOf(signal);
  if (reason === undefined || verdict.aborted !== undefined) return false;
  decideRun(verdict, reason);
  return true;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

async function loadgateVersion(): Promise<string> {
  const { versionText } = await import('../cli/help.ts');
  return (await versionText()).replace(/^loadgate /, '');
}
