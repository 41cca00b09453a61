/**
 * `make bench`: loadgate measured side by side with its peers and the physical limits, in one run on one
 * machine, as one table — results/bench/<id>.md and .json, and results/bench/latest.md.
 *
 *   npx tsx bench/run.ts [--quick] [--only generators,overhead,truth,internal,distributed] [--keep]
 *
 * Sections: 1 generators (cost and ceiling vs wrk, hey, autocannon, Locust, Artillery), 2 overhead (harness
 * wall time around a smoke run), 3 truth (percentiles vs the lab's ground truth), 4 internal (merge, Redis
 * probe vs redis-benchmark, lab capacity), 5 distributed (a smoke run over 3 lab generator hosts vs local).
 * bench/README.md explains every number.
 *
 * Only loopback is ever a target: the lab on 127.0.0.20–25 and a private redis-server on 127.0.0.1. Every
 * child run has a hard time limit. Missed targets are reported, not fatal: the exit code is 1 only when a
 * section could not run at all, 2 for a usage error.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { killAllChildren } from '../orchestrator/src/children.ts';
import { RESULTS_DIR } from '../orchestrator/src/paths.ts';
import { findK6 } from '../orchestrator/src/toolchain.ts';
import { installPeers } from './lib/peers.ts';
import { SECTION_IDS, renderReport, type BenchReport, type SectionId, type SectionReport } from './lib/report.ts';
import type { BenchContext, SectionBody } from './sections/context.ts';
import { distributedSection } from './sections/distributed.ts';
import { generatorsSection } from './sections/generators.ts';
import { internalSection } from './sections/internal.ts';
import { overheadSection } from './sections/overhead.ts';
import { truthSection } from './sections/truth.ts';

const SECTIONS: Record<SectionId, { title: string; run: (ctx: BenchContext) => Promise<SectionBody> }> = {
  generators: { title: 'Generator cost and ceiling', run: generatorsSection },
  overhead: { title: 'Harness overhead', run: overheadSection },
  truth: { title: 'Measurement truth', run: truthSection },
  internal: { title: 'Internal figures', run: internalSection },
  distributed: { title: 'Distributed generation', run: distributedSection },
};

const USAGE = `usage: npx tsx bench/run.ts [--quick] [--only ${SECTION_IDS.join(',')}] [--keep]
  --quick   short runs and small counts (development; figures only indicative)
  --only    run only these sections (comma-separated)
  --keep    keep the scratch directory (generator scripts, raw samples) and print where it is`;

interface Flags {
  quick: boolean;
  only: SectionId[];
  keep: boolean;
}

function isSectionId(s: string): s is SectionId {
  return (SECTION_IDS as readonly string[]).includes(s);
}

export function parseFlags(argv: readonly string[]): Flags {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean' },
        only: { type: 'string', multiple: true },
        keep: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`, 2);
  }
  if (values.help === true) throw new UsageError(USAGE, 0);
  const only: SectionId[] = [];
  for (const part of (values.only ?? []).flatMap((s) => s.split(','))) {
    const name = part.trim();
    if (!isSectionId(name)) throw new UsageError(`--only: unknown section '${name}' (one of ${SECTION_IDS.join(', ')})\n${USAGE}`, 2);
    only.push(name);
  }
  return { quick: values.quick === true, only: only.length > 0 ? only : [...SECTION_IDS], keep: values.keep === true };
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

async function loadAverage(): Promise<string> {
  const text = await readFile('/proc/loadavg', 'utf8').catch(() => '');
  const [a, b, c] = text.split(' ');
  return a && b && c ? `${a}, ${b}, ${c} (1, 5, 15 min)` : 'unknown';
}

async function toolVersions(): Promise<Record<string, string>> {
  const k6 = await findK6();
  const redis = await execa('redis-server', ['--version'], { reject: false, timeout: 5000 });
  return {
    node: process.versions.node,
    k6: k6.version ?? 'not found',
    'redis-server': /v=(\S+)/.exec(String(redis.stdout))?.[1] ?? 'not found',
  };
}

function benchId(now: Date, quick: boolean): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${quick ? 'quick' : 'full'}`;
}

async function runSection(id: SectionId, ctx: BenchContext): Promise<SectionReport> {
  const { title, run } = SECTIONS[id];
  const t0 = performance.now();
  ctx.log(`== ${title}`);
  try {
    const body = await run(ctx);
    return { id, title, ...body, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.log(`${id}: could not run: ${message}`);
    return { id, title, tables: [], targets: [], notes: [], data: {}, error: message, seconds: (performance.now() - t0) / 1000 };
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv);
  const started = new Date();
  const id = benchId(started, flags.quick);
  const logLines: string[] = [];
  const log = (line: string): void => {
    const stamped = `${new Date().toISOString().slice(11, 19)} ${line}`;
    logLines.push(stamped);
    process.stderr.write(`bench: ${stamped}\n`);
  };
  const loadBefore = await loadAverage();
  log(`bench ${id}: sections ${flags.only.join(', ')}; load average ${loadBefore}`);
  await installPeers(log);
  const workDir = await mkdtemp(join(tmpdir(), 'loadgate-bench-'));
  const ctx: BenchContext = { quick: flags.quick, workDir, log };
  const sections: SectionReport[] = [];
  try {
    for (const s of flags.only) sections.push(await runSection(s, ctx));
  } finally {
    if (flags.keep) log(`scratch kept in ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
  const report: BenchReport = {
    id,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `make bench${argv.length > 0 ? ` BENCH_FLAGS="${argv.join(' ')}"` : ''}`,
    mode: flags.quick ? 'quick' : 'full',
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? '?',
      memGiB: totalmem() / 2 ** 30,
      loadBefore,
      loadAfter: await loadAverage(),
    },
    tools: await toolVersions(),
    sections,
    log: logLines,
  };
  const dir = join(RESULTS_DIR, 'bench');
  await mkdir(dir, { recursive: true });
  const md = renderReport(report);
  await writeFile(join(dir, `${id}.md`), md);
  await writeFile(join(dir, `${id}.json`), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(dir, 'latest.md'), md);
  process.stdout.write(`${md}\nwritten: results/bench/${id}.md, ${id}.json, latest.md\n`);
  return sections.some((s) => s.error !== undefined) ? 1 : 0;
}

// A lab we started leads its own process group and would outlive us: on an interrupt, end it by PID.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(code);
  });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
