/**
 * Cross-checks loadgate's recomputation against k6's own conclusions: its threshold verdicts, its exit
 * code and its summary values. A difference is an ERROR carrying both values, never resolved silently.
 *
 * Traps (see docs/verdict.md):
 *  - k6 evaluates a threshold on a metric with no samples as if the value were 0 (a `checks` rate
 *    threshold passes with zero checks; `p(95)<2000` passes with zero requests). No data is loadgate's
 *    INVALID, so a criterion without samples is never compared with k6's verdict.
 *  - the legacy `--summary-export` file marks a threshold `true` when it FAILED. loadgate never reads it: k6's
 *    verdicts come only from handleSummary's `{ ok }` form (k6/summary.ts), where ok = passed.
 *  - a counter's `rate` divides by k6's own test duration, which loadgate cannot know exactly: not compared.
 */
import type { K6Facts } from './facts.ts';
import { parseSelector } from '../../criteria/expression.ts';
import { filterKey } from '../../samples/reader.ts';
import type { CriterionVerdict, MetricStats } from '../../scenario-result.ts';
import type { FileTally } from '../../samples/per-file.ts';

const RELATIVE_TOLERANCE = 1e-6;

export function normalizeSelector(selector: string): string {
  const parsed = parseSelector(selector);
  return parsed.ok ? filterKey(parsed.value) : selector.trim();
}

const normalizeExpression = (e: string): string => e.replace(/\s+/g, '');

export function close(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Attaches k6's verdict to each k6-evaluated criterion and returns the disagreements, one line each. */
export function crossCheckThresholds(criteria: CriterionVerdict[], k6: K6Facts): string[] {
  const problems: string[] = [];
  for (const c of criteria) {
    // A windowed criterion was never k6's (options.ts): k6's threshold of the same expression is the whole run's.
    if (c.source !== 'k6' || c.window !== undefined) continue;
    const theirs = k6.thresholds.find(
      (t) =>
        normalizeSelector(t.selector) === normalizeSelector(c.selector) &&
        normalizeExpression(t.expression) === normalizeExpression(c.expression),
    );
    if (theirs === undefined) continue;
    c.engineOk = theirs.ok;
    if (c.ok === null) continue; // no data: INVALID, whatever k6 says (see the traps above)
    if (theirs.ok !== c.ok) {
      c.disagreement = `k6 says ${theirs.ok ? 'passed' : 'failed'}, loadgate recomputed ${c.observed ?? 'no value'} (${c.ok ? 'passed' : 'failed'})`;
      problems.push(`${c.selector} ${c.expression}: ${c.disagreement}`);
    }
  }
  // k6's exit code must agree with the thresholds we both evaluated: 99 iff one of them failed.
  const withData = criteria.filter((c) => c.source === 'k6' && c.engineOk !== undefined);
  if (withData.length > 0 && withData.every((c) => c.ok !== null)) {
    const anyFailed = withData.some((c) => c.ok === false);
    if (k6.outcome === 'thresholds-failed' && !anyFailed)
      problems.push(`k6 exited ${k6.exitCode ?? '?'} (thresholds failed) but loadgate's recomputation passes every k6 threshold`);
    if (k6.outcome === 'ok' && anyFailed) problems.push(`k6 exited 0 but loadgate's recomputation fails a k6 threshold`);
  }
  return problems;
}

/** Which of our stats a k6 summary key corresponds to, per metric type. */
function ours(stat: string, m: MetricStats): number | undefined {
  const pct = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  if (m.type === 'trend') {
    if (pct) {
      const p = Number(pct[1]);
      const table: Record<number, number> = { 50: m.p50, 90: m.p90, 95: m.p95, 99: m.p99 };
      return table[p];
    }
    if (stat === 'med') return m.p50;
    if (stat === 'avg' || stat === 'min' || stat === 'max' || stat === 'count') return m[stat];
    return undefined;
  }
  if (m.type === 'rate') return stat === 'rate' ? m.rate : undefined;
  if (m.type === 'counter') return stat === 'count' ? m.count : undefined;
  return undefined; // gauges: k6 samples them on its own clock; nothing exact to compare
}

/** Compares k6's summary values with the recomputed ones (1e-6 relative); disagreements, one line each. */
export function crossCheckSummary(metrics: Record<string, MetricStats>, k6: K6Facts): string[] {
  const problems: string[] = [];
  const byKey = new Map(Object.entries(metrics).map(([k, v]) => [normalizeSelector(k), v]));
  for (const [selector, values] of Object.entries(k6.summary)) {
    const m = byKey.get(normalizeSelector(selector));
    if (m === undefined) continue; // no samples on our side: reported as no data where a criterion needs it
    for (const [stat, theirs] of Object.entries(values)) {
      const mine = ours(stat, m);
      if (mine === undefined || !Number.isFinite(theirs)) continue;
      if (!close(mine, theirs)) problems.push(`${selector} ${stat}: k6 summary ${theirs}, loadgate recomputed ${mine}`);
    }
  }
  return problems;
}

/** What a k6 summary value is, in the tallies of one file's samples: only what is exact per file. */
function fromTally(stat: string, type: MetricStats['type'], t: FileTally): number | undefined {
  if (type === 'counter') return stat === 'count' ? t.sum : undefined;
  if (type === 'trend') return stat === 'count' ? t.count : undefined;
  if (type === 'rate')
    return stat === 'rate' ? t.nonzero / t.count : stat === 'passes' ? t.nonzero : stat === 'fails' ? t.count - t.nonzero : undefined;
  return undefined;
}

/**
 * A distributed scenario: each generator's own k6 summary against that generator's own samples (its file's
 * tallies), at the same tolerance as the local cross-check — counters' totals, trends' counts, rates and their
 * passes/fails. `types`: each metric's type, from the merged read.
 */
export function crossCheckSegments(
  k6: K6Facts,
  perFile: ReadonlyMap<string, ReadonlyMap<string, FileTally>>,
  types: Readonly<Record<string, MetricStats>>,
): string[] {
  const problems: string[] = [];
  const typeOf = new Map(Object.entries(types).map(([k, v]) => [normalizeSelector(k), v.type]));
  for (const s of k6.segments ?? []) {
    const file = s.samples[0];
    const tallies = file === undefined ? undefined : perFile.get(file);
    if (tallies === undefined) continue; // no samples pulled from it: the record already says so
    const byKey = new Map([...tallies].map(([k, v]) => [normalizeSelector(k), v]));
    for (const [selector, values] of Object.entries(s.summary)) {
      const key = normalizeSelector(selector);
      const t = byKey.get(key);
      const type = typeOf.get(key);
      if (t === undefined || type === undefined) continue;
      for (const [stat, theirs] of Object.entries(values)) {
        const mine = fromTally(stat, type, t);
        if (mine === undefined || !Number.isFinite(theirs)) continue;
        if (!close(mine, theirs))
          problems.push(`${selector} ${stat} on ${s.generator}: its k6 summary ${theirs}, loadgate recomputed ${mine} from its samples`);
      }
    }
  }
  return problems;
}
