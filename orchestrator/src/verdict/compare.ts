/**
 * Baseline comparison (`run --baseline`, `loadgate compare`): per scenario and latency selector, the p95
 * change, and a one-sided Mann–Whitney U test on the raw samples of both runs. A regression needs both:
 * an effect of at least `minEffect` (default +10 % p95) AND significance (p < alpha, default 0.05). Fewer
 * than `minSamples` on either side → inconclusive, never a failure.
 */
import { join } from 'node:path';
import { reportOf } from '../catalog.ts';
import { parseSelector } from '../criteria/expression.ts';
import { filterKey, readSamples } from '../samples/reader.ts';
import { mannWhitney } from './mann-whitney.ts';
import type { Comparison, MetricDelta, ScenarioVerdict, Verdict } from './types.ts';

export interface CompareOptions {
  baseDir?: string | undefined;
  currentDir?: string | undefined;
  minEffect?: number | undefined;
  alpha?: number | undefined;
  minSamples?: number | undefined;
}

export const DEFAULT_MIN_EFFECT = 0.1;
export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_MIN_SAMPLES = 20;

/** The trend selectors worth comparing: every trend criterion's, plus those the kind compares always (http_req_duration). */
function selectors(s: ScenarioVerdict): string[] {
  const out = new Set<string>();
  for (const c of s.criteria)
    if (s.metrics[c.selector]?.type === 'trend' || s.metrics[filterKeyOf(c.selector)]?.type === 'trend') out.add(c.selector);
  for (const m of reportOf(s.scenario, (x) => s.metrics[x] !== undefined)?.compare ?? []) if (s.metrics[m]) out.add(m);
  return [...out];
}

function filterKeyOf(selector: string): string {
  const p = parseSelector(selector);
  return p.ok ? filterKey(p.value) : selector;
}

async function sortedSamples(dir: string | undefined, s: ScenarioVerdict, selector: string): Promise<Float64Array | undefined> {
  if (dir === undefined || s.samples.length === 0) return undefined;
  const p = parseSelector(selector);
  if (!p.ok) return undefined;
  try {
    const read = await readSamples(
      s.samples.map((f) => join(dir, f)),
      { filters: [p.value] },
    );
    return (read.filtered.get(filterKey(p.value)) ?? new Float64Array(0)).sort();
  } catch {
    return undefined; // samples gone or unreadable: the delta is shown, the test inconclusive
  }
}

export async function compareVerdicts(base: Verdict, current: Verdict, opts: CompareOptions = {}): Promise<Comparison> {
  const minEffect = opts.minEffect ?? DEFAULT_MIN_EFFECT;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const minSamples = opts.minSamples ?? DEFAULT_MIN_SAMPLES;
  const deltas: MetricDelta[] = [];
  for (const cur of current.scenarios) {
    const old = base.scenarios.find((s) => s.name === cur.name) ?? base.scenarios.find((s) => s.scenario === cur.scenario);
    if (!old) continue;
    for (const selector of selectors(cur)) {
      const key = filterKeyOf(selector);
      const a = old.metrics[selector] ?? old.metrics[key];
      const b = cur.metrics[selector] ?? cur.metrics[key];
      if (!a || !b) continue;
      // A zero baseline p95 has no relative change to speak of (and JSON has no Infinity).
      const change = a.p95 === 0 ? 0 : (b.p95 - a.p95) / a.p95;
      const delta: MetricDelta = {
        scenario: cur.name,
        selector,
        stat: 'p95',
        base: a.p95,
        current: b.p95,
        change,
        pValue: null,
        samples: { base: a.count, current: b.count },
        outcome: 'unchanged',
      };
      if (a.count < minSamples || b.count < minSamples) {
        delta.outcome = 'inconclusive';
        delta.note = `fewer than ${minSamples} samples`;
      } else if (change >= minEffect || change <= -minEffect) {
        const xs = await sortedSamples(opts.baseDir ?? base.location, old, selector);
        const ys = await sortedSamples(opts.currentDir ?? current.location, cur, selector);
        if (!xs || !ys || xs.length < minSamples || ys.length < minSamples) {
          delta.outcome = 'inconclusive';
          delta.note = 'raw samples unavailable';
        } else {
          // Slower: is current larger than base? Faster: is base larger than current?
          const test = change > 0 ? mannWhitney(xs, ys) : mannWhitney(ys, xs);
          delta.pValue = test.pValue;
          delta.samples = { base: xs.length, current: ys.length };
          if (test.pValue < alpha) delta.outcome = change > 0 ? 'regression' : 'improvement';
          else delta.note = `not significant (${formatPValue(test.pValue)})`;
        }
      }
      deltas.push(delta);
    }
  }
  return { baseRunId: base.runId, minEffect, alpha, deltas, regressions: deltas.filter((d) => d.outcome === 'regression').length };
}

/** A p-value as people read it: tiny ones are "p<0.001", not a misleading "p=0.0" from underflow. */
export function formatPValue(p: number): string {
  return p < 0.001 ? 'p<0.001' : `p=${p.toPrecision(2)}`;
}
