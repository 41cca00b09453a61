/**
 * Section 4 — internal figures: merge throughput and peak RSS (bench/merge.ts in a child process), the
 * Redis probe against redis-benchmark (sections/redis.ts), and the lab's own capacity under wrk on
 * GET /api/health and POST /api/chat at zero simulated delay.
 */
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../orchestrator/src/paths.ts';
import { which } from '../../orchestrator/src/toolchain.ts';
import { endpointLabel } from '../generators/types.ts';
import { wrkGenerator } from '../generators/wrk.ts';
import { LAB_BACKEND, LAB_VM, withLab } from '../lib/lab.ts';
import { num, parseToolJson } from '../lib/parse.ts';
import { measure } from '../lib/proc.ts';
import { check, fmt, mib } from '../lib/report.ts';
import { emptyBody, type BenchContext, type SectionBody } from './context.ts';
import { redisFigures } from './redis.ts';

const MERGE_SCRIPT = fileURLToPath(new URL('../merge.ts', import.meta.url));
const MERGE_RATE_TARGET = 1_000_000;
const MERGE_RSS_TARGET = 300e6;
const LAB_RPS_TARGET = 10_000;
const LAB_P99_TARGET_MS = 20;
const LAB_START_TARGET_MS = 2000;
const LAB_STARTS = 3;

async function mergeFigures(ctx: BenchContext, body: SectionBody): Promise<void> {
  const samples = ctx.quick ? 1_000_000 : 10_000_000;
  ctx.log(`internal: merge of ${samples.toLocaleString('en')} samples`);
  const m = await measure({
    bin: process.execPath,
    args: ['--import', 'tsx', MERGE_SCRIPT, String(samples)],
    cwd: PROJECT_ROOT,
    timeoutMs: 180_000,
  });
  const j = parseToolJson(m.stdout, 'BENCH_JSON ');
  const rate = num(j, 'samplesPerSecond');
  const peak = num(j, 'peakRssBytes');
  body.tables.push({
    title: 'Merge: reading raw samples as the verdict does',
    columns: ['samples', 'gzipped', 'read + sort s', 'samples/s', 'peak RSS of the reader'],
    // MB (10^6), like the target.
    rows: [
      [fmt(samples), mib(num(j, 'gzipBytes')), fmt(num(j, 'seconds'), 2), fmt(rate), peak === undefined ? '—' : `${fmt(peak / 1e6)} MB`],
    ],
  });
  body.targets.push(
    check(
      'merge throughput',
      '≥ 1,000,000 samples/s',
      rate === undefined ? undefined : `${fmt(rate)} samples/s`,
      rate === undefined ? undefined : rate >= MERGE_RATE_TARGET,
    ),
    check(
      'merge peak RSS',
      '< 300 MB',
      peak === undefined ? undefined : `${fmt(peak / 1e6)} MB`,
      peak === undefined ? undefined : peak < MERGE_RSS_TARGET,
    ),
  );
  body.notes.push(
    `Merge: bench/merge.ts writes a synthetic k6 JSON output of ${fmt(samples)} samples (k6's exact line shape and tags), then a fresh Node process reads it with the verdict's requests (two tag filters, a group-by, two per-second series) and sorts every metric; peak RSS is that process's alone.${m.exitCode !== 0 && j ? ' (merge.ts exit 1: a target missed)' : ''}${j ? '' : ` No figures: exit ${String(m.exitCode)} ${m.stderr.slice(-200)}`}`,
  );
  body.data['merge'] = j ?? { error: m.stderr.slice(-500) };
}

async function labCapacity(ctx: BenchContext, body: SectionBody): Promise<void> {
  if (!(await which('wrk'))) {
    body.notes.push('Lab capacity: wrk not available, not measured.');
    return;
  }
  const seconds = ctx.quick ? 3 : 10;
  const connections = 50;
  const rows: string[][] = [];
  const data: Record<string, unknown> = {};
  // Start-up to `ready`, a few times: the first start pays for cold caches (tsx, redis-server's binary).
  const startsMs: number[] = [];
  for (let i = 0; i < LAB_STARTS; i++) await withLab({ zeroDelay: true }, ctx.log, (lab) => Promise.resolve(startsMs.push(lab.startMs)));
  data['startMs'] = startsMs;
  const capacity: Array<{ endpoint: string; rps: number | undefined; p99Ms: number | undefined }> = [];
  await withLab({ zeroDelay: true }, ctx.log, async () => {
    for (const endpoint of ['health', 'chat'] as const) {
      const label = endpointLabel(endpoint);
      ctx.log(`internal: lab capacity, ${label}`);
      const r = await wrkGenerator.run({ kind: 'max', connections, seconds }, { baseUrl: LAB_BACKEND, vm: LAB_VM, endpoint }, ctx.workDir);
      const rps = r.seconds > 0 ? r.requests / r.seconds : undefined;
      capacity.push({ endpoint: label, rps, p99Ms: r.p99Ms });
      rows.push([
        label,
        fmt(rps),
        fmt(r.p50Ms, 2),
        fmt(r.p99Ms, 2),
        [r.errors > 0 ? `${r.errors} errors` : '', ...r.notes].filter(Boolean).join('; '),
      ]);
      data[endpoint] = r;
    }
  });
  body.tables.push({
    title: `Lab capacity under wrk (zero delay, ${connections} connections, 2 threads, ${seconds} s)`,
    columns: ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'notes'],
    rows,
  });
  body.notes.push(
    'Lab capacity: wrk is the cheapest client there is, so this is close to what the lab itself can answer on the cores wrk leaves it. A chat turn costs three Redis commands (LRANGE, RPUSH, EXPIRE) beyond the health check.',
  );
  body.data['labCapacity'] = data;
  // Issue 3: the lab must never be the bottleneck of a measurement.
  for (const c of capacity) {
    body.targets.push(
      check(
        `lab capacity, ${c.endpoint} under wrk`,
        `≥ ${fmt(LAB_RPS_TARGET)} req/s and p99 < ${LAB_P99_TARGET_MS} ms`,
        c.rps === undefined || c.p99Ms === undefined ? undefined : `${fmt(c.rps)} req/s, p99 ${fmt(c.p99Ms, 2)} ms`,
        c.rps === undefined || c.p99Ms === undefined ? undefined : c.rps >= LAB_RPS_TARGET && c.p99Ms < LAB_P99_TARGET_MS,
      ),
    );
  }
  const slowest = startsMs.length > 0 ? Math.max(...startsMs) : undefined;
  body.targets.push(
    check(
      `lab start-up to ready (slowest of ${startsMs.length})`,
      `< ${LAB_START_TARGET_MS / 1000} s`,
      slowest === undefined ? undefined : `${fmt(slowest / 1000, 2)} s (all: ${startsMs.map((ms) => fmt(ms / 1000, 2)).join(', ')})`,
      slowest === undefined ? undefined : slowest < LAB_START_TARGET_MS,
    ),
  );
}

export async function internalSection(ctx: BenchContext): Promise<SectionBody> {
  const body = emptyBody();
  await mergeFigures(ctx, body);
  const redis = await redisFigures(ctx);
  body.tables.push({
    title: 'Redis: the probe vs redis-benchmark',
    columns: ['tool', 'commands', 'seconds', 'commands/s', 'p50 ms', 'p99 ms', 'CPU s', 'notes'],
    rows: redis.rows,
  });
  body.targets.push(...redis.targets);
  body.notes.push(...redis.notes);
  body.data['redis'] = redis.data;
  await labCapacity(ctx, body);
  return body;
}
