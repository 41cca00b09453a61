/**
 * Runs one k6 scenario of a plan and hands back its ScenarioRecord. One k6 process per scenario; every
 * file it needs or leaves is under `<runDir>/k6/<id>/`:
 *   options.json   executor, thresholds (k6-sourced criteria), trend stats, system tags, global tags
 *   samples.json.gz  raw samples (k6 --out json), enough to recompute every number
 *   batch-samples.json.gz  kinds with the `round-batches` derivation (fir-concurrency): fir_batch_duration per round
 *   summary.json   k6's machine-readable summary (written by the script's handleSummary)
 *   dashboard.html k6's web-dashboard report
 *   stdout.log, stderr.log, command.txt (secrets redacted)
 * A k6 failure (bad exit, crash, hang, missing binary) is data in the record, never an exception;
 * K6RunError is thrown only for a plan the runner cannot turn into a k6 run (a programming error).
 */
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';
import { K6RunError } from '../../errors.ts';
import { CATALOG } from '../../catalog.ts';
import { PROJECT_ROOT } from '../../paths.ts';
import type { K6ScenarioPlan } from '../../plan/types.ts';
import type { ScenarioRecord } from '../../record.ts';
import type { K6Facts } from './facts.ts';
import { batchesFromSamples, writeBatchSamples } from './batches.ts';
import { commandLine } from './env.ts';
import { redact } from '../../safety/redact.ts';
import { outcomeErrors, outcomeOf } from './outcome.ts';
import { preflightReason } from './preflight-reason.ts';
import { runK6Process } from './process.ts';
import { completeArtifacts } from './salvage.ts';
import { parseProgressLine, plannedLoad } from './progress.ts';
import { pollLive } from './live-poll.ts';
import { K6Api } from './remote/k6-rest.ts';
import { freeLocalPort, SELF } from './remote/remote-k6.ts';
import { parseK6Summary, type ParsedSummary } from './summary.ts';
import { assertLoopbackTargets } from '../../safety/loopback.ts';
import { isDistributed, prepareK6, recordIdentity, type K6RunContext } from './prepare.ts';
import { runDistributed } from './distributed.ts';

export type { K6RunContext } from './prepare.ts';

const DEFAULT_GRACE_MS = 15_000;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readSummary(path: string): Promise<ParsedSummary | undefined> {
  try {
    return parseK6Summary(JSON.parse(await readFile(path, 'utf8')) as unknown);
  } catch {
    return undefined;
  }
}

/** The log is already redacted (process.ts), so the reason is too. */
async function setupAbortReason(stderrPath: string): Promise<string | undefined> {
  try {
    return preflightReason(await readFile(stderrPath, 'utf8'));
  } catch {
    return undefined;
  }
}

function validatePlan(plan: K6ScenarioPlan): void {
  if (!/^[A-Za-z0-9][\w.-]*$/.test(plan.id)) throw new K6RunError(`scenario id '${plan.id}' is not a safe directory name`);
  if (!Number.isFinite(plan.timeoutMs) || plan.timeoutMs <= 0) throw new K6RunError(`scenario ${plan.id}: timeoutMs must be > 0`);
}

export async function runK6Scenario(plan: K6ScenarioPlan, ctx: K6RunContext): Promise<ScenarioRecord> {
  validatePlan(plan);
  assertLoopbackTargets(
    `k6 ${plan.id}`,
    Object.values(plan.targets).map((t) => t.host),
    ctx.env,
    ctx.pins,
  );
  const interactive = ctx.interactive === true;
  const prep = prepareK6(plan, {
    runId: ctx.runId,
    runDir: ctx.runDir,
    env: ctx.env,
    pins: ctx.pins,
    interactive,
    dashboard: ctx.dashboard === true,
    ...(ctx.outputs ? { outputs: ctx.outputs } : {}),
  });
  await mkdir(prep.dir, { recursive: true });
  await writeFile(join(prep.dir, 'options.json'), `${JSON.stringify(prep.options, null, 2)}\n`);
  // Several segments, or a generator that is not this machine: one test over paused instances (distributed.ts).
  if (isDistributed(plan)) return runDistributed(plan, prep, ctx);
  const { dir, options, intended, env, secrets } = prep;
  // On a terminal the board asks k6's REST API for p95, requests/s and failures so far: on this machine's
  // loopback only, at a port free a moment ago (k6 exits 106 if it was taken since — it never is in practice).
  const restPort = interactive && ctx.live !== undefined ? await freeLocalPort() : undefined;
  const args = restPort === undefined ? prep.args : [prep.args[0] ?? 'run', '--address', `${SELF}:${restPort}`, ...prep.args.slice(1)];
  const file = (name: string): string => join(dir, name);
  const rel = (name: string): string => relative(ctx.runDir, file(name));
  const progress = ctx.progress ?? (() => undefined);

  await writeFile(file('command.txt'), `# k6 ${ctx.k6.version}\n${commandLine(env, ctx.k6.path, args, secrets)}\n`);

  const startedAt = new Date().toISOString();
  progress(
    `k6 ${plan.id}: started (${plan.executor.type}, ${Object.entries(intended)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  );
  const planned = plannedLoad(plan.executor);
  ctx.live?.start(plan.id, `k6 ${plan.id}`, planned.seconds);
  const api = restPort === undefined ? undefined : new K6Api(SELF, restPort, ctx.env);
  // VUs and iterations come from k6's status lines below; the REST poll owns the rest of the row.
  const live =
    ctx.live !== undefined && api !== undefined
      ? pollLive(
          ctx.live,
          plan.id,
          plan.scenario,
          () => [api],
          ({ p95Ms, rate, errors }) => ({
            ...(p95Ms === undefined ? {} : { p95Ms }),
            ...(rate === undefined ? {} : { rate }),
            ...(errors === undefined ? {} : { errors }),
          }),
        )
      : undefined;
  const end = await runK6Process({
    bin: ctx.k6.path,
    args,
    env,
    cwd: PROJECT_ROOT,
    stdoutPath: file('stdout.log'),
    stderrPath: file('stderr.log'),
    timeoutMs: plan.timeoutMs,
    gracePeriodMs: ctx.gracePeriodMs ?? DEFAULT_GRACE_MS,
    label: `k6 ${plan.id}`,
    secrets,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(interactive
      ? {
          onStdoutLine: (line: string) => {
            const p = parseProgressLine(line);
            if (!p) return;
            ctx.live?.update(plan.id, {
              vus: p.vus,
              maxVus: p.maxVus,
              iterations: p.complete,
              ...(planned.iterations === undefined ? {} : { totalIterations: planned.iterations }),
            });
          },
        }
      : {}),
  });
  const finishedAt = new Date().toISOString();
  live?.stop();
  ctx.live?.end(plan.id);

  const outcome = outcomeOf(end);
  // Files k6 left cut off (killed, disk full) are made whole or removed first; these lines come first
  // among the errors because they explain the rest (a missing summary, say).
  const damaged = [...(await completeArtifacts(file, end.exitCode === null)), ...(end.logErrors ?? [])];
  const parsed = await readSummary(file('summary.json'));
  const thresholds = parsed?.thresholds ?? [];
  const errors = [...damaged, ...outcomeErrors(outcome, end, thresholds, parsed !== undefined)];
  if (end.spawnError) errors.unshift(`k6 could not be started: ${redact(end.spawnError, secrets)}`);

  // setup() gave up on the target and said why (k6/lib/preflight.ts): the run becomes a preflight failure.
  const preflight = outcome === 'script-aborted' ? await setupAbortReason(file('stderr.log')) : undefined;

  const samples: string[] = [];
  if (await exists(file('samples.json.gz'))) {
    samples.push(rel('samples.json.gz'));
    if (CATALOG[plan.scenario]?.derivations?.includes('round-batches')) {
      try {
        const batches = await batchesFromSamples(file('samples.json.gz'));
        await writeBatchSamples(file('batch-samples.json.gz'), batches, options.tags);
        samples.push(rel('batch-samples.json.gz'));
      } catch (e) {
        errors.push(`batch durations could not be derived from the samples: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } else if (outcome !== 'not-started') errors.push('k6 wrote no raw samples');

  const artifacts: Record<string, string> = {};
  const roles: Array<[string, string]> = [
    ['summary', 'summary.json'],
    ['dashboard', 'dashboard.html'],
    ['stdout', 'stdout.log'],
    ['stderr', 'stderr.log'],
    ['command', 'command.txt'],
    ['options', 'options.json'],
  ];
  for (const [role, name] of roles) if (await exists(file(name))) artifacts[role] = rel(name);

  const k6: K6Facts = {
    exitCode: end.exitCode,
    signal: end.signal,
    outcome,
    version: ctx.k6.version,
    thresholds,
    summary: parsed?.summary ?? {},
    wallSeconds: end.wallSeconds,
    ...(end.cpuSeconds === undefined ? {} : { cpuSeconds: end.cpuSeconds }),
    // k6 ran on this host: its CPU share is judged against these cores.
    cores: availableParallelism(),
  };
  const iterations = parsed?.summary['iterations']?.['count'];
  progress(
    `k6 ${plan.id}: ${outcome} (${end.exitCode === null ? `signal ${end.signal ?? '?'}` : `exit ${end.exitCode}`}) after ${end.wallSeconds.toFixed(1)} s` +
      `${iterations === undefined ? '' : `, ${iterations} iterations`}${errors.length ? `, ${errors.length} problem(s)` : ''}`,
  );
  return {
    ...recordIdentity(plan, ctx),
    startedAt,
    finishedAt,
    samples,
    artifacts,
    intended,
    errors,
    faults: [],
    aborted: end.stoppedBy === 'abort' || outcome === 'external-abort',
    ...(preflight === undefined ? {} : { preflight }),
    k6,
  };
}
