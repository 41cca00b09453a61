/**
 * One run, start to finish: plan → run directory → lab (when the inventory is the lab's) → preflight →
 * every scenario through its engine (engines/registry.ts), round by round → verdict → reports → exit code.
 * Interrupts stop the current scenario gracefully; whatever was collected still gets a verdict (ABORTED).
 */
import type { LiveSink } from './live.ts';
import type { RoundSnapshot } from '../verdict/drift.ts';
import { snapshotRound } from './round-snapshot.ts';
import { evidenceWarnings } from '../plan/evidence.ts';
import { join } from 'node:path';
import { interruptOf, type ExitCode, type GateStatusName } from '../exit-codes.ts';
import { gateExitCode } from '../verdict/gate.ts';
import type { RunPlan, ScenarioPlan } from '../plan/types.ts';
import type { ScenarioRecord } from '../record.ts';
import { createRunDir } from './run-dir.ts';
import { labAnswers, labEndpoints, preflight, preflightEndpoints, targetHosts } from './preflight.ts';
import { assertLoopbackTargets, pinHosts, type HostPins, type Resolver } from '../safety/loopback.ts';
import { redactValue } from '../safety/redact.ts';
import { describeError, LabError, PreflightError, UsageError } from '../errors.ts';
import { placeScenarios } from '../plan/placement.ts';
import { hasExecutor } from '../plan/load-shape.ts';
import { requireK6 } from '../toolchain.ts';
import { labGenerators } from './lab-generators.ts';
import { startLab, type LabHandle } from '../lab/process.ts';
import { buildVerdict, decideRun, type Verdict } from '../verdict/build.ts';
import { writeReports } from '../report/write.ts';
import { updateLatest, writeAtomic } from '../report/atomic.ts';
import { consoleSummary } from '../report/console.ts';
import { loadVerdict } from '../verdict/load.ts';
import { prepareEngines, runScenario, type Runners } from '../engines/registry.ts';
import { loadgateVersion } from '../version.ts';
import { writePreflightVerdict } from './preflight-verdict.ts';
import { preflightOutputs, startOutputs, type LiveOutputs } from './outputs.ts';

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
  /** Each local k6 also exports its web dashboard (`--dashboard`): it costs CPU per request, so it is opt-in. */
  dashboard?: boolean;
  /** The live board: a row per running scenario (run/live.ts). */
  live?: LiveSink | undefined;
  /** Resolves target names once per run (tests inject one; the system resolver otherwise). */
  resolve?: Resolver;
  /**
   * Start the lab with this many rehearsal generator hosts and spread the k6 scenarios over them
   * (`--generators N`; lab inventory only, checked by the CLI).
   */
  generators?: number;
}

/** Ids are unique per record: with several rounds, each round's copy is named `<id>-r<round>` (its record also keeps entry and round). */
function forRound<T extends ScenarioPlan>(s: T, round: number, rounds: number): T {
  return rounds > 1 ? { ...s, id: `${s.id}-r${round}` } : s;
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
  const generators = o.generators ?? 0;
  if (await labAnswers(plan, 500, pins)) {
    // Its generator hosts (if any) are not ours to know: a run over lab generators starts a lab of its own.
    if (generators > 0)
      throw new LabError(
        `a lab is already running on this machine: --generators ${generators} starts its own (stop the running one first)`,
      );
    o.err('lab: already running, reusing it');
    return undefined;
  }
  o.err(generators > 0 ? `lab: starting with ${generators} generator hosts` : 'lab: starting');
  const lab = await startLab({
    runDir: join(runDir, 'lab'),
    signal: o.signal,
    env: o.env,
    ...(generators > 0 ? { generators, readyTimeoutMs: 60_000 } : {}),
  });
  o.err(`lab: ready (pid ${lab.pid})`);
  return lab;
}

/**
 * The run plan over the lab's generator hosts, written again as plan.json. `fit`: a rehearsal spreads each
 * scenario over as many of the N hosts as its executor can feed (the default suite's 1-VU fir-single runs on
 * one), where an inventory's own generators: section gets the zero-VU error instead.
 */
async function placeOnLabGenerators(plan: RunPlan, lab: LabHandle, runDir: string, o: RunOptions): Promise<RunPlan> {
  const placed = placeScenarios(plan, await labGenerators(lab.readyLine, (await requireK6(o.env)).path), { fit: true });
  if ('problems' in placed) throw new UsageError(`--generators ${o.generators ?? 0}: ${placed.problems.join('; ')}`);
  for (const s of placed.plan.scenarios)
    if (hasExecutor(s))
      o.err(`plan: ${s.id} on ${s.segments.map((g) => `${g.generator} ${g.segment.value} (${g.load.vus} VUs)`).join(', ')}`);
  await writeAtomic(join(runDir, 'plan.json'), `${JSON.stringify(redactValue(placed.plan, plan.secrets), null, 2)}\n`);
  return placed.plan;
}

export async function executeRun(o: RunOptions): Promise<{ exitCode: ExitCode; verdict: Verdict; runDir: string }> {
  let { plan } = o;
  const startedAt = new Date();
  const { runId, path: runDir } = await createRunDir(o.resultsDir, plan.profile, startedAt);
  o.err(`run ${runId}: profile ${plan.profile}, ${plan.scenarios.length} scenario(s) × ${plan.rounds} round(s), results in ${runDir}`);
  for (const w of evidenceWarnings(plan)) o.err(`warning: ${w}`);
  await writeAtomic(join(runDir, 'plan.json'), `${JSON.stringify(redactValue(plan, plan.secrets), null, 2)}\n`);

  const records: ScenarioRecord[] = [];
  const rounds: RoundSnapshot[] = [];
  let runners: Runners = {};
  let baseline: Verdict | undefined;
  let lab: LabHandle | undefined;
  let pins: HostPins = {};
  let streams: LiveOutputs | undefined;
  let closeWarnings: string[] = [];
  try {
    runners = await prepareEngines(plan.scenarios, o.env);
    baseline = o.baseline ? await loadVerdict(o.baseline) : undefined;
    // Every target name resolved once, every address it has checked, before the first packet (pinHosts).
    pins = await pinHosts(targetHosts(plan), o.env, o.resolve);
    lab = await ensureLab(plan, runDir, o, pins);
    if (lab !== undefined && (o.generators ?? 0) > 0) plan = await placeOnLabGenerators(plan, lab, runDir, o);
    // Every generator connected and checked before anything is sent to a target (exit 3 naming it).
    if (plan.generators.some((g) => g.kind !== 'local'))
      for (const r of Object.values(runners)) await r.prepareGenerators?.(plan.generators, { runId, env: o.env, progress: o.err });
    if (preflightEndpoints(plan).length > 0 && !o.signal.aborted) await preflight(plan, undefined, o.env, pins);
    if ((plan.outputs ?? []).length > 0 && !o.signal.aborted) await preflightOutputs(plan, o.env);
    streams = startOutputs(plan, o.env);
    outer: for (let round = 1; round <= plan.rounds; round++) {
      for (const s of plan.scenarios) {
        if (o.signal.aborted) break outer;
        const record = await runScenario(forRound(s, round, plan.rounds), runners, {
          runId,
          runDir,
          entry: s.id,
          round,
          env: o.env,
          signal: o.signal,
          pins,
          progress: o.err,
          interactive: o.interactive,
          dashboard: o.dashboard === true,
          ...(streams ? { outputs: streams.run } : {}),
          live: o.live,
        });
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
    // A preflight failure (exit 3) still leaves verdict.json with its reason, for CI tooling.
    if (err instanceof PreflightError && !o.signal.aborted) {
      for (const r of Object.values(runners)) await r.close?.();
      await lab?.stop();
      lab = undefined;
      const tools = { k6: runners.k6?.version, node: process.versions.node, loadgate: await loadgateVersion() };
      const input = { plan, runId, runDir, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), records, tools };
      await writePreflightVerdict({ ...input, failOn: o.failOn }, err.message);
      o.out(`results: ${runDir}`);
      throw err;
    }
    // An interrupt breaks whatever was in progress (a lab start, a preflight): the run is ABORTED, not an
    // error, and what finished before it still gets its verdict. Without an interrupt the error stands.
    if (!o.signal.aborted) throw err;
    o.err(`interrupted: ${describeError(err)}`);
  } finally {
    closeWarnings = (await streams?.close(records, runDir)) ?? [];
    for (const r of Object.values(runners)) closeWarnings.push(...((await r.close?.()) ?? []));
    await lab?.stop();
  }

  const verdict = await buildVerdict({
    plan,
    runId,
    runDir,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    records,
    tools: { k6: runners.k6?.version, node: process.versions.node, loadgate: await loadgateVersion() },
    baseline,
    ...(o.minEffect === undefined ? {} : { minEffect: o.minEffect }),
    aborted: interruptOf(o.signal),
    rounds,
    failOn: o.failOn,
  });
  verdict.warnings.push(...closeWarnings);
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
