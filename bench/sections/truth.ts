/**
 * Section 3 — measurement truth: loadgate's latency percentiles against the lab's own server-side timing
 * of the very same requests. The lab runs with a known chat model time — a fixed 50 ms (deterministic mode)
 * and a lognormal with median 50 ms (realistic mode, seeded) — and loadgate's chat-open scenario drives it
 * at a rate well under the model's parallelism, so nothing queues.
 *
 * loadgate's figures are recomputed from the run's raw samples (http_req_duration of the chat requests,
 * status 2xx) with the orchestrator's percentile function, exactly as the verdict computes them. The truth
 * is each request's serviceTimeMs from GET /ground-truth: arrival of the request to its last byte, queue wait
 * already included (lab/src/protocol.ts), so queueWaitMs is not added again.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { filterKey, readSamples } from '../../orchestrator/src/samples/reader.ts';
import { percentileSorted, sortedCopy } from '../../orchestrator/src/stats/percentile.ts';
import { runK6Chat } from '../generators/loadgate.ts';
import type { LoadShape } from '../generators/types.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GroundTruthRecord, LabControl } from '../../orchestrator/src/lab/control.ts';
import { readTimedRequests, type TimedRequest } from '../lib/k6-points.ts';
import { LAB_BACKEND, LAB_VM, withLab } from '../lib/lab.ts';
import { check, fmt } from '../lib/report.ts';
import { emptyBody, type BenchContext, type SectionBody } from './context.ts';

const PERCENTILES = [
  { label: 'p50', p: 0.5, z: 0 },
  { label: 'p95', p: 0.95, z: 1.6448536 },
  { label: 'p99', p: 0.99, z: 2.3263479 },
] as const;

interface Mode {
  name: string;
  deterministic: boolean;
  autobot: Record<string, number>;
  /** The configured model time at a standard-normal quantile z. */
  model(z: number): number;
}

const MEDIAN_MS = 50;
const SIGMA = 0.45;

const MODES: readonly Mode[] = [
  {
    name: `fixed ${MEDIAN_MS} ms (deterministic)`,
    deterministic: true,
    autobot: { chatMs: MEDIAN_MS, chatMaxMs: MEDIAN_MS * 5 },
    model: () => MEDIAN_MS,
  },
  {
    name: `lognormal, median ${MEDIAN_MS} ms, σ ${SIGMA} (seeded)`,
    deterministic: false,
    // The cap sits far beyond p99 (50·e^(0.45·2.33) ≈ 142 ms), so it does not bend the distribution.
    autobot: { chatMs: MEDIAN_MS, chatSigma: SIGMA, chatMaxMs: 2000 },
    model: (z) => MEDIAN_MS * Math.exp(SIGMA * z),
  },
];

export interface TruthRow {
  mode: string;
  requests: { loadgate: number; lab: number };
  /** Attempts made: a run whose counts disagree (someone else's run reused our lab) is made again once. */
  attempts: number;
  percentiles: Array<{
    label: string;
    model: number;
    lab: number | undefined;
    loadgate: number | undefined;
    k6Summary: number | undefined;
  }>;
  meanOffsetMs: number | undefined;
  paired: PairedOffsets | undefined;
}

/** Per-request differences, loadgate's request i against the lab's request i in start order. */
export interface PairedOffsets {
  n: number;
  /** loadgate's duration − the lab's service time, ms, at p50/p95/p99. */
  durationOffset: [number, number, number];
  /** The lab's arrival − loadgate's start, ms, at p50/p99: the request's way in. */
  wayIn: [number, number];
}

/**
 * At a fixed arrival rate the requests start ≥ 10 ms apart, far more than the way in takes, so the i-th
 * request loadgate started is the i-th the lab received: pairing by start order needs no shared id.
 * Only done when both sides counted the same requests.
 */
export function pairOffsets(ours: TimedRequest[], truth: GroundTruthRecord[]): PairedOffsets | undefined {
  if (ours.length === 0 || ours.length !== truth.length) return undefined;
  const a = [...ours].sort((x, y) => x.startMs - y.startMs);
  const b = [...truth].sort((x, y) => x.startMs - y.startMs);
  const dur = sortedCopy(a.map((r, i) => r.durationMs - (b[i]?.serviceTimeMs ?? NaN)));
  const wayIn = sortedCopy(a.map((r, i) => (b[i]?.startMs ?? NaN) - r.startMs));
  const q = (arr: Float64Array, p: number): number => percentileSorted(arr, p) ?? NaN;
  return { n: a.length, durationOffset: [q(dur, 0.5), q(dur, 0.95), q(dur, 0.99)], wayIn: [q(wayIn, 0.5), q(wayIn, 0.99)] };
}

function mean(a: Float64Array): number | undefined {
  if (a.length === 0) return undefined;
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

/** The allowed error of one percentile: max(1 ms, 1 % of the truth). */
export function allowedErrorMs(truth: number): number {
  return Math.max(1, truth * 0.01);
}

async function measureMode(mode: Mode, shape: LoadShape, ctx: BenchContext, seed: number): Promise<TruthRow> {
  return withLab({ deterministic: mode.deterministic, seed }, ctx.log, async (lab) => {
    await lab.control.setConfig({ autobot: mode.autobot });
    ctx.log(`truth: ${mode.name}: loadgate chat-open at ${shape.kind === 'rate' ? shape.rate : 0} req/s for ${shape.seconds} s`);
    const id = mode.deterministic ? 'truth-fixed' : 'truth-lognormal';
    const k6 = await runK6Chat(shape, { baseUrl: LAB_BACKEND, vm: LAB_VM }, join(ctx.workDir, 'truth'), id);
    const filter = { metric: 'http_req_duration', tags: { name: 'chat', expected_response: 'true' } };
    const read = await readSamples([join(k6.dir, 'samples.json.gz')], { filters: [filter] });
    const ours = sortedCopy(read.filtered.get(filterKey(filter)) ?? new Float64Array());
    const records = (await settledGroundTruth(lab.control, ours.length)).filter((r) => r.status >= 200 && r.status < 300);
    const truth = sortedCopy(records.map((r) => r.serviceTimeMs));
    const timed = await readTimedRequests(join(k6.dir, 'samples.json.gz'), 'chat');
    const summary = k6.summary['http_req_duration{expected_response:true}'] ?? k6.summary['http_req_duration'] ?? {};
    const summaryKey: Record<string, string> = { p50: 'med', p95: 'p(95)', p99: 'p(99)' };
    const mo = mean(ours);
    const mt = mean(truth);
    return {
      mode: mode.name,
      requests: { loadgate: ours.length, lab: truth.length },
      attempts: 1,
      percentiles: PERCENTILES.map(({ label, p, z }) => ({
        label,
        model: mode.model(z),
        lab: percentileSorted(truth, p),
        loadgate: percentileSorted(ours, p),
        k6Summary: summary[summaryKey[label] ?? ''],
      })),
      meanOffsetMs: mo !== undefined && mt !== undefined ? mo - mt : undefined,
      paired: pairOffsets(timed, records),
    };
  });
}

/**
 * The lab's services hand their records to the control endpoint in batches every 100 ms: poll until the
 * count stops growing (and has reached ours), for at most 3 s.
 */
async function settledGroundTruth(control: LabControl, expected: number): Promise<GroundTruthRecord[]> {
  const deadline = Date.now() + 3000;
  let last = -1;
  for (;;) {
    const records = await control.groundTruth({ service: 'autobot-backend', route: '/api/chat', method: 'POST', limit: 1_000_000 });
    if ((records.length === last && records.length >= expected) || Date.now() > deadline) return records;
    last = records.length;
    await sleep(300);
  }
}

function signed(v: number | undefined, digits: number): string {
  return v === undefined ? '—' : `${v >= 0 ? '+' : ''}${fmt(v, digits)}`;
}

export async function truthSection(ctx: BenchContext): Promise<SectionBody> {
  const body = emptyBody();
  await mkdir(join(ctx.workDir, 'truth'), { recursive: true });
  const shape: LoadShape = ctx.quick ? { kind: 'rate', rate: 50, seconds: 5 } : { kind: 'rate', rate: 100, seconds: 20 };
  const rows: TruthRow[] = [];
  for (const mode of MODES) {
    let row = await measureMode(mode, shape, ctx, 42);
    if (row.requests.lab !== row.requests.loadgate) {
      ctx.log(
        `truth: ${mode.name}: ${row.requests.lab} requests in the lab's truth, ${row.requests.loadgate} sent by us: another run reused our lab; once more`,
      );
      row = { ...(await measureMode(mode, shape, ctx, 42)), attempts: 2 };
    }
    rows.push(row);
  }

  const table: string[][] = [];
  for (const r of rows) {
    for (const q of r.percentiles) {
      const err = q.loadgate !== undefined && q.lab !== undefined ? q.loadgate - q.lab : undefined;
      const allowed = q.lab !== undefined ? allowedErrorMs(q.lab) : undefined;
      table.push([
        r.mode,
        q.label,
        fmt(q.model, 2),
        fmt(q.lab, 2),
        fmt(q.loadgate, 2),
        fmt(q.k6Summary, 2),
        signed(err, 2),
        fmt(allowed, 2),
        err === undefined || allowed === undefined ? '—' : Math.abs(err) <= allowed ? 'within' : 'outside',
        signed(q.lab !== undefined ? q.lab - q.model : undefined, 2),
      ]);
    }
  }
  body.tables.push({
    columns: [
      'lab model',
      'pct',
      'model ms',
      'lab truth ms',
      'loadgate ms',
      'k6 summary ms',
      'loadgate − truth',
      'allowed ±',
      'result',
      'truth − model',
    ],
    rows: table,
  });
  body.tables.push({
    title: 'Per request: loadgate vs the lab, paired by start order',
    columns: ['lab model', 'pairs', 'duration offset p50 ms', 'p95 ms', 'p99 ms', 'way in p50 ms', 'way in p99 ms'],
    rows: rows.map((r) =>
      r.paired
        ? [r.mode, fmt(r.paired.n), ...r.paired.durationOffset.map((v) => signed(v, 2)), ...r.paired.wayIn.map((v) => fmt(v, 2))]
        : [r.mode, 'counts differ: not paired', '', '', '', '', ''],
    ),
  });
  for (const r of rows) {
    const errs = r.percentiles.map((q) =>
      q.loadgate !== undefined && q.lab !== undefined
        ? { e: q.loadgate - q.lab, ok: Math.abs(q.loadgate - q.lab) <= allowedErrorMs(q.lab), q }
        : undefined,
    );
    const complete = errs.every((x) => x !== undefined) && r.requests.loadgate > 0;
    body.targets.push(
      check(
        `p50/p95/p99 error vs lab ground truth, ${r.mode}`,
        '≤ max(1 ms, 1 %) each',
        complete ? errs.map((x) => `${x?.q.label} ${signed(x?.e, 2)} ms`).join(', ') : undefined,
        complete ? errs.every((x) => x?.ok === true) : undefined,
      ),
    );
    const foreign = r.requests.lab - r.requests.loadgate;
    body.notes.push(
      `${r.mode}: ${fmt(r.requests.loadgate)} chat requests in loadgate's raw samples, ${fmt(r.requests.lab)} in the lab's ground truth; mean offset loadgate − truth ${signed(r.meanOffsetMs, 3)} ms.${
        foreign !== 0
          ? ` The counts differ by ${fmt(foreign)} after ${r.attempts} attempt(s): another engineer's run reused the bench's lab (the orchestrator reuses any lab that answers) or requests were lost, so this row's truth is not clean.`
          : r.attempts > 1
            ? ' (Second attempt: the first was disturbed by another run reusing the lab.)'
            : ''
      }`,
    );
  }
  body.notes.push(
    `Load: loadgate's chat-open scenario (k6 constant-arrival-rate) at ${shape.kind === 'rate' ? shape.rate : 0} req/s for ${shape.seconds} s per model — a few requests in flight, far under the lab's 16 parallel chat slots, so queue wait is ~0.`,
    'Why loadgate reads more than the lab: k6 times from the first byte of the request written to the last byte of the answer read; the lab times from its handler seeing the parsed request to the answer handed to the socket. The paired table shows the difference request by request: typically a few tenths of a millisecond (the loopback round trip and HTTP parsing), but a few percent of requests carry several milliseconds more — moments when k6 or the lab’s worker was not on a CPU (2 cores shared by k6, the lab’s threads, its Redis and whatever else runs). That time is real for the client, so loadgate is right to count it; it is also why the tail percentiles differ more than the median. “Way in” is the lab’s arrival time minus k6’s start time, the same effect on the request’s way in.',
    'Why the fixed model misses more than the lognormal one: with a fixed model time every request takes about the same time at the lab, so the tail of loadgate’s distribution is the tail of the per-request offset itself (its p99 shows through almost whole). With a spread-out model, a few milliseconds more on a few percent of requests only move them among neighbours of similar duration, and the percentiles barely move.',
    'Why the lab reads more than the model (last column): each turn also does its Redis round trips (LRANGE before, RPUSH + EXPIRE after the model time) and a Node timer fires at or after its delay, never before. That is part of the real service time; loadgate is judged against the lab’s measured truth, not against the model.',
  );
  body.data['truth'] = rows;
  return body;
}
