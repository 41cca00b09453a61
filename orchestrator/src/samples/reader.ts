/**
 * Reads raw sample files (k6's JSON output format, gzipped or not; the probes and the canary write the
 * same) as a stream: gunzip → line split → fast Point parse (JSON.parse as the fallback). Keeps, per
 * metric, every value in arrival order; per requested tag filter and per requested group-by tag, the
 * matching values; per requested metric, a per-second series. Never holds a whole file in memory.
 * visitPoints is the same reader as a visitor: every point of a few metrics, whole, and nothing kept — for a
 * pass that derives something from them (the canary's outages, fir-concurrency's batches).
 */
import { isAscii } from 'node:buffer';
import type { MetricType } from '../criteria/expression.ts';
import { ResultsError, describeError } from '../errors.ts';
import { FloatList } from './float-list.ts';
import { openStream } from './open-stream.ts';
import { FileMarks, type FileTally } from './per-file.ts';
import { fastPoint, scanTags, type PointCursor } from './point-line.ts';
import { parseSlowLine } from './slow-line.ts';
import { SecondClock } from './time.ts';
import { SeriesBuilder, type SecondBucket } from './series.ts';

export interface TagFilter {
  metric: string;
  tags: Readonly<Record<string, string>>;
}

export interface ReadOptions {
  /** Tag filters to collect separately (criteria selectors such as `fir_step_duration{step:summary}`). */
  filters?: readonly TagFilter[];
  /** Split a metric by one tag's values (e.g. fir_step_duration by step). */
  groupBy?: ReadonlyArray<{ metric: string; tag: string }>;
  /** Metrics to aggregate per second. */
  series?: readonly string[];
  /** Low-volume metrics (loadgate_failures) whose every point is kept whole: time, value and all tags. */
  points?: readonly string[];
  /** Also tally each file's own samples per metric and per filter (a distributed run: one file per generator). */
  perFile?: boolean;
}

export interface KeptPoint {
  time: string;
  value: number;
  tags: Record<string, string>;
}

export interface MetricValues {
  /** From the metric's declaration line; undefined when a file never declared it. */
  type: MetricType | undefined;
  values: Float64Array;
}

export interface SamplesRead {
  metrics: Map<string, MetricValues>;
  /** Keyed by filterKey(filter); present (possibly empty) for every requested filter. */
  filtered: Map<string, Float64Array>;
  /** metric → tag value → values. */
  groups: Map<string, Map<string, Float64Array>>;
  series: Map<string, SecondBucket[]>;
  /** Every point of each metric named in `options.points`, in file order. */
  kept: Map<string, KeptPoint[]>;
  points: number;
  lines: number;
  /** With `perFile`: per file (by the path given), per metric name and filterKey, its own samples' tally. */
  perFile?: Map<string, Map<string, FileTally>>;
}

/** The canonical key of a tag filter: `metric{a:1,b:2}` with tags sorted, or the bare metric name. */
export function filterKey(f: TagFilter): string {
  const keys = Object.keys(f.tags).sort();
  return keys.length === 0 ? f.metric : `${f.metric}{${keys.map((k) => `${k}:${f.tags[k] ?? ''}`).join(',')}}`;
}

interface Collector {
  type: MetricType | undefined;
  all: FloatList;
  /** Tag keys this metric's filters and group-by need, and a scratch array for their values. */
  tagKeys: string[];
  tagValues: Array<string | undefined>;
  /** Each filter as (index into tagKeys, wanted value) pairs. */
  filters: Array<{ tags: Array<[number, string]>; list: FloatList }>;
  /** Index into tagKeys of the group-by tag, or -1. */
  groupAt: number;
  groups: Map<string, FloatList>;
  series: SeriesBuilder | undefined;
}

function keyIndex(c: Collector, key: string): number {
  const at = c.tagKeys.indexOf(key);
  if (at >= 0) return at;
  c.tagKeys.push(key);
  c.tagValues.push(undefined);
  return c.tagKeys.length - 1;
}

export async function readSamples(files: readonly string[], options: ReadOptions = {}): Promise<SamplesRead> {
  const collectors = new Map<string, Collector>();
  const filterLists = new Map<string, FloatList>();
  const collector = (metric: string): Collector => {
    let c = collectors.get(metric);
    if (c === undefined) {
      c = {
        type: undefined,
        all: new FloatList(),
        tagKeys: [],
        tagValues: [],
        filters: [],
        groupAt: -1,
        groups: new Map(),
        series: undefined,
      };
      collectors.set(metric, c);
    }
    return c;
  };
  for (const f of options.filters ?? []) {
    const key = filterKey(f);
    if (filterLists.has(key)) continue;
    const list = new FloatList();
    filterLists.set(key, list);
    const entries = Object.entries(f.tags);
    // An empty filter is the whole metric: no need to collect it twice.
    const c = collector(f.metric);
    if (entries.length > 0) c.filters.push({ tags: entries.map(([k, v]) => [keyIndex(c, k), v]), list });
  }
  for (const g of options.groupBy ?? []) {
    const c = collector(g.metric);
    c.groupAt = keyIndex(c, g.tag);
  }
  for (const m of options.series ?? []) collector(m).series = new SeriesBuilder();

  const stats = { points: 0, lines: 0 };
  const kept = new Map<string, KeptPoint[]>((options.points ?? []).map((m) => [m, []]));
  const visitors = new Map([...kept].map(([m, list]): [string, Visitor] => [m, (p) => list.push(p)]));
  const marks = new FileMarks();
  for (const file of files) {
    await readFile(file, { collector, visitors }, stats);
    if (options.perFile === true)
      marks.markLists(
        [...collectors].map(([m, c]) => [m, c.all]),
        filterLists,
      );
  }

  const metrics = new Map<string, MetricValues>();
  const groups = new Map<string, Map<string, Float64Array>>();
  const series = new Map<string, SecondBucket[]>();
  for (const [name, c] of collectors) {
    metrics.set(name, { type: c.type, values: c.all.drain() });
    if (c.groupAt >= 0) groups.set(name, new Map([...c.groups].map(([k, l]) => [k, l.drain()])));
    if (c.series) series.set(name, c.series.build());
  }
  const filtered = new Map<string, Float64Array>();
  for (const f of options.filters ?? []) {
    const key = filterKey(f);
    const values = Object.keys(f.tags).length === 0 ? metrics.get(f.metric)?.values : filterLists.get(key)?.drain();
    filtered.set(key, values ?? new Float64Array(0));
  }
  const perFile = options.perFile === true ? marks.tally(files, (key) => metrics.get(key)?.values ?? filtered.get(key)) : undefined;
  return { metrics, filtered, groups, series, kept, ...stats, ...(perFile ? { perFile } : {}) };
}

type Visitor = (p: KeptPoint) => void;

/**
 * Streams every point of `metrics` (time, value, all tags) to `visit`, file by file, in file order, and keeps
 * nothing else. The same strictness as readSamples: a malformed line or a cut-off gzip is a ResultsError
 * naming the file and line (after every complete line before it was visited).
 */
export async function visitPoints(
  files: readonly string[],
  metrics: readonly string[],
  visit: (metric: string, p: KeptPoint) => void,
): Promise<{ lines: number }> {
  const visitors = new Map(metrics.map((m): [string, Visitor] => [m, (p) => visit(m, p)]));
  const stats = { points: 0, lines: 0 };
  for (const file of files) await readFile(file, { visitors }, stats);
  return { lines: stats.lines };
}

/** What a file's lines go to: the collectors (readSamples) and the visitors of whole points. */
interface Sink {
  collector?: (m: string) => Collector;
  visitors: ReadonlyMap<string, Visitor>;
}

function matches(tags: ReadonlyArray<readonly [number, string]>, values: ReadonlyArray<string | undefined>): boolean {
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    if (t === undefined || values[t[0]] !== t[1]) return false;
  }
  return true;
}

async function readFile(file: string, { collector, visitors }: Sink, stats: { points: number; lines: number }): Promise<void> {
  const stream = await openStream(file);
  const clock = new SecondClock();
  const cursor: PointCursor = { metric: '', value: 0, timeAt: 0, timeEnd: 0, tagsAt: 0 };
  let line = 0;

  const record = (c: Collector, value: number, text: string, timeAt: number, timeEnd: number): void => {
    c.all.push(value);
    stats.points++;
    const tv = c.tagValues;
    // Plain loops: this runs once per sample, and a closure per call shows in the profile.
    for (let i = 0; i < c.filters.length; i++) {
      const f = c.filters[i];
      if (f !== undefined && matches(f.tags, tv)) f.list.push(value);
    }
    if (c.groupAt >= 0) {
      const g = tv[c.groupAt];
      if (g !== undefined) {
        let list = c.groups.get(g);
        if (list === undefined) c.groups.set(g, (list = new FloatList()));
        list.push(value);
      }
    }
    if (c.series) {
      const s = clock.second(text, timeAt, timeEnd);
      if (Number.isNaN(s)) throw new ResultsError(`${file}:${line}: '${text.slice(timeAt, timeEnd)}' is not an ISO time`);
      c.series.add(s, value);
    }
  };

  const slow = (text: string): void => {
    const parsed = parseSlowLine(text);
    if (!parsed.ok) throw new ResultsError(`${file}:${line}: ${parsed.error}`);
    const v = parsed.value;
    if (v.kind === 'metric') {
      if (collector !== undefined) collector(v.name).type = v.type;
      return;
    }
    visitors.get(v.metric)?.({ time: v.time, value: v.value, tags: v.tags });
    if (collector === undefined) return;
    const c = collector(v.metric);
    for (let k = 0; k < c.tagKeys.length; k++) c.tagValues[k] = v.tags[c.tagKeys[k] ?? ''];
    record(c, v.value, v.time, 0, v.time.length);
  };

  const handle = (text: string, mayHaveBackslash: boolean): void => {
    line++;
    if (text.length === 0) return;
    if (!fastPoint(text, cursor, mayHaveBackslash)) return slow(text);
    // A kept metric needs every tag: the exact parse (these metrics are rare, so its cost does not show).
    if (visitors.has(cursor.metric)) return slow(text);
    if (collector === undefined) return;
    const c = collector(cursor.metric);
    if (c.tagKeys.length > 0 && !scanTags(text, cursor.tagsAt, c.tagKeys, c.tagValues)) return slow(text);
    record(c, cursor.value, text, cursor.timeAt, cursor.timeEnd);
  };

  try {
    // Cut the byte stream at its last newline and decode only whole lines: a newline byte never occurs
    // inside a UTF-8 sequence, so no character is split, and pure-ASCII text (almost always) takes the
    // much faster latin1 decoding.
    let carry: Buffer | undefined;
    for await (const chunk of stream as AsyncIterable<unknown>) {
      if (!Buffer.isBuffer(chunk)) continue;
      const bytes: Buffer = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
      const cut = bytes.lastIndexOf(10);
      if (cut < 0) {
        carry = bytes;
        continue;
      }
      carry = cut + 1 < bytes.length ? Buffer.from(bytes.subarray(cut + 1)) : undefined;
      const whole = bytes.subarray(0, cut + 1);
      const text = isAscii(whole) ? whole.toString('latin1') : whole.toString('utf8');
      // One search per chunk instead of one per line: most chunks hold no backslash at all.
      const mayHaveBackslash = text.includes('\\');
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        handle(text.slice(start, nl), mayHaveBackslash);
        start = nl + 1;
      }
    }
    if (carry !== undefined) handle(carry.toString('utf8'), true);
    stats.lines += line;
  } catch (err) {
    stream.destroy();
    if (err instanceof ResultsError) throw err;
    // zlib's "unexpected end of file" on a truncated gzip lands here, after the last complete line.
    throw new ResultsError(`${file}: unreadable after line ${line}: ${describeError(err)}`, { cause: err });
  }
}
