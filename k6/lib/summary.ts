/**
 * What `handleSummary` writes: k6's full machine-readable summary as JSON at the path the runner gave, and
 * a few plain lines on stdout (the summary replaces k6's own text report). Pure: no `k6` import.
 */
import { isObject } from './json.ts';

/** The trend statistics k6 must compute (the runner puts them in options.json too). */
export const SUMMARY_TREND_STATS = ['count', 'min', 'avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'] as const;

function fmt(v: unknown): string {
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : '-';
}

/** One line per metric: name and its values; thresholds marked ✓/✗ as k6 judged them. */
export function summaryLines(data: unknown): string[] {
  if (!isObject(data) || !isObject(data['metrics'])) return ['(no metrics)'];
  const lines: string[] = [];
  const metrics = data['metrics'];
  for (const name of Object.keys(metrics).sort()) {
    const m = metrics[name];
    if (!isObject(m) || !isObject(m['values'])) continue;
    const values = m['values'];
    const parts = Object.keys(values).map((k) => `${k}=${fmt(values[k])}`);
    const th = isObject(m['thresholds']) ? m['thresholds'] : {};
    const marks = Object.keys(th).map((expr) => {
      const t = th[expr];
      return `${isObject(t) && t['ok'] === true ? '✓' : '✗'} ${expr}`;
    });
    lines.push(`${name}: ${parts.join(' ')}${marks.length ? `  [${marks.join(', ')}]` : ''}`);
  }
  return lines;
}

export function summaryOutputs(data: unknown, summaryPath: string): Record<string, string> {
  return { [summaryPath]: JSON.stringify(data), stdout: `${summaryLines(data).join('\n')}\n` };
}
