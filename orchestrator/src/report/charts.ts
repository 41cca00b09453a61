/**
 * What report.html draws, as data: one ChartSpec per chart, embedded as JSON in the page and drawn there by
 * uPlot (report/assets/charts.js). Each chart has its own axis — a millisecond scenario is never flattened
 * next to a second-long one — and a scenario's time charts share one zoom. The numbers are the verdict's.
 */
import type { ScenarioVerdict, SeriesPoint, Verdict } from '../verdict/types.ts';
import { breakdowns } from './format.ts';
import type { ChartSeries, ChartSpec } from './chart-spec.ts';
import { kneeChart } from './stages.ts';

export type { ChartSeries, ChartSpec } from './chart-spec.ts';

/** The values of `points` at each x of `xs` (null where it has none): series of different seconds on one axis. */
export function alignTo(xs: readonly number[], points: ReadonlyArray<{ t: number }>, value: (i: number) => number): Array<number | null> {
  const at = new Map(points.map((p, i) => [p.t, i]));
  return xs.map((x) => {
    const i = at.get(x);
    return i === undefined ? null : value(i);
  });
}

function unionOf(...lists: ReadonlyArray<ReadonlyArray<{ t: number }> | undefined>): number[] {
  return [...new Set(lists.flatMap((l) => (l ?? []).map((p) => p.t)))].sort((a, b) => a - b);
}

function pick(points: readonly SeriesPoint[], key: 'p50' | 'p95' | 'p99'): (i: number) => number {
  return (i) => points[i]?.[key] ?? Number.NaN;
}

function timeCharts(s: ScenarioVerdict, id: string, base: Verdict['baseline']): ChartSpec[] {
  const series = s.series;
  if (!series) return [];
  const out: ChartSpec[] = [];
  const group = `time-${id}`;
  const latency = series.latency ?? [];
  const baseLatency = base?.series?.[s.name]?.latency;
  if (latency.length > 0) {
    const xs = unionOf(latency, baseLatency);
    const lines: ChartSeries[] = (['p50', 'p95', 'p99'] as const).map((k) => ({
      label: k,
      values: alignTo(xs, latency, pick(latency, k)),
    }));
    if (baseLatency && baseLatency.some((p) => p.p95 !== undefined))
      lines.push({
        label: `p95, baseline ${base?.baseRunId ?? ''}`.trim(),
        values: alignTo(xs, baseLatency, pick(baseLatency, 'p95')),
        dashed: true,
      });
    out.push({
      id: `${id}-latency`,
      title: `${s.name}: ${series.latencyMetric ?? 'latency'} per second`,
      kind: 'time',
      xLabel: 's',
      yLabel: 'ms',
      x: xs,
      series: lines,
      group,
    });
  }
  const perSecond = (key: string, title: string, label: string, points: ReadonlyArray<{ t: number; count: number }> | undefined): void => {
    if (!points || points.length === 0) return;
    const xs = points.map((p) => p.t);
    out.push({
      id: `${id}-${key}`,
      title: `${s.name}: ${title}`,
      kind: 'time',
      xLabel: 's',
      yLabel: label,
      x: xs,
      series: [{ label, values: points.map((p) => p.count) }],
      group,
    });
  };
  perSecond('requests', 'requests per second', 'requests/s', series.requests);
  perSecond('errors', 'errors per second', 'errors/s', series.errors);
  perSecond('vus', 'active VUs', 'VUs', series.vus);
  return out;
}

/** The latency by percentile over the whole run (exact), with the baseline's on the same percentiles. */
function cdfChart(s: ScenarioVerdict, id: string, base: Verdict['baseline']): ChartSpec[] {
  const cdf = s.series?.cdf ?? [];
  if (cdf.length === 0) return [];
  const xs = cdf.map((p) => p.q * 100);
  const lines: ChartSeries[] = [{ label: 'this run', values: cdf.map((p) => p.value) }];
  const baseCdf = base?.series?.[s.name]?.cdf;
  if (baseCdf && baseCdf.length > 0) {
    const byQ = new Map(baseCdf.map((p) => [p.q, p.value]));
    lines.push({ label: `baseline ${base?.baseRunId ?? ''}`.trim(), values: cdf.map((p) => byQ.get(p.q) ?? null), dashed: true });
  }
  return [
    {
      id: `${id}-cdf`,
      title: `${s.name}: ${s.series?.latencyMetric ?? 'latency'} by percentile (whole run)`,
      kind: 'xy',
      xLabel: 'percentile',
      yLabel: 'ms',
      x: xs,
      series: lines,
    },
  ];
}

function breakdownCharts(s: ScenarioVerdict, id: string): ChartSpec[] {
  return breakdowns(s).map((b, i) => ({
    id: `${id}-breakdown-${i}`,
    title: `${s.name}: ${b.title} breakdown`,
    kind: 'bars',
    xLabel: b.tag,
    yLabel: 'ms',
    x: b.rows.map((_, j) => j),
    categories: b.rows.map(([label]) => label),
    // Drawn widest first: each percentile's bar stands in front of the higher one.
    series: (['p99', 'p95', 'p50'] as const).map((k) => ({ label: k, values: b.rows.map(([, m]) => m[k]) })),
  }));
}

/** verdict.json `details.generators` (a distributed k6 scenario): requests and iterations per generator. */
function generatorChart(s: ScenarioVerdict, id: string): ChartSpec[] {
  const rows = s.details?.['generators'];
  if (!Array.isArray(rows) || rows.length === 0) return [];
  const parsed = rows.flatMap((r: unknown) => {
    if (typeof r !== 'object' || r === null) return [];
    const g: Record<string, unknown> = { ...r };
    const name = g['generator'];
    const num = (k: string): number | null => (typeof g[k] === 'number' ? g[k] : null);
    return typeof name === 'string' ? [{ name, requests: num('requests'), iterations: num('iterations') }] : [];
  });
  if (parsed.length === 0) return [];
  return [
    {
      id: `${id}-generators`,
      title: `${s.name}: per generator`,
      kind: 'bars',
      xLabel: 'generator',
      yLabel: 'count',
      x: parsed.map((_, i) => i),
      categories: parsed.map((g) => g.name),
      series: [
        { label: 'requests', values: parsed.map((g) => g.requests) },
        { label: 'iterations', values: parsed.map((g) => g.iterations) },
      ],
    },
  ];
}

/** Every chart of one scenario, in the order the page shows them. */
export function scenarioChartSpecs(v: Verdict, s: ScenarioVerdict, index: number): ChartSpec[] {
  const id = `s${index}`;
  const knee = kneeChart(s, id);
  return [
    ...timeCharts(s, id, v.baseline),
    ...cdfChart(s, id, v.baseline),
    ...breakdownCharts(s, id),
    ...(knee ? [knee] : []),
    ...generatorChart(s, id),
  ];
}

/**
 * The JSON for a `<script type="application/json">` block: `<` is written as \u003c so no value (a scenario
 * named `</script>…`) can close the block early, and U+2028/U+2029 escaped for older parsers.
 */
export function embedJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
