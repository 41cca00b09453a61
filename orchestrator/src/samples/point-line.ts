/**
 * The fast path for k6's JSON output: a Point line as k6 writes it,
 *   {"metric":"<name>","type":"Point","data":{"time":"<ISO>","value":<n>,"tags":{"k":"v",...}}}
 * is cut apart with indexOf instead of JSON.parse (several times faster on millions of lines). It is
 * exact or it declines: a backslash, an unexpected field order, a number JSON would not accept, or tags
 * that are not a flat string map make it return false, and the caller falls back to JSON.parse.
 *
 * Results go into one reused object instead of a fresh one per line: this runs ten million times.
 */
export interface PointCursor {
  metric: string;
  value: number;
  timeAt: number;
  timeEnd: number;
  /** Index of the tags object's `{`. */
  tagsAt: number;
}

const HEAD = '{"metric":"';
const TYPE = '","type":"Point","data":{"time":"';
const VALUE = '","value":';
const TAGS = ',"tags":';
/** JSON's number grammar. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Fills `out` from a Point line; false when the line is not in k6's exact shape (use JSON.parse). */
export function fastPoint(line: string, out: PointCursor, mayHaveBackslash = true): boolean {
  if (!line.startsWith(HEAD) || !line.endsWith('}}}') || (mayHaveBackslash && line.includes('\\'))) return false;
  const metricEnd = line.indexOf('"', HEAD.length);
  if (metricEnd < 0 || !line.startsWith(TYPE, metricEnd)) return false;
  const timeAt = metricEnd + TYPE.length;
  const timeEnd = line.indexOf('"', timeAt);
  if (timeEnd < 0 || !line.startsWith(VALUE, timeEnd)) return false;
  const valueAt = timeEnd + VALUE.length;
  const valueEnd = line.indexOf(TAGS, valueAt);
  if (valueEnd < 0) return false;
  const text = line.slice(valueAt, valueEnd);
  if (!NUMBER.test(text)) return false;
  out.metric = line.slice(HEAD.length, metricEnd);
  out.value = Number(text);
  out.timeAt = timeAt;
  out.timeEnd = timeEnd;
  out.tagsAt = valueEnd + TAGS.length;
  return true;
}

/**
 * Reads the values of `keys` from the flat tags object at `at` (fastPoint ruled out backslashes, so no
 * string holds a quote) into `values` (undefined where a key is absent). Walks every pair to check the
 * shape and that the line ends right after it with `}}`; false when it is anything else.
 */
export function scanTags(line: string, at: number, keys: readonly string[], values: Array<string | undefined>): boolean {
  for (let k = 0; k < keys.length; k++) values[k] = undefined;
  if (line.charCodeAt(at) !== 123 /* { */) return false;
  let i = at + 1;
  if (line.charCodeAt(i) === 125 /* } */) return line.length === i + 3;
  for (;;) {
    if (line.charCodeAt(i) !== 34 /* " */) return false;
    const keyEnd = line.indexOf('"', i + 1);
    if (keyEnd < 0 || line.charCodeAt(keyEnd + 1) !== 58 /* : */ || line.charCodeAt(keyEnd + 2) !== 34) return false;
    const valueEnd = line.indexOf('"', keyEnd + 3);
    if (valueEnd < 0) return false;
    const keyLength = keyEnd - i - 1;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] ?? '';
      if (key.length === keyLength && line.startsWith(key, i + 1)) values[k] = line.slice(keyEnd + 3, valueEnd);
    }
    const next = line.charCodeAt(valueEnd + 1);
    if (next === 125) return line.length === valueEnd + 4;
    if (next !== 44 /* , */) return false;
    i = valueEnd + 2;
  }
}
