/**
 * The execution half for a scenario over several generators: one test, not N. `k6 archive` once (options.json
 * inside, no environment embedded); every segment started paused on its generator over ssh with
 * `--execution-segment`/`--execution-segment-sequence`, `--no-setup --no-teardown --no-thresholds --linger` and
 * `--tag generator=<name>`; setup() once, all resumed together, polled, teardown() once (remote/coordinate.ts).
 * Each generator's files are pulled into `<runDir>/k6/<id>/<generator>/`; the record lists every sample file
 * (the reader merges them), one K6SegmentFacts per segment, and the worst segment's outcome as the scenario's.
 * Thresholds are per instance in k6, so here the central verdict alone decides; each instance's own summary is
 * cross-checked against its own samples (judge.ts, crossCheckSegments).
 */
import { access, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { CATALOG } from '../../catalog.ts';
import { ENV } from '../../../../k6/lib/env-names.ts';
import { PROJECT_ROOT } from '../../paths.ts';
import type { K6ScenarioPlan, SegmentPlan } from '../../plan/types.ts';
import { segmentFlags } from '../../plan/segments.ts';
import type { ScenarioRecord } from '../../record.ts';
import { redact } from '../../safety/redact.ts';
import { batchesFromFiles, writeBatchSamples } from './batches.ts';
import type { RunOutputs } from '../engine.ts';
import { commandLine, PASS_THROUGH } from './env.ts';
import { labelTags, outputFlags, tagArgs } from './outputs.ts';
import type { K6Facts, K6SegmentFacts } from './facts.ts';
import { segmentFacts, worstOutcome, type Placed } from './segment-facts.ts';
import { recordIdentity, type K6Prepared, type K6RunContext } from './prepare.ts';
import { coordinate, type CoordinateResult } from './remote/coordinate.ts';
import { pollLive } from './live-poll.ts';
import { plannedLoad } from './progress.ts';
import { freeLocalPort, RemoteK6 } from './remote/remote-k6.ts';

/** Bound on shipping the archive and reaching paused, per instance. */
const START_TIMEOUT_MS = 60_000;
/** Status polls: the end of the test is seen within a quarter second (a poll is one small call per instance). */
const POLL_MS = 250;
const PROGRESS_EVERY_MS = 5_000;

/**
 * The environment a generator's k6 gets: the scenario's own variables, its summary written in its run directory
 * (relative: the launcher runs k6 there), no dashboard; the host keeps its own PATH, HOME and locale.
 */
export function remoteEnv(local: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(local))
    if (!(PASS_THROUGH as readonly string[]).includes(k) && !k.startsWith('K6_WEB_DASHBOARD')) env[k] = v;
  env[ENV.summaryPath] = 'summary.json';
  env['K6_WEB_DASHBOARD'] = 'false';
  return env;
}

/**
 * Everything after `k6 run` for one segment but the REST flags and the archive (remote-k6.ts adds those). Every
 * tag on the command line: k6's `--tag` replaces options.json's `tags`, so `generator` alone would drop the
 * samples' `run_id` and `scenario`.
 */
export function segmentArgs(s: SegmentPlan, labels: { runId: string; scenario: string }, outputs?: RunOutputs): string[] {
  const profile: Record<string, string> = outputs !== undefined && outputs.outputs.length > 0 ? { profile: outputs.profile } : {};
  return [
    ...segmentFlags(s.segment),
    '--no-setup',
    '--no-teardown',
    '--no-thresholds',
    ...tagArgs({ ...labelTags({ ...labels, generator: s.generator }), ...profile }),
    '--out',
    'json=samples.json.gz',
    ...outputFlags(outputs),
    '--no-color',
    '--quiet',
  ];
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** `k6 archive` once for the scenario: the bundle, options.json folded in, no environment variable embedded. */
async function archiveOnce(plan: K6ScenarioPlan, prep: K6Prepared, k6: string): Promise<{ path: string } | { error: string }> {
  const path = join(prep.dir, 'archive.tar');
  const r = await execa(
    k6,
    [
      'archive',
      '--quiet',
      '--include-system-env-vars',
      '--exclude-env-vars',
      '--config',
      join(prep.dir, 'options.json'),
      '-O',
      path,
      prep.script,
    ],
    {
      reject: false,
      cwd: PROJECT_ROOT,
      // The init context reads the scenario's environment (k6/lib/env.ts) while it is archived, so it gets it —
      // and `--exclude-env-vars` keeps every variable (the API key among them) out of the archive.
      env: prep.env,
      extendEnv: false,
      timeout: 120_000,
    },
  );
  if (r.exitCode === 0) return { path };
  const why = `${String(r.stderr)}`.trim().split('\n').pop() ?? '';
  return { error: `k6 archive for ${plan.id} failed (exit ${r.exitCode ?? '?'})${why ? `: ${redact(why, prep.secrets)}` : ''}` };
}

export async function runDistributed(plan: K6ScenarioPlan, prep: K6Prepared, ctx: K6RunContext): Promise<ScenarioRecord> {
  const progress = ctx.progress ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const rel = (name: string): string => relative(ctx.runDir, join(prep.dir, name));
  const base: Omit<ScenarioRecord, 'errors' | 'finishedAt'> = {
    ...recordIdentity(plan, ctx),
    startedAt,
    samples: [],
    artifacts: { options: rel('options.json') },
    intended: prep.intended,
    faults: [],
    aborted: false,
  };
  const placed: Placed[] = [];
  const unknown: string[] = [];
  for (const s of plan.segments) {
    const g = ctx.generators?.get(s.generator);
    if (g === undefined) unknown.push(s.generator);
    else placed.push({ s, g });
  }
  // This machine takes part only alone (one local segment, runner.ts): several segments run over ssh.
  if (unknown.length > 0)
    return {
      ...base,
      finishedAt: new Date().toISOString(),
      errors: [`k6 ${plan.id}: no ssh generator ready for segment(s) on ${unknown.join(', ')}; nothing was started`],
    };
  const archive = await archiveOnce(plan, prep, ctx.k6.path);
  if ('error' in archive) return { ...base, finishedAt: new Date().toISOString(), errors: [archive.error] };

  const env = remoteEnv(prep.env);
  const instances: RemoteK6[] = [];
  for (const p of placed)
    instances.push(
      new RemoteK6({
        host: p.g.host,
        remoteDir: `${p.g.runDir}/${plan.id}`,
        k6: p.g.k6,
        args: segmentArgs(p.s, { runId: ctx.runId, scenario: plan.id }, ctx.outputs),
        env,
        apiPort: await freeLocalPort(),
        timeoutMs: plan.timeoutMs + START_TIMEOUT_MS,
      }),
    );
  const commands = placed.map(
    (p, i) =>
      `# ${p.g.name} (${p.g.host.where()}), k6 ${p.g.k6Version}\n${commandLine(env, p.g.k6, ['run', '--paused', '--linger', ...(instances[i]?.spec.args ?? []), 'archive.tar'], prep.secrets)}`,
  );
  await writeFile(join(prep.dir, 'command.txt'), `${commands.join('\n')}\n`);
  progress(
    `k6 ${plan.id}: starting on ${placed.length} generators (${placed.map((p) => `${p.g.name} ${p.s.segment.value}: ${p.s.load.vus} VUs`).join(', ')})`,
  );
  let lastShown = 0;
  // The board's row, from every instance's REST API (live-poll.ts): VUs and counts summed, p95 a bound.
  const planned = plannedLoad(plan.executor);
  const total = planned.iterations === undefined ? {} : { totalIterations: planned.iterations };
  let live: { stop(): void } | undefined;
  const result = await coordinate(instances, {
    archive: archive.path,
    env: ctx.env,
    localDir: (inst) => join(prep.dir, inst.name),
    startTimeoutMs: START_TIMEOUT_MS,
    runTimeoutMs: plan.timeoutMs,
    pollMs: POLL_MS,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onResumed: () => {
      if (ctx.live === undefined) return;
      ctx.live.start(plan.id, `k6 ${plan.id} ×${instances.length}`, planned.seconds);
      live = pollLive(
        ctx.live,
        plan.id,
        plan.scenario,
        () => instances.map((i) => i.api),
        (f) => ({ ...f, ...total }),
      );
    },
    progress: (line) => {
      const running = /VUs running/.test(line);
      // With a board the row says it; without one (a library caller), a line every few seconds on a terminal.
      if (running && (ctx.live !== undefined || ctx.interactive !== true || Date.now() - lastShown < PROGRESS_EVERY_MS)) return;
      if (running) lastShown = Date.now();
      progress(`k6 ${plan.id}: ${line}`);
    },
  }).finally(() => {
    live?.stop();
    ctx.live?.end(plan.id);
  });
  const finishedAt = new Date().toISOString();
  const segments = await Promise.all(
    placed.map((p, i) =>
      segmentFacts(p, result.instances[i] ?? { name: p.g.name, exitCode: 255, errors: [], pulled: false }, result, prep.dir, ctx.runDir),
    ),
  );
  return distributedRecord(plan, { ...base, finishedAt }, prep, ctx, result, segments);
}

async function distributedRecord(
  plan: K6ScenarioPlan,
  base: Omit<ScenarioRecord, 'errors'>,
  prep: K6Prepared,
  ctx: K6RunContext,
  result: CoordinateResult,
  segments: K6SegmentFacts[],
): Promise<ScenarioRecord> {
  const errors: string[] = [];
  if (result.failure !== undefined && !result.aborted) errors.push(`k6 ${plan.id}: ${result.failure}`);
  for (const s of segments) for (const e of s.errors) if (!errors.some((x) => x.includes(e))) errors.push(e);
  const samples = segments.flatMap((s) => s.samples);
  if (samples.length === 0 && result.setupRan) errors.push('k6 wrote no raw samples on any generator');
  if (samples.length > 0 && CATALOG[plan.scenario]?.derivations?.includes('round-batches')) {
    try {
      const batches = await batchesFromFiles(samples.map((s) => join(ctx.runDir, s)));
      await writeBatchSamples(join(prep.dir, 'batch-samples.json.gz'), batches, prep.options.tags);
      samples.push(relative(ctx.runDir, join(prep.dir, 'batch-samples.json.gz')));
    } catch (e) {
      errors.push(`batch durations could not be derived from the samples: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const artifacts: Record<string, string> = { ...base.artifacts, command: relative(ctx.runDir, join(prep.dir, 'command.txt')) };
  for (const s of segments)
    for (const f of ['summary.json', 'stdout.log', 'stderr.log'])
      if (await exists(join(prep.dir, s.generator, f)))
        artifacts[`${f.replace(/\.\w+$/, '')}@${s.generator}`] = relative(ctx.runDir, join(prep.dir, s.generator, f));
  const worst = worstOutcome(segments.map((s) => s.outcome));
  const worstSegment = segments.find((s) => s.outcome === worst);
  const resumed = segments.flatMap((s) => (s.resumedAt === undefined ? [] : [Date.parse(s.resumedAt)]));
  const k6: K6Facts = {
    exitCode: worstSegment?.exitCode ?? null,
    signal: null,
    outcome: worst,
    version: ctx.k6.version,
    thresholds: [],
    summary: {},
    ...(resumed.length > 0 ? { wallSeconds: (Date.parse(base.finishedAt) - Math.min(...resumed)) / 1000 } : {}),
    segments,
    ...(result.startSkewMs === undefined ? {} : { startSkewMs: result.startSkewMs }),
    setupRan: result.setupRan,
  };
  const iterations = segments.reduce((a, s) => a + (s.summary['iterations']?.['count'] ?? 0), 0);
  ctx.progress?.(
    `k6 ${plan.id}: ${worst} on ${segments.length} generators (${segments.map((s) => `${s.generator} exit ${s.exitCode}`).join(', ')})` +
      `${result.startSkewMs === undefined ? '' : `, start skew ${result.startSkewMs} ms`}, ${iterations} iterations${errors.length ? `, ${errors.length} problem(s)` : ''}`,
  );
  return { ...base, samples, artifacts, errors, aborted: result.aborted, k6 };
}
