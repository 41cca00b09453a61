/**
 * A ramping scenario's stages and capacity knee in the reports: one table (stage, planned load, achieved VUs
 * and rate, requests, errors, p50/p95/p99 with the p95's bounds, the criteria's decision) and, for report.html,
 * a hand-drawn chart of the per-stage p95 with its interval and the limit line.
 */
import type { ScenarioVerdict, Verdict } from '../verdict/types.ts';
import type { StageStats } from '../stage-result.ts';
import { formatNumber } from '../verdict/format.ts';
import { esc } from './format.ts';
import { axes, COLORS, frame, H, niceMax, PAD, W } from './svg.ts';

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

/** Per-stage p95 bars with their bounds as whiskers and the criterion's limit as a red line. */
export function kneeChart(s: ScenarioVerdict): string {
  const stages = (s.stages ?? []).filter((st) => st.latency);
  if (stages.length === 0) return '';
  const limit = limitOf(s);
  const top = Math.max(limit?.value ?? 0, ...stages.map((st) => Math.max(st.latency?.p95.high ?? 0, st.latency?.p95.value ?? 0)));
  const max = niceMax(top * 1.05);
  const h = H - PAD.top - PAD.bottom;
  const gw = (W - PAD.left - PAD.right) / stages.length;
  const y = (v: number): number => PAD.top + h - (Math.min(v, max) / max) * h;
  const body = stages.map((st, i) => {
    const p = st.latency?.p95;
    const x = PAD.left + i * gw + gw * 0.25;
    const bw = gw * 0.5;
    const value = p?.value ?? 0;
    const color = st.criteria.every((c) => c.decision === 'pass') ? COLORS[2] : COLORS[3];
    const title = `stage ${st.index} (${formatNumber(st.target)} ${st.unit}): p95 ${formatNumber(value)} ms [${num(p?.low)}, ${num(p?.high)}]`;
    const bar = `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${bw.toFixed(1)}" height="${(PAD.top + h - y(value)).toFixed(1)}" fill="${color ?? '#000'}"><title>${esc(title)}</title></rect>`;
    const cx = (x + bw / 2).toFixed(1);
    const lo = p?.low ?? value;
    const hi = p?.high ?? max;
    const whisker = `<line x1="${cx}" x2="${cx}" y1="${y(lo).toFixed(1)}" y2="${y(hi).toFixed(1)}" stroke="#333" stroke-width="2"/><line x1="${(x + bw * 0.3).toFixed(1)}" x2="${(x + bw * 0.7).toFixed(1)}" y1="${y(hi).toFixed(1)}" y2="${y(hi).toFixed(1)}" stroke="#333"/><line x1="${(x + bw * 0.3).toFixed(1)}" x2="${(x + bw * 0.7).toFixed(1)}" y1="${y(lo).toFixed(1)}" y2="${y(lo).toFixed(1)}" stroke="#333"/>`;
    const label = `<text x="${cx}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10">${esc(`${formatNumber(st.target)} ${st.unit}`)}</text>`;
    return bar + whisker + label;
  });
  const line = limit
    ? `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(limit.value).toFixed(1)}" y2="${y(limit.value).toFixed(1)}" stroke="${COLORS[3] ?? '#d00'}" stroke-dasharray="6 3" stroke-width="2"/><text x="${W - PAD.right}" y="${(y(limit.value) - 4).toFixed(1)}" text-anchor="end" font-size="10">${esc(`limit ${limit.label}`)}</text>`
    : '';
  return frame(
    `${s.name}: p95 per stage with its bounds${s.capacity ? ` — ${s.capacity.summary}` : ''}`,
    axes(max, ' ms') + body.join('') + line,
  );
}
