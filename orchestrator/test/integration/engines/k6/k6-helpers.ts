/** Shared by the k6 integration tests: bundling once, plans for loopback targets, reading raw samples. */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { bundleScenarios } from '../../../../../k6/build.ts';
import type { CriterionPlan, ExecutorPlan, HttpTarget, K6ScenarioPlan } from '../../../../src/plan/types.ts';
import { placeOn } from '../../../../src/plan/segments.ts';
import { isRecord } from '../../../../src/is-record.ts';

let bundled: Promise<string[]> | undefined;
/** Bundles k6/scenarios into k6/dist once per test process. */
export function ensureBundled(): Promise<string[]> {
  bundled ??= bundleScenarios();
  return bundled;
}

export function target(baseUrl: string, vm = 'main'): HttpTarget {
  const u = new URL(baseUrl);
  return { vm, service: 'svc', host: u.hostname, port: Number(u.port), tls: false, baseUrl };
}

export function k6Criterion(selector: string, expression: string, extra: Partial<CriterionPlan> = {}): CriterionPlan {
  const metric = selector.split('{')[0] ?? selector;
  return {
    selector,
    metric,
    tags: {},
    expression,
    strict: true,
    abortOnFail: false,
    confidence: null,
    source: 'k6',
    file: 't.yaml',
    line: 1,
    ...extra,
  };
}

export function plan(
  id: string,
  scenario: string,
  executor: ExecutorPlan,
  targets: Record<string, HttpTarget>,
  params: K6ScenarioPlan['params'],
  extra: Partial<K6ScenarioPlan> = {},
): K6ScenarioPlan {
  const segments = placeOn(executor, ['local']);
  return { engine: 'k6', id, scenario, executor, params, targets, criteria: [], timeoutMs: 60_000, segments, ...extra };
}

export interface SamplePoint {
  metric: string;
  time: string;
  value: number;
  tags: Record<string, string>;
}

/** Every Point line of a gzipped k6 JSON output file. */
export async function readPoints(path: string): Promise<SamplePoint[]> {
  const out: SamplePoint[] = [];
  for (const line of gunzipSync(await readFile(path))
    .toString('utf8')
    .split('\n')) {
    if (!line) continue;
    const j: unknown = JSON.parse(line);
    if (!isRecord(j) || j['type'] !== 'Point' || !isRecord(j['data'])) continue;
    const { time, value, tags } = j['data'];
    if (typeof j['metric'] !== 'string' || typeof time !== 'string' || typeof value !== 'number' || !isRecord(tags)) continue;
    const t: Record<string, string> = {};
    for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') t[k] = v;
    out.push({ metric: j['metric'], time, value, tags: t });
  }
  return out;
}

export function values(points: readonly SamplePoint[], metric: string, tags: Record<string, string> = {}): number[] {
  return points.filter((p) => p.metric === metric && Object.entries(tags).every(([k, v]) => p.tags[k] === v)).map((p) => p.value);
}
