/**
 * The native probes' and the canary's live metrics: their samples pushed to the run's Prometheus remote-write
 * output through the maintained `prometheus-remote-write` client (protobuf + snappy; no hand-written protobuf).
 * Named and shaped like k6's own remote-write series (docs/observability.md), `loadgate_` instead of `k6_`:
 *   counter → `loadgate_<m>_total` (cumulative)      gauge → `loadgate_<m>` (last value)
 *   rate    → `loadgate_<m>_rate` (cumulative ratio) trend → `loadgate_<m>_count`/`_sum` (cumulative), and
 *             `_p50`/`_p95`/`_p99`/`_max` over the last push interval (like a Prometheus summary's quantiles).
 * Points are folded into per-series state as they are offered (synchronous, O(1)); a timer pushes every series
 * once a push interval, one push in flight at most. Because the state is cumulative, a failed push loses
 * nothing that the next one does not carry. Bounded: a series cap, a cap on each trend's window values.
 */
import { pushTimeseries } from 'prometheus-remote-write';
import { describeError } from '../errors.ts';
import type { OutputPlan } from '../plan/types.ts';
import { assertLoopbackTargets } from '../safety/loopback.ts';
import { redact } from '../safety/redact.ts';
import { percentileSorted } from '../stats/percentile.ts';
import type { SamplePoint, SampleSink } from '../samples/tee.ts';

export interface RemoteWriteOptions {
  env: NodeJS.ProcessEnv;
  pushEveryMs?: number;
  /** Bound on one push (connect and answer). */
  timeoutMs?: number;
  maxSeries?: number;
  maxWindowValues?: number;
  /** Redacted from every message. */
  secrets?: readonly string[];
}

export interface RemoteWrite extends SampleSink {
  /** Pushes what is left and stops the timer; never throws, bounded by the push timeout. */
  close(): Promise<void>;
  /** What went wrong while pushing, for the verdict's warnings (none when every push was accepted). */
  warnings(): string[];
}

interface Series {
  labels: Record<string, string>;
  type: SamplePoint['type'];
  count: number;
  sum: number;
  last: number;
  window: number[];
}

const PREFIX = 'loadgate_';
const WINDOW_STATS: ReadonlyArray<[string, number]> = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];

/** A tag name as a Prometheus label name. */
const labelName = (tag: string): string => tag.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1');

export function createRemoteWrite(output: OutputPlan, opts: RemoteWriteOptions): RemoteWrite {
  assertLoopbackTargets(`output ${output.type} (${output.from})`, [new URL(output.url).hostname], opts.env);
  const maxSeries = opts.maxSeries ?? 2000;
  const maxWindow = opts.maxWindowValues ?? 10_000;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const series = new Map<string, Series>();
  let droppedSeries = 0;
  let pushes = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  let inFlight: Promise<void> | undefined;

  const fetcher = async (url: string, init?: { method: string; headers: Record<string, string>; body: ArrayBufferLike }) => {
    const r = await fetch(url, {
      method: init?.method ?? 'POST',
      headers: init?.headers ?? {},
      ...(init ? { body: new Uint8Array(init.body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: r.status, statusText: r.statusText, text: () => r.text() };
  };

  const timeseries = (
    now: number,
  ): Array<{ labels: { __name__: string } & Record<string, string>; samples: Array<{ value: number; timestamp: number }> }> => {
    const out: ReturnType<typeof timeseries> = [];
    const add = (s: Series, suffix: string, value: number): void => {
      const name = `${s.labels['__name__'] ?? ''}${suffix === '' ? '' : `_${suffix}`}`;
      out.push({ labels: { ...s.labels, __name__: name }, samples: [{ value, timestamp: now }] });
    };
    for (const s of series.values()) {
      if (s.type === 'counter') add(s, 'total', s.sum);
      else if (s.type === 'gauge') add(s, '', s.last);
      else if (s.type === 'rate') add(s, 'rate', s.count === 0 ? 0 : s.sum / s.count);
      else {
        add(s, 'count', s.count);
        add(s, 'sum', s.sum);
        if (s.window.length > 0) {
          const sorted = Float64Array.from(s.window).sort();
          for (const [suffix, p] of WINDOW_STATS) add(s, suffix, percentileSorted(sorted, p) ?? 0);
          add(s, 'max', sorted[sorted.length - 1] ?? 0);
          s.window = [];
        }
      }
    }
    return out;
  };

  const push = (): Promise<void> => {
    if (inFlight !== undefined || series.size === 0) return inFlight ?? Promise.resolve();
    const batch = timeseries(Date.now());
    pushes++;
    const fail = (why: string): void => {
      failed++;
      firstFailure ??= why;
    };
    inFlight = pushTimeseries(batch, { url: output.url, headers: { ...output.headers }, fetch: fetcher })
      .then((r) => {
        if (r.status < 200 || r.status > 299) fail(`HTTP ${r.status}${r.errorMessage ? ` ${r.errorMessage.trim().slice(0, 200)}` : ''}`);
      })
      .catch((err: unknown) => fail(describeError(err)))
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const timer = setInterval(() => void push(), opts.pushEveryMs ?? 1000);
  timer.unref();

  return {
    offer(p) {
      const labels: Record<string, string> = { __name__: PREFIX + labelName(p.metric) };
      for (const [k, v] of Object.entries(p.tags)) labels[labelName(k)] = v;
      const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
      let s = series.get(key);
      if (s === undefined) {
        if (series.size >= maxSeries) return void droppedSeries++;
        s = { labels, type: p.type, count: 0, sum: 0, last: 0, window: [] };
        series.set(key, s);
      }
      s.count++;
      s.sum += p.value;
      s.last = p.value;
      if (s.type === 'trend' && s.window.length < maxWindow) s.window.push(p.value);
    },
    async close() {
      clearInterval(timer);
      await inFlight;
      await push();
    },
    warnings() {
      const where = `output ${output.type} ${output.url} (${output.from})`;
      const lines: string[] = [];
      if (failed > 0)
        lines.push(
          `${where}: ${failed} of ${pushes} pushes of the probes' and canary's metrics failed (first: ${firstFailure ?? '?'}); the run's own files are complete`,
        );
      if (droppedSeries > 0) lines.push(`${where}: ${droppedSeries} points of series beyond the cap of ${maxSeries} were not pushed`);
      return lines.map((l) => redact(l, opts.secrets ?? []));
    },
  };
}
