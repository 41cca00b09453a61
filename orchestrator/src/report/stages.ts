/**
 * A ramping scenario's stages and capacity knee in the reports: one table (stage, planned load, achieved VUs
 * and rate, requests, errors, p50/p95/p99 with the p95's bounds, the criteria's decision) and, for report.html,
 * a chart of the per-stage p95 with its interval and the limit line (drawn by uPlot, report/charts.ts).
 */
import type { ScenarioVerdict, Verdict } from '../verdict/types.ts';
import type { StageStats } from '../stage-result.ts';
import { formatNumber } from '../verdict/format.ts';
import type { ChartSpec } from './chart-spec.ts';

const num = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : formatNumber(x));
const msText = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${formatNumber(x)} ms`);

export const STAGE_COLUMNS = [
  'stage',
  'planned',
  'VUs',
  'iterations/s',
  'dropped',
  'requests',
  'errors',
  'n',
  'p50',
  'p95 [bounds]',
  'p99',
  'criteria',
];

function verdictOf(s: StageStats): string {
  if (s.criteria.length === 0) return '—';
  const open = s.criteria.filter((c) => c.decision !== 'pass');
  return open.length === 0 ? 'hold' : open.map((c) => `${c.selector} ${c.expression}: ${c.decision}`).join('; ');
}

export function stageRows(stages: readonly StageStats[]): string[][] {
  return stages.map((s) => {
    const l = s.latency;
    return [
      `${s.index}${s.rampDown ? ' (ramp-down)' : ''}: ${num(s.from)}–${num(s.to)} s`,
      `${num(s.startTarget)} → ${num(s.target)} ${s.unit}`,
      s.vusMax > 0 ? `${s.vus} (of ${s.vusMax} allocated)` : String(s.vus),
      num(s.iterationRate),
      String(s.droppedIterations),
      String(s.requests),
      s.errorRate === null ? '—' : `${formatNumber(s.errorRate * 100)} %`,
      l ? String(l.n) : '0',
      msText(l?.p50.value),
      l ? `${msText(l.p95.value)} [${num(l.p95.low)}, ${num(l.p95.high)}]` : '—',
      msText(l?.p99.value),
      verdictOf(s),
    ];
  });
}

/** `capacity: …` lines for the console, one per ramping scenario with a knee. */
export function capacityLines(v: Verdict): string[] {
  return v.scenarios.flatMap((s) => (s.capacity ? [`capacity: ${s.capacity.summary}`] : []));
}

/** The limit of the first percentile criterion the knee is judged on (`p(95)<2000` → 2000), if any. */
function limitOf(s: ScenarioVerdict): { label: string; value: number } | undefined {
  for (const c of s.criteria) {
    if (!s.capacity?.criteria.includes(`${c.selector} ${c.expression}`) || !/^p\(|^med/.test(c.expression)) continue;
    if (Number.isFinite(c.threshold)) return { label: `${c.selector} ${c.expression}`, value: c.threshold };
  }
  return undefined;
}

/** Per-stage p95 bars (green held, red not) with their bounds as points either side and the criterion's limit dashed. */
export function kneeChart(s: ScenarioVerdict, id: string): ChartSpec | undefined {
  const stages = (s.stages ?? []).filter((st) => st.latency);
  if (stages.length === 0) return undefined;
  const limit = limitOf(s);
  const p95 = (f: (q: { value: number; low: number | null; high: number | null }) => number | null): Array<number | null> =>
    stages.map((st) => (st.latency ? f(st.latency.p95) : null));
  const held = (st: StageStats): boolean => st.criteria.every((c) => c.decision === 'pass');
  const series: ChartSpec['series'] = [
    // Two bar series on the same slots: green where the stage held its criteria, red where it did not.
    { label: 'p95, held', values: stages.map((st) => (st.latency && held(st) ? st.latency.p95.value : null)), color: '#2ca02c' },
    { label: 'p95, not held', values: stages.map((st) => (st.latency && !held(st) ? st.latency.p95.value : null)), color: '#d62728' },
    { label: 'p95 low bound', values: p95((q) => q.low), points: true },
    { label: 'p95 high bound', values: p95((q) => q.high), points: true },
  ];
  if (limit) series.push({ label: `limit ${limit.label}`, values: stages.map(() => limit.value), dashed: true });
  return {
    id: `${id}-stages`,
    title: `${s.name}: p95 per stage with its bounds${s.capacity ? ` — ${s.capacity.summary}` : ''}`,
    kind: 'bars',
    xLabel: 'stage',
    yLabel: 'ms',
    x: stages.map((_, i) => i),
    categories: stages.map((st) => `${st.index}: ${formatNumber(st.target)} ${st.unit}`),
    series,
  };
}
