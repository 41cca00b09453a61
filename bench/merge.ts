/**
 * Merge benchmark: writes a synthetic 10-million-sample k6 JSON output (gzipped, k6's exact line shape,
 * realistic tags) to a temp dir, then times the sample reader over it with the verdict's usual requests
 * (two tag filters, a group-by, two per-second series) and reports samples/s and peak RSS.
 *
 *   npx tsx bench/merge.ts [samples=10000000]
 *
 * The last line of its output, `BENCH_JSON {...}`, carries the figures for bench/run.ts.
 * The reading runs in a fresh child process so that its peak RSS is the reader's alone.
 *
 * Targets: ≥ 1,000,000 samples/s, peak RSS < 300 MB. Exits 1 when a target is missed.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { readSamples } from '../orchestrator/src/samples/reader.ts';
import { isRecord } from '../orchestrator/src/is-record.ts';

const MEASURE = '--measure';

/** Reads one samples file as the verdict would and prints one JSON line: points, seconds, peak RSS. */
async function measure(file: string): Promise<void> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const t0 = performance.now();
  const read = await readSamples([file], {
    filters: [
      { metric: 'http_req_duration', tags: { expected_response: 'true' } },
      { metric: 'fir_step_duration', tags: { step: 'summary' } },
    ],
    groupBy: [{ metric: 'fir_step_duration', tag: 'step' }],
    series: ['http_reqs', 'http_req_duration'],
  });
  // The verdict sorts every metric's values in place next: part of the merge, so timed too.
  for (const m of read.metrics.values()) m.values.sort();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
  process.stdout.write(`${JSON.stringify({ points: read.points, seconds, peak })}\n`);
}

const METRICS: Array<[name: string, type: string]> = [
  ['http_reqs', 'counter'],
  ['http_req_duration', 'trend'],
  ['http_req_waiting', 'trend'],
  ['http_req_failed', 'rate'],
  ['fir_step_duration', 'trend'],
];
const STEPS = ['process', 'violations', 'summary', 'kb_query', 'final'];

async function generate(file: string, total: number): Promise<void> {
  const gz = createGzip({ level: 1 });
  const out = createWriteStream(file);
  gz.pipe(out);
  const t0 = Date.parse('2026-11-23T10:00:00Z');
  let buf = METRICS.map(
    ([n, t]) =>
      `{"type":"Metric","data":{"name":"${n}","type":"${t}","contains":"default","thresholds":[],"submetrics":null},"metric":"${n}"}\n`,
  ).join('');
  for (let i = 0; i < total; i++) {
    const [name = '', type = ''] = METRICS[i % METRICS.length] ?? [];
    const value = type === 'counter' ? 1 : type === 'rate' ? (i % 97 === 0 ? 1 : 0) : Math.round(((i * 7919) % 100_000) * 1.37) / 100;
    // 2,000 samples a second, with k6's nanosecond timestamps.
    const time = new Date(t0 + Math.floor(i / 2)).toISOString().replace('Z', `${String(i % 1000).padStart(3, '0')}123Z`);
    const step = STEPS[i % STEPS.length] ?? '';
    buf += `{"metric":"${name}","type":"Point","data":{"time":"${time}","value":${value},"tags":{"expected_response":"true","group":"","method":"POST","name":"http://127.0.0.20:8000/process","proto":"HTTP/1.1","scenario":"fir-concurrency","status":"200","step":"${step}","vm":"afirgen"}}}\n`;
    if (buf.length > 1 << 20) {
      if (!gz.write(buf)) await once(gz, 'drain');
      buf = '';
    }
  }
  gz.end(buf);
  await once(out, 'finish');
}

function parseResult(text: string): { points: number; seconds: number; peak: number } {
  const json: unknown = JSON.parse(text);
  const num = (k: string): number => {
    const v = isRecord(json) ? json[k] : undefined;
    if (typeof v !== 'number') throw new Error(`unexpected output: ${text}`);
    return v;
  };
  return { points: num('points'), seconds: num('seconds'), peak: num('peak') };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 10_000_000);
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-bench-'));
  const file = join(dir, 'samples.json.gz');
  try {
    const g0 = performance.now();
    await generate(file, total);
    const size = (await stat(file)).size;
    process.stdout.write(
      `generated ${total} samples (${(size / 1e6).toFixed(0)} MB gzipped) in ${((performance.now() - g0) / 1000).toFixed(1)} s\n`,
    );
    // A fresh process, so the generator's garbage does not count towards the reader's peak RSS.
    const child = await execa(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), MEASURE, file], { reject: false });
    if (child.exitCode !== 0) throw new Error(`measuring failed: ${String(child.stderr)}`);
    const r = parseResult(String(child.stdout).trim());
    const rate = r.points / r.seconds;
    const mb = r.peak / 1e6;
    process.stdout.write(
      `merged ${r.points} samples in ${r.seconds.toFixed(2)} s: ${Math.round(rate).toLocaleString('en')} samples/s, peak RSS ${mb.toFixed(0)} MB\n`,
    );
    const ok = r.points === total && rate >= 1_000_000 && mb < 300;
    process.stdout.write(ok ? 'targets met (≥ 1,000,000 samples/s, peak RSS < 300 MB)\n' : 'TARGET MISSED\n');
    const figures = { samples: total, gzipBytes: size, points: r.points, seconds: r.seconds, samplesPerSecond: rate, peakRssBytes: r.peak };
    process.stdout.write(`BENCH_JSON ${JSON.stringify(figures)}\n`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === MEASURE) await measure(process.argv[3] ?? '');
else await main();
