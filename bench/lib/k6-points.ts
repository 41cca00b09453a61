/**
 * The chat requests of one k6 run with their timestamps, for pairing them with the lab's ground truth.
 * The orchestrator's sample reader keeps values only; here each point's time matters too. k6 stamps an
 * HTTP sample with the time its response ended, so the request started at `time − value`.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { isJson } from './parse.ts';

export interface TimedRequest {
  /** Epoch ms (fractional) when k6 started the request. */
  startMs: number;
  durationMs: number;
}

/** ISO time with up to nanosecond digits (k6 writes `…:21.204483733Z`) → epoch ms with the fraction kept. */
export function isoToEpochMs(iso: string): number | undefined {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso);
  if (!m?.[1]) return undefined;
  const whole = Date.parse(`${m[1]}Z`);
  return Number.isFinite(whole) ? whole + Number(`0.${m[2] ?? '0'}`) * 1000 : undefined;
}

/** Every `http_req_duration` point with tags name=`name` and expected_response=true. */
export async function readTimedRequests(file: string, name: string): Promise<TimedRequest[]> {
  const out: TimedRequest[] = [];
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.includes('"http_req_duration"') || !line.includes('"Point"')) continue;
    const v: unknown = JSON.parse(line);
    if (!isJson(v) || v['metric'] !== 'http_req_duration' || !isJson(v['data'])) continue;
    const { time, value, tags } = v['data'];
    if (typeof time !== 'string' || typeof value !== 'number' || !isJson(tags)) continue;
    if (tags['name'] !== name || tags['expected_response'] !== 'true') continue;
    const end = isoToEpochMs(time);
    if (end !== undefined) out.push({ startMs: end - value, durationMs: value });
  }
  return out;
}
