/** Reads a probe's samples file back for assertions (plain gunzip + JSON.parse, independent of the reader). */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { isRecord } from '../../../src/is-record.ts';

export interface Point {
  metric: string;
  value: number;
  tags: Record<string, string>;
}

export async function readPoints(path: string): Promise<{ declared: Map<string, string>; points: Point[] }> {
  const declared = new Map<string, string>();
  const points: Point[] = [];
  for (const line of gunzipSync(await readFile(path))
    .toString('utf8')
    .split('\n')) {
    if (line === '') continue;
    const parsed: unknown = JSON.parse(line);
    if (!isRecord(parsed) || !isRecord(parsed['data'])) throw new Error(`not a k6 JSON line: ${line}`);
    const data = parsed['data'];
    if (parsed['type'] === 'Metric' && typeof data['name'] === 'string' && typeof data['type'] === 'string') {
      declared.set(data['name'], data['type']);
    } else if (
      parsed['type'] === 'Point' &&
      typeof parsed['metric'] === 'string' &&
      typeof data['value'] === 'number' &&
      isRecord(data['tags'])
    ) {
      const tags: Record<string, string> = {};
      for (const [k, v] of Object.entries(data['tags'])) tags[k] = String(v);
      if (!declared.has(parsed['metric'])) throw new Error(`point before its Metric line: ${line}`);
      points.push({ metric: parsed['metric'], value: data['value'], tags });
    } else throw new Error(`unexpected line: ${line}`);
  }
  return { declared, points };
}

/** Points of one metric whose tags include `tags`. */
export function select(points: readonly Point[], metric: string, tags: Record<string, string> = {}): Point[] {
  return points.filter((p) => p.metric === metric && Object.entries(tags).every(([k, v]) => p.tags[k] === v));
}
