/**
 * Tiny SVG chart drawing for report.html: grouped bars and line charts, computed here so the report is
 * one static, offline file with no script and no CDN.
 */
import { esc } from './format.ts';

export const W = 640;
export const H = 240;
export const PAD = { left: 56, right: 12, top: 16, bottom: 40 };
export const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

export function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= x) ?? 10 * p;
}

export function axes(max: number, unit: string): string {
  const h = H - PAD.top - PAD.bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = PAD.top + h - f * h;
    return `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${PAD.left - 4}" y="${y + 4}" text-anchor="end" font-size="10">${+(max * f).toPrecision(3)}${unit}</text>`;
  });
  return ticks.join('') + `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#333"/>`;
}

export interface BarGroup {
  label: string;
  values: Array<{ name: string; value: number }>;
}

export function barChart(title: string, groups: BarGroup[], unit = ' ms'): string {
  const max = niceMax(Math.max(0, ...groups.flatMap((g) => g.values.map((v) => v.value)).filter(Number.isFinite)));
  const h = H - PAD.top - PAD.bottom;
  const gw = (W - PAD.left - PAD.right) / Math.max(1, groups.length);
  const series = groups[0]?.values.map((v) => v.name) ?? [];
  const bw = (gw * 0.8) / Math.max(1, series.length);
  const bars = groups.flatMap((g, gi) =>
    g.values.map((v, vi) => {
      const value = Number.isFinite(v.value) ? v.value : 0;
      const bh = (value / max) * h;
      const x = PAD.left + gi * gw + gw * 0.1 + vi * bw;
      return `<rect x="${x.toFixed(1)}" y="${(PAD.top + h - bh).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="${COLORS[vi % COLORS.length] ?? '#000'}"><title>${esc(`${g.label} ${v.name}: ${value.toFixed(2)}${unit}`)}</title></rect>`;
    }),
  );
  const labels = groups.map(
    (g, gi) =>
      `<text x="${(PAD.left + gi * gw + gw / 2).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10">${esc(g.label)}</text>`,
  );
  return frame(title, axes(max, unit) + bars.join('') + labels.join('') + legend(series));
}

export interface Line {
  name: string;
  points: Array<{ x: number; y: number }>;
}

export function lineChart(title: string, lines: Line[], unit: string): string {
  const all = lines.flatMap((l) => l.points);
  const maxX = Math.max(1, ...all.map((p) => p.x));
  const max = niceMax(Math.max(0, ...all.map((p) => p.y).filter(Number.isFinite)));
  const h = H - PAD.top - PAD.bottom;
  const w = W - PAD.left - PAD.right;
  const paths = lines.map((l, i) => {
    const d = l.points
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${(PAD.left + (p.x / maxX) * w).toFixed(1)},${(PAD.top + h - (p.y / max) * h).toFixed(1)}`)
      .join('');
    return `<path d="${d}" fill="none" stroke="${COLORS[i % COLORS.length] ?? '#000'}" stroke-width="2"/>`;
  });
  const xAxis = `<text x="${W - PAD.right}" y="${H - PAD.bottom + 14}" text-anchor="end" font-size="10">${maxX} s</text><text x="${PAD.left}" y="${H - PAD.bottom + 14}" font-size="10">0 s</text>`;
  return frame(title, axes(max, unit) + paths.join('') + xAxis + legend(lines.map((l) => l.name)));
}

function legend(names: string[]): string {
  return names
    .map(
      (n, i) =>
        `<rect x="${PAD.left + i * 90}" y="${H - 14}" width="10" height="10" fill="${COLORS[i % COLORS.length] ?? '#000'}"/><text x="${PAD.left + i * 90 + 14}" y="${H - 5}" font-size="10">${esc(n)}</text>`,
    )
    .join('');
}

export function frame(title: string, body: string): string {
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="#fff"/>${body}</svg></figure>`;
}
