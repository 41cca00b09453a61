/**
 * The exact path for any line the fast path declines: JSON.parse, then a shape check of the `unknown`
 * into a Metric declaration or a Point. Anything else is an error naming what is wrong.
 */
import type { MetricType } from '../criteria/expression.ts';
import { isRecord } from '../is-record.ts';

export type SlowLine =
  | { kind: 'metric'; name: string; type: MetricType }
  | { kind: 'point'; metric: string; time: string; value: number; tags: Record<string, string> };

export type Parsed = { ok: true; value: SlowLine } | { ok: false; error: string };

const TYPES: readonly MetricType[] = ['trend', 'rate', 'counter', 'gauge'];

function isMetricType(x: unknown): x is MetricType {
  return TYPES.some((t) => t === x);
}

export function parseSlowLine(text: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!isRecord(json)) return { ok: false, error: 'not a JSON object' };
  const data = json['data'];
  if (!isRecord(data)) return { ok: false, error: "no 'data' object" };
  if (json['type'] === 'Metric') {
    const name = data['name'];
    const type = data['type'];
    if (typeof name !== 'string' || !isMetricType(type))
      return { ok: false, error: 'a Metric line needs data.name and data.type (trend, rate, counter, gauge)' };
    return { ok: true, value: { kind: 'metric', name, type } };
  }
  if (json['type'] === 'Point') {
    const metric = json['metric'];
    const time = data['time'];
    const value = data['value'];
    const rawTags = data['tags'] ?? {};
    if (typeof metric !== 'string' || typeof time !== 'string' || typeof value !== 'number' || !isRecord(rawTags))
      return { ok: false, error: 'a Point line needs metric, data.time, a numeric data.value and data.tags' };
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawTags)) if (typeof v === 'string') tags[k] = v;
    return { ok: true, value: { kind: 'point', metric, time, value, tags } };
  }
  return { ok: false, error: `unknown line type ${JSON.stringify(json['type'])}` };
}
