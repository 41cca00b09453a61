/** Reading the figures generators print: parsed from unknown, never cast. */

export type Json = Record<string, unknown>;

export function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON object on the last line that starts with `prefix` (or the whole text when prefix is ''). */
export function parseToolJson(text: string, prefix: string): Json | undefined {
  const lines = prefix === '' ? [text] : text.split('\n').filter((l) => l.startsWith(prefix));
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(last.slice(prefix.length));
    return isJson(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A finite number at a dotted path, or undefined. */
export function num(j: unknown, path: string): number | undefined {
  let v: unknown = j;
  for (const key of path.split('.')) {
    if (!isJson(v)) return undefined;
    v = v[key];
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
