/** Numbers and intervals as the verdict's lines print them. */
import type { Confidence } from '../criteria/confidence.ts';
import type { WindowResult } from '../scenario-result.ts';

export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/** `[1350, 1480] ms at 0.95, n = 2152`, with `—` for a bound too few samples allow, and how many it would take. */
export function describeInterval(ci: Confidence, unit = ''): string {
  const b = (x: number | null): string => (x === null ? '—' : formatNumber(x));
  const short = ci.minSamples !== undefined && ci.n < ci.minSamples ? ` (a decision needs n ≥ ${ci.minSamples})` : '';
  return `[${b(ci.low)}, ${b(ci.high)}]${unit} at ${ci.level}, n = ${ci.n}${short}`;
}

/** `window steady (6–60 s), n = 1,204` — a range names its bounds once: `window 30–90 s, n = 1,204`. */
export function describeWindow(w: WindowResult): string {
  const bounds = w.written.includes('–') ? '' : ` (${w.from}–${w.to} s)`;
  return `window ${w.written}${bounds}, n = ${w.n.toLocaleString('en-US')}`;
}
