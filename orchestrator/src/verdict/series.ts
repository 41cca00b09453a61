/**
 * A scenario's charts data in the verdict: per second, requests, errors, active VUs and latency (avg, max,
 * p50/p95/p99), all on one time axis (seconds since the scenario's first sample); and the latency's CDF
 * over the whole run from the exact, sorted samples. report.html draws them (report/charts.ts).
 */
import type { SecondBucket } from '../samples/series.ts';
import { percentileSorted } from '../stats/percentile.ts';
import type { CdfPoint, CountPoint, ScenarioSeries, SeriesPoint } from './types.ts';

/** The CDF's quantiles: every percent, and the tail a p99 criterion lives in. */
const CDF_QUANTILES = [...Array.from({ length: 100 }, (_, i) => i / 100), 0.995, 0.999, 1];

export interface SeriesInput {
  series: Map<string, SecondBucket[]>;
  /** Latency metrics in order of preference: the first with samples is charted. */
  latencyFirst: readonly string[];
  /** The kind's failure rate metric (`http_req_failed`), or its success rate (`vm_reachable`). */
  failed?: string | undefined;
  succeeded?: string | undefined;
  /** Sorted samples of a metric, when read (the CDF's source). */
  sorted: (metric: string) => ArrayLike<number> | undefined;
}

export function buildSeries(input: SeriesInput): ScenarioSeries {
  const { series } = input;
  const nonEmpty = (m: string | undefined): SecondBucket[] | undefined => {
    const b = m === undefined ? undefined : series.get(m);
    return b && b.length > 0 ? b : undefined;
  };
  const latencyMetric = input.latencyFirst.find((m) => nonEmpty(m) !== undefined);
  const reqs = nonEmpty('http_reqs');
  const latency = nonEmpty(latencyMetric);
  const failed = nonEmpty(input.failed);
  const succeeded = nonEmpty(input.succeeded);
  const vus = nonEmpty('vus');
  const all = [reqs, latency, failed, succeeded, vus].flatMap((b) => (b ? [b[0]?.t ?? 0] : []));
  const t0 = all.length > 0 ? Math.min(...all) : 0;
  const point = (x: SecondBucket): SeriesPoint => ({
    t: x.t - t0,
    count: x.count,
    avg: x.count > 0 ? x.sum / x.count : 0,
    max: x.max,
    p50: x.p50,
    p95: x.p95,
    p99: x.p99,
  });
  const out: ScenarioSeries = {};
  if (reqs) out.requests = reqs.map(point);
  if (latency && latencyMetric) {
    out.latency = latency.map(point);
    out.latencyMetric = latencyMetric;
    // A probe's operations are its requests: one latency sample each.
    out.requests ??= out.latency;
    const sorted = input.sorted(latencyMetric);
    if (sorted && sorted.length > 0) out.cdf = cdf(sorted);
  }
  // A rate's value is 1 for each failure (or each success): the second's sum counts them.
  if (failed) out.errors = failed.map((x): CountPoint => ({ t: x.t - t0, count: x.sum }));
  else if (succeeded) out.errors = succeeded.map((x): CountPoint => ({ t: x.t - t0, count: x.count - x.sum }));
  // k6 emits the `vus` gauge once a second: that second's largest value is its VU count.
  if (vus) out.vus = vus.map((x): CountPoint => ({ t: x.t - t0, count: x.max }));
  return out;
}

function cdf(sorted: ArrayLike<number>): CdfPoint[] {
  return CDF_QUANTILES.map((q) => ({ q, value: percentileSorted(sorted, q) ?? 0 }));
}
