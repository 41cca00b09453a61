/**
 * Puts a generator's samples on the orchestrator's clock: every Point's time moved by a whole number of
 * milliseconds (the generator's measured clock offset, negated), exactly. The time is rewritten as UTC with
 * every fraction digit past the millisecond kept — `12:00:44.018137083+02:00` moved by −2 ms is
 * `10:00:44.016137083Z` — so nothing is rounded. Lines that are
 * not Points (metric declarations) pass through unchanged, and so does a line that is not JSON at all: the
 * reader, which stays exact and strict, reports it later with its line number as it always has.
 * Streamed both ways (gunzip → lines → gzip), swapped in atomically: a long run's samples never sit in memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { isRecord } from '../is-record.ts';
import { replaceAtomically } from '../temp-files.ts';
import { fastPoint, type PointCursor } from './point-line.ts';
import { cutAtLastNewline } from './whole-lines.ts';

/** `YYYY-MM-DDTHH:MM:SS`, an optional fraction, and `Z` or `±HH:MM`: RFC 3339 as k6 writes it. */
const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/** The instant `time` + `deltaMs` (an integer) in UTC, every sub-millisecond digit kept; undefined when not a time. */
export function shiftTime(time: string, deltaMs: number): string | undefined {
  if (!Number.isInteger(deltaMs)) return undefined;
  const m = RFC3339.exec(time);
  if (m === null) return undefined;
  const secondMs = Date.parse(`${m[1] ?? ''}${m[3] ?? ''}`);
  if (Number.isNaN(secondMs)) return undefined;
  const fraction = (m[2] ?? '').padEnd(3, '0');
  const shifted = new Date(secondMs + Number(fraction.slice(0, 3)) + deltaMs);
  if (Number.isNaN(shifted.getTime())) return undefined;
  // toISOString ends `.mmmZ`: the digits past the millisecond go back in before the Z.
  return `${shifted.toISOString().slice(0, -1)}${fraction.slice(3)}Z`;
}

/** One line of k6's JSON output with its Point's time moved; anything else unchanged. */
export function shiftLine(line: string, deltaMs: number, cursor: PointCursor): string {
  if (fastPoint(line, cursor)) {
    const moved = shiftTime(line.slice(cursor.timeAt, cursor.timeEnd), deltaMs);
    return moved === undefined ? line : `${line.slice(0, cursor.timeAt)}${moved}${line.slice(cursor.timeEnd)}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return line;
  }
  if (!isRecord(parsed) || parsed['type'] !== 'Point' || !isRecord(parsed['data'])) return line;
  const time = parsed['data']['time'];
  const moved = typeof time === 'string' ? shiftTime(time, deltaMs) : undefined;
  if (moved === undefined) return line;
  parsed['data']['time'] = moved;
  return JSON.stringify(parsed);
}

class ShiftLines extends Transform {
  private tail: Buffer = Buffer.alloc(0);
  private readonly cursor: PointCursor = { metric: '', value: 0, timeAt: 0, timeEnd: 0, tagsAt: 0 };
  constructor(private readonly deltaMs: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const { whole, tail } = cutAtLastNewline(this.tail, chunk);
    this.tail = tail;
    if (whole === undefined) return done();
    const out = whole
      .subarray(0, whole.length - 1)
      .toString('utf8')
      .split('\n')
      .map((l) => (l === '' ? l : shiftLine(l, this.deltaMs, this.cursor)));
    done(null, `${out.join('\n')}\n`);
  }
  override _flush(done: TransformCallback): void {
    done(null, this.tail.length === 0 ? '' : shiftLine(this.tail.toString('utf8'), this.deltaMs, this.cursor));
  }
}

/**
 * Rewrites a gzipped samples file in place with every Point's time moved by `deltaMs`. A file that cannot be
 * read through is left as it was (the error is thrown for the caller to report); the result appears atomically.
 */
export async function shiftSampleFile(path: string, deltaMs: number): Promise<void> {
  if (deltaMs === 0) return;
  await replaceAtomically(
    path,
    (tmp) => pipeline(createReadStream(path), createGunzip(), new ShiftLines(deltaMs), createGzip(), createWriteStream(tmp)),
    `${path}.${process.pid}.shift.tmp`,
  );
}
