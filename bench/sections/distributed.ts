/**
 * Section 5 — distributed generation: the same `loadgate run --profile smoke` twice in one bench run, once on
 * this machine and once with `--generators 3` (the lab's three rehearsal sshd hosts on 127.0.0.31–33: every k6
 * scenario is archived, shipped over ssh, started paused, resumed together, pulled back). Reported:
 * - the extra wall time of the distributed run over the local one (target < 3 s);
 * - the start skew across generators, per k6 scenario, from verdict.json (`details.k6.startSkewMs`; target
 *   < 50 ms for the worst one);
 * - the time from the last instance's end to its files pulled back and the remote directories removed (the
 *   CLI's `ended and pulled in N ms` line), and the time to merge every generator's samples with
 *   the one reader (timed here, per scenario, over the pulled files, as the verdict reads them).
 * Both runs start and stop their own lab, so lab start-up is in both and cancels out of the difference.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../orchestrator/src/paths.ts';
import { readSamples } from '../../orchestrator/src/samples/reader.ts';
import { isJson, num } from '../lib/parse.ts';
import { waitLabFree } from '../lib/lab.ts';
import { measure, type Measured } from '../lib/proc.ts';
import { check, fmt } from '../lib/report.ts';
import { emptyBody, type BenchContext, type SectionBody } from './context.ts';

const RUN_TIMEOUT_MS = 240_000;
const BUSY_WAIT_MS = 120_000;
const GENERATORS = 3;
const EXTRA_WALL_TARGET_S = 3;
const SKEW_TARGET_MS = 50;

interface Run {
  m: Measured;
  runDir: string | undefined;
}

async function smoke(ctx: BenchContext, label: string, extra: readonly string[]): Promise<Run> {
  const resultsDir = await mkdtemp(join(ctx.workDir, `distributed-${label}-`));
  ctx.log(`distributed: loadgate run --profile smoke ${extra.join(' ')} (${label})`);
  await waitLabFree(BUSY_WAIT_MS);
  const m = await measure({
    bin: process.execPath,
    args: ['orchestrator/bin/loadgate.js', 'run', '--profile', 'smoke', ...extra, '--results-dir', resultsDir],
    cwd: PROJECT_ROOT,
    env: { LOADGATE_LOOPBACK_ONLY: '1' },
    timeoutMs: RUN_TIMEOUT_MS,
  });
  const runId = (await readdir(resultsDir)).find((n) => /^\d{8}-\d{6}-/.test(n));
  return { m, runDir: runId === undefined ? undefined : join(resultsDir, runId) };
}

interface ScenarioFigures {
  name: string;
  generators: number;
  startSkewMs: number | undefined;
  pullMs: number | undefined;
  mergeMs: number;
  points: number;
  status: string;
}

/** The CLI's `k6 <id>: k6 on N generators: ended and pulled in X ms` lines, by scenario. */
export function pullTimes(stderr: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of stderr.matchAll(/^k6 (\S+): k6 on \d+ generators: ended and pulled in (\d+) ms$/gm))
    if (m[1] !== undefined) out.set(m[1], Number(m[2]));
  return out;
}

async function figures(runDir: string, stderr: string): Promise<ScenarioFigures[]> {
  const verdict: unknown = JSON.parse(await readFile(join(runDir, 'verdict.json'), 'utf8'));
  const pulls = pullTimes(stderr);
  const out: ScenarioFigures[] = [];
  for (const s of isJson(verdict) && Array.isArray(verdict['scenarios']) ? verdict['scenarios'] : []) {
    if (!isJson(s) || typeof s['name'] !== 'string' || !isJson(s['details'])) continue;
    const gens = s['details']['generators'];
    if (!Array.isArray(gens)) continue;
    const files = (Array.isArray(s['samples']) ? s['samples'] : []).filter((f): f is string => typeof f === 'string');
    const t0 = performance.now();
    const read = await readSamples(
      files.map((f) => join(runDir, f)),
      { perFile: true },
    );
    out.push({
      name: s['name'],
      generators: gens.length,
      startSkewMs: num(s['details'], 'k6.startSkewMs'),
      pullMs: pulls.get(s['name']),
      mergeMs: performance.now() - t0,
      points: read.points,
      status: typeof s['status'] === 'string' ? s['status'] : '?',
    });
  }
  return out;
}

async function reasons(runDir: string): Promise<string> {
  const v: unknown = await readFile(join(runDir, 'verdict.json'), 'utf8').then(
    (t) => JSON.parse(t) as unknown,
    () => undefined,
  );
  const list = isJson(v) && Array.isArray(v['reasons']) ? v['reasons'].filter((r): r is string => typeof r === 'string') : [];
  return list.length > 0 ? list.slice(0, 3).join('; ') : 'no verdict.json reasons';
}

export async function distributedSection(ctx: BenchContext): Promise<SectionBody> {
  const body = emptyBody();
  const local = await smoke(ctx, 'local', []);
  const dist = await smoke(ctx, 'generators', ['--generators', String(GENERATORS)]);
  // A run that wrote its verdict did the whole pipeline, whatever the verdict (ERROR on a busy machine is usually a
  // k6 scenario that ran out of time): its figures stand, with its exit code and reasons in the notes.
  if (local.runDir === undefined || dist.runDir === undefined) {
    body.error = `a smoke run wrote no run directory: local exit ${String(local.m.exitCode)}, --generators ${GENERATORS} exit ${String(dist.m.exitCode)}`;
    return body;
  }
  for (const [label, r] of [
    ['local', local],
    [`--generators ${GENERATORS}`, dist],
  ] as const)
    if (![0, 1, 4].includes(r.m.exitCode ?? -1))
      body.notes.push(`The ${label} run exited ${String(r.m.exitCode)}: ${await reasons(r.runDir ?? '')}`);
  const scenarios = await figures(dist.runDir, dist.m.stderr);
  const extra = dist.m.wallSeconds - local.m.wallSeconds;
  const skews = scenarios.flatMap((s) => (s.startSkewMs === undefined ? [] : [s.startSkewMs]));
  const worstSkew = skews.length > 0 ? Math.max(...skews) : undefined;
  body.tables.push({
    title: `Smoke run: local ${fmt(local.m.wallSeconds, 2)} s (exit ${String(local.m.exitCode)}), over ${GENERATORS} generators ${fmt(dist.m.wallSeconds, 2)} s (exit ${String(dist.m.exitCode)})`,
    columns: ['k6 scenario', 'generators', 'start skew ms', 'end → pulled ms', 'merge ms', 'points merged', 'status'],
    rows: scenarios.map((s) => [
      s.name,
      String(s.generators),
      fmt(s.startSkewMs),
      fmt(s.pullMs),
      fmt(s.mergeMs, 1),
      String(s.points),
      s.status,
    ]),
  });
  body.targets.push(
    check('extra wall time over 3 generators', `< ${EXTRA_WALL_TARGET_S} s`, `${fmt(extra, 2)} s`, extra < EXTRA_WALL_TARGET_S),
    check(
      'start skew across generators (worst scenario)',
      `< ${SKEW_TARGET_MS} ms`,
      worstSkew === undefined ? undefined : `${fmt(worstSkew)} ms`,
      worstSkew === undefined ? undefined : worstSkew < SKEW_TARGET_MS,
    ),
  );
  body.notes.push(
    `Both runs are \`node orchestrator/bin/loadgate.js run --profile smoke --results-dir <tmp>\` (LOADGATE_LOOPBACK_ONLY=1), the second with \`--generators ${GENERATORS}\`; wall time from spawn to exit, each with its own lab (the distributed one also starts ${GENERATORS} sshd). Probes run on the orchestrator in both.`,
    'Start skew: the spread of the resume requests sent to the instances, on the orchestrator’s clock. End → pulled: from every instance ended (teardown done) to their files pulled (the remote directories are removed in the background). Merge: one readSamples over the scenario’s pulled files (with the per-generator tallies), timed here.',
  );
  const run = (r: Run) => ({ wallSeconds: r.m.wallSeconds, cpuSeconds: r.m.cpuSeconds, exitCode: r.m.exitCode });
  body.data['distributed'] = { local: run(local), generators: run(dist), extraSeconds: extra, worstSkewMs: worstSkew, scenarios };
  await rm(dist.runDir, { recursive: true, force: true });
  return body;
}
