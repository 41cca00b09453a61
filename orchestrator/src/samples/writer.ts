/**
 * Writes raw samples in k6's JSON output format (gzipped JSON lines), so that the native probes and the
 * canary produce exactly what `k6 run --out json=…` produces and one reader serves every engine:
 *
 *   {"type":"Metric","data":{"name":"redis_ops","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"redis_ops"}
 *   {"metric":"redis_ops","type":"Point","data":{"time":"2026-11-23T11:00:00.000Z","value":1,"tags":{"op":"set"}}}
 *
 * The API is synchronous on purpose (a probe records a sample where it measures it, without awaiting), yet
 * backpressure-safe: lines are batched, and a batch waits in a queue while zlib asks us to. The file appears
 * atomically: everything goes to a temporary name that is renamed on close(), so a reader never sees half a
 * file, and a failed write (disk full) leaves no file at all and makes close() reject.
 */
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { describeError, ResultsError } from '../errors.ts';
import { trackTempFile } from '../temp-files.ts';
import type { MetricType } from '../criteria/expression.ts';

/** k6's `contains`: `time` for durations in milliseconds, `default` for anything else. */
export type ValueKind = 'time' | 'default';

export interface SampleWriter {
  /** Declares a metric (k6 writes this line once, before the metric's first point). Idempotent. */
  declare(name: string, type: MetricType, contains: ValueKind): void;
  /** Records one sample of a declared metric; `time` defaults to now. */
  point(name: string, value: number, tags?: Readonly<Record<string, string>>, time?: Date): void;
  /** Points written so far. */
  readonly points: number;
  /** Flushes, closes and renames the file into place; rejects with a ResultsError when writing failed. */
  close(): Promise<void>;
}

/** Lines are handed to zlib in batches of about this many characters: fewer, larger writes. */
const BATCH_CHARS = 64 * 1024;

export function createSampleWriter(path: string): SampleWriter {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const untrack = trackTempFile(tmp);
  const gzip = createGzip();
  const file = createWriteStream(tmp, { flags: 'wx' });
  let failure: unknown;
  // Started at once, so that an error of either stream is captured even before close() is called.
  const done = pipeline(gzip, file).catch((err: unknown) => {
    failure ??= err;
  });
  const declared = new Map<string, MetricType>();
  const queue: string[] = [];
  let batch = '';
  let waitingForDrain = false;
  let closed = false;
  let points = 0;
  let lastMs = NaN;
  let lastIso = '';

  const pump = (): void => {
    while (queue.length > 0 && !waitingForDrain && failure === undefined) {
      const chunk = queue.shift() ?? '';
      if (!gzip.write(chunk)) {
        waitingForDrain = true;
        gzip.once('drain', () => {
          waitingForDrain = false;
          pump();
        });
      }
    }
  };
  const push = (line: string): void => {
    if (closed) throw new Error(`sample writer for ${path} is already closed`);
    batch += line + '\n';
    if (batch.length >= BATCH_CHARS) {
      queue.push(batch);
      batch = '';
      pump();
    }
  };

  return {
    get points() {
      return points;
    },
    declare(name, type, contains) {
      const known = declared.get(name);
      if (known === type) return;
      if (known !== undefined) throw new Error(`metric ${name} declared as ${known} and ${type}`);
      declared.set(name, type);
      push(JSON.stringify({ type: 'Metric', data: { name, type, contains, thresholds: [], submetrics: null }, metric: name }));
    },
    point(name, value, tags = {}, time = new Date()) {
      if (!declared.has(name)) throw new Error(`metric ${name} was not declared before its first point`);
      if (!Number.isFinite(value)) throw new Error(`metric ${name}: value ${value} is not a finite number`);
      points++;
      // A probe records several points per measurement with one timestamp: format it once.
      const ms = time.getTime();
      if (ms !== lastMs) {
        lastMs = ms;
        lastIso = time.toISOString();
      }
      push(JSON.stringify({ metric: name, type: 'Point', data: { time: lastIso, value, tags } }));
    },
    async close() {
      if (closed) throw new Error(`sample writer for ${path} is already closed`);
      closed = true;
      if (batch !== '') queue.push(batch);
      batch = '';
      pump();
      // Wait until every queued batch is in zlib, or until the pipeline failed (then no 'drain' will come).
      await Promise.race([
        new Promise<void>((resolve) => {
          const finish = (): void => {
            if (queue.length === 0) resolve();
            else gzip.once('drain', finish);
          };
          finish();
        }),
        done,
      ]);
      if (!gzip.destroyed) gzip.end();
      await done;
      if (failure === undefined) {
        try {
          await rename(tmp, path);
          untrack();
          return;
        } catch (err) {
          failure = err;
        }
      }
      await unlink(tmp).catch(() => undefined);
      untrack();
      throw new ResultsError(`could not write samples to ${path}: ${describeError(failure)}`, { cause: failure });
    },
  };
}
