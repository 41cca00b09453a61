/** k6 duration strings (`90s`, `1m30s`, `500ms`, `2h`) in seconds. Pure. */
import { K6RunError } from '../../errors.ts';

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

export function durationSeconds(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? 's'] ?? 1);
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== text.length) throw new K6RunError(`'${text}' is not a k6 duration (like 30s, 1m30s, 500ms)`);
  return total;
}
