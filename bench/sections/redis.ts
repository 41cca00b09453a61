/**
 * Part of section 4: loadgate's Redis probe against `redis-benchmark`, the same number of SET and GET
 * commands at the same concurrency, against one private redis-server on 127.0.0.1.
 *
 * The probe runs exactly as `loadgate run` runs it (runProbe: raw samples written, every GET checked
 * against its SET, the event-loop monitor on), in this process; its CPU is this process's own CPU over the
 * probe (nothing else runs in it meanwhile). redis-benchmark runs as a child under the bench's meter.
 * The two do not send the same traffic shape: the probe is one connection with up to C pairs in flight
 * (node-redis pipelines them), each pair a SET then its GET; redis-benchmark opens C connections and runs
 * all SETs, then all GETs. The figure is what each reaches, not a like-for-like protocol race.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { ProbePlan } from '../../orchestrator/src/plan/types.ts';
import { runProbe } from '../../orchestrator/src/probes/index.ts';
import { readSamples } from '../../orchestrator/src/samples/reader.ts';
import { percentileSorted, sortedCopy } from '../../orchestrator/src/stats/percentile.ts';
import { which } from '../../orchestrator/src/toolchain.ts';
import { num } from '../lib/parse.ts';
import { measure } from '../lib/proc.ts';
import { startBenchRedis, type BenchRedis } from '../lib/redis-server.ts';
import { check, fmt, type TargetCheck } from '../lib/report.ts';
import type { BenchContext } from './context.ts';

export interface RedisFigure {
  tool: string;
  commands: number;
  seconds: number | undefined;
  commandsPerSecond: number | undefined;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  cpuSeconds: number | undefined;
  /** The probe's own event-loop stall over the probe (loadgate's process), ms; undefined for redis-benchmark. */
  maxStallMs?: number | undefined;
  note: string;
}

/** Issue 6's performance targets: the probe's command rate vs redis-benchmark's, and its own loop stall. */
const PROBE_RATE_TARGET = 0.5;
const PROBE_STALL_LIMIT_MS = 10;

/** redis-benchmark's --csv: a header line, then one quoted line per test. */
export function parseRedisBenchmarkCsv(csv: string): Map<string, Record<string, number>> {
  const lines = csv
    .trim()
    .split('\n')
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
  const header = lines[0] ?? [];
  const out = new Map<string, Record<string, number>>();
  for (const row of lines.slice(1)) {
    const values: Record<string, number> = {};
    header.forEach((h, i) => {
      const v = Number(row[i]);
      if (i > 0 && Number.isFinite(v)) values[h] = v;
    });
    if (row[0] !== undefined) out.set(row[0], values);
  }
  return out;
}

async function probeFigure(redis: BenchRedis, operations: number, concurrency: number, workDir: string): Promise<RedisFigure> {
  const plan: ProbePlan = {
    engine: 'probe',
    id: 'redis',
    scenario: 'redis',
    params: { operations, concurrency, valueBytes: 64 },
    redis: { vm: 'bench', host: redis.host, port: redis.port, tls: false, db: 0, dbName: 'main', timeoutMs: 5000 },
    criteria: [],
    timeoutMs: 60_000,
  };
  const runDir = await mkdtemp(join(workDir, 'redis-probe-'));
  const cpu0 = process.cpuUsage();
  const record = await runProbe(plan, { env: process.env, runId: 'bench', runDir });
  const cpu = process.cpuUsage(cpu0);
  const read = await readSamples([join(runDir, 'probes', 'redis', 'samples.json.gz')]);
  const durations = sortedCopy(read.metrics.get('redis_op_duration')?.values ?? new Float64Array());
  const details = record.details;
  const wallMs = num(details, 'wallMs');
  const failed = num(details, 'failedPairs') ?? 0;
  const maxStallMs = num(details, 'eventLoop.maxStallMs');
  await rm(runDir, { recursive: true, force: true });
  return {
    tool: 'loadgate Redis probe',
    commands: operations * 2,
    seconds: wallMs === undefined ? undefined : wallMs / 1000,
    commandsPerSecond: num(details, 'opsPerSecond'),
    p50Ms: percentileSorted(durations, 0.5),
    p99Ms: percentileSorted(durations, 0.99),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxStallMs,
    note: `1 connection, ≤ ${concurrency} pairs in flight; every GET checked; raw samples written${failed > 0 ? `; ${failed} pairs FAILED` : ''}${record.errors.length > 0 ? `; errors: ${record.errors.join(' | ')}` : ''}`,
  };
}

async function benchmarkFigures(redis: BenchRedis, operations: number, concurrency: number): Promise<RedisFigure[]> {
  const args = [
    '-h',
    redis.host,
    '-p',
    String(redis.port),
    '-n',
    String(operations),
    '-c',
    String(concurrency),
    '-d',
    '64',
    '-t',
    'set,get',
    '--csv',
  ];
  const m = await measure({ bin: 'redis-benchmark', args, timeoutMs: 60_000 });
  const tests = parseRedisBenchmarkCsv(m.stdout);
  const set = tests.get('SET');
  const get = tests.get('GET');
  const rows: RedisFigure[] = [];
  for (const [name, t] of [
    ['SET', set],
    ['GET', get],
  ] as const) {
    const rps = t?.['rps'];
    rows.push({
      tool: `redis-benchmark ${name}`,
      commands: operations,
      seconds: rps ? operations / rps : undefined,
      commandsPerSecond: rps,
      p50Ms: t?.['p50_latency_ms'],
      p99Ms: t?.['p99_latency_ms'],
      cpuSeconds: undefined,
      note: `${concurrency} connections`,
    });
  }
  const total = (rows[0]?.seconds ?? NaN) + (rows[1]?.seconds ?? NaN);
  rows.push({
    tool: 'redis-benchmark SET + GET',
    commands: operations * 2,
    seconds: Number.isFinite(total) ? total : undefined,
    commandsPerSecond: Number.isFinite(total) ? (operations * 2) / total : undefined,
    p50Ms: undefined,
    p99Ms: undefined,
    cpuSeconds: m.cpuSeconds,
    note:
      m.exitCode === 0
        ? 'both tests together; CPU of the whole redis-benchmark process'
        : `exit ${String(m.exitCode)}: ${m.stderr.slice(-200)}`,
  });
  return rows;
}

export async function redisFigures(
  ctx: BenchContext,
): Promise<{ rows: string[][]; data: RedisFigure[]; notes: string[]; targets: TargetCheck[] }> {
  const operations = ctx.quick ? 10_000 : 100_000;
  const concurrency = 100;
  const notes: string[] = [];
  const rows: RedisFigure[] = [];
  const redis = await startBenchRedis();
  try {
    const version = await execa('redis-server', ['--version'], { reject: false, timeout: 5000 });
    notes.push(
      `Redis: ${operations.toLocaleString('en')} SET + ${operations.toLocaleString('en')} GET, concurrency ${concurrency}, 64-byte values, against a private redis-server (${/v=(\S+)/.exec(String(version.stdout))?.[1] ?? '?'}) on 127.0.0.1:${redis.port}. The probe's p50/p99 are per command (SET and GET together), redis-benchmark's per test.`,
    );
    ctx.log(`internal: Redis probe, ${operations} pairs`);
    rows.push(await probeFigure(redis, operations, concurrency, ctx.workDir));
    if (await which('redis-benchmark')) {
      ctx.log('internal: redis-benchmark');
      rows.push(...(await benchmarkFigures(redis, operations, concurrency)));
    } else notes.push('redis-benchmark: not available (Debian package `redis-tools`; apt-get needs root).');
  } finally {
    await redis.stop();
  }
  const probe = rows[0]?.commandsPerSecond;
  const both = rows.find((r) => r.tool === 'redis-benchmark SET + GET')?.commandsPerSecond;
  const stall = rows[0]?.maxStallMs;
  const targets = [
    check(
      'Redis probe command rate vs redis-benchmark (SET + GET, concurrency 100)',
      `≥ ${PROBE_RATE_TARGET * 100} %`,
      probe === undefined || both === undefined ? undefined : `${fmt((probe / both) * 100)} %`,
      probe === undefined || both === undefined ? undefined : probe / both >= PROBE_RATE_TARGET,
    ),
    check(
      "Redis probe: loadgate's own event-loop stall while probing",
      `< ${PROBE_STALL_LIMIT_MS} ms`,
      stall === undefined ? undefined : `${fmt(stall, 1)} ms`,
      stall === undefined ? undefined : stall < PROBE_STALL_LIMIT_MS,
    ),
  ];
  return {
    targets,
    rows: rows.map((r) => [
      r.tool,
      fmt(r.commands),
      fmt(r.seconds, 3),
      fmt(r.commandsPerSecond),
      fmt(r.p50Ms, 3),
      fmt(r.p99Ms, 3),
      r.cpuSeconds === undefined ? '—' : fmt(r.cpuSeconds, 2),
      r.note,
    ]),
    data: rows,
    notes,
  };
}
