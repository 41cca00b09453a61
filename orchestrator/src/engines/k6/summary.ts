/**
 * Reads k6's machine-readable summary (what k6/lib/summary.ts's handleSummary wrote: the `data` object)
 * into K6Facts' `thresholds` and `summary`. Parsed from `unknown`; anything malformed is skipped, and a
 * summary that is not an object at all reads as none.
 */
import { isRecord } from '../../is-record.ts';
import type { K6Facts } from './facts.ts';

export interface ParsedSummary {
  thresholds: K6Facts['thresholds'];
  summary: K6Facts['summary'];
}

export function parseK6Summary(data: unknown): ParsedSummary | undefined {
  if (!isRecord(data) || !isRecord(data['metrics'])) return undefined;
  const thresholds: K6Facts['thresholds'] = [];
  const summary: K6Facts['summary'] = {};
  for (const [selector, m] of Object.entries(data['metrics'])) {
    if (!isRecord(m)) continue;
    if (isRecord(m['values'])) {
      const values: Record<string, number> = {};
      for (const [k, v] of Object.entries(m['values'])) if (typeof v === 'number') values[k] = v;
      summary[selector] = values;
    }
    if (isRecord(m['thresholds']))
      for (const [expression, t] of Object.entries(m['thresholds']))
        if (isRecord(t) && typeof t['ok'] === 'boolean') thresholds.push({ selector, expression, ok: t['ok'] });
  }
  thresholds.sort((a, b) => a.selector.localeCompare(b.selector) || a.expression.localeCompare(b.expression));
  return { thresholds, summary };
}
