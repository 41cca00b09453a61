/**
 * Drift across the rounds of a multi-round run (the soak profile): does latency creep up, does the target's
 * memory grow, does loadgate's own? Pure: the pipeline takes a RoundSnapshot after each round, the scenario
 * verdicts carry each round's latency, and this lines them up. Drift is reported and warned about, never a
 * failure by itself: a criterion is what fails a run.
 */
import type { Drift, RoundSnapshot, ScenarioDrift, ScenarioVerdict } from './types.ts';

export type { Drift, RoundSnapshot, ScenarioDrift } from './types.ts';

/** Latency growth from the first to the last round above which a warning is raised. */
export const LATENCY_DRIFT_WARN = 0.25;
/** Memory growth (loadgate, target Redis) from the first to the last round above which a warning is raised. */
export const MEMORY_DRIFT_WARN = 0.5;

function headlineMetric(s: ScenarioVerdict): string | undefined {
  const c = s.criteria.find((x) => x.strict && x.source !== 'canary' && s.metrics[x.metric]?.type === 'trend');
  return c?.metric;
}

function change(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  const first = known[0];
  const last = known.at(-1);
  if (known.length < 2 || first === undefined || last === undefined || first <= 0) return null;
  return (last - first) / first;
}

/** One scenario verdict with the plan entry and round its record ran as (never parsed from its name). */
export interface RoundVerdict {
  entry: string;
  round: number;
  verdict: ScenarioVerdict | undefined;
}

/** Undefined for a single-round run. */
export function buildDrift(runs: readonly RoundVerdict[], rounds: readonly RoundSnapshot[]): Drift | undefined {
  if (rounds.length < 2) return undefined;
  const byBase = new Map<string, Map<number, ScenarioVerdict>>();
  for (const { entry, round, verdict } of runs) {
    if (verdict === undefined) continue;
    const perRound = byBase.get(entry) ?? new Map<number, ScenarioVerdict>();
    perRound.set(round, verdict);
    byBase.set(entry, perRound);
  }
  const out: ScenarioDrift[] = [];
  for (const [scenario, perRound] of byBase) {
    const first = [...perRound.values()][0];
    const metric = first === undefined ? undefined : headlineMetric(first);
    if (metric === undefined) continue;
    const p95 = rounds.map((r) => perRound.get(r.round)?.metrics[metric]?.p95 ?? null);
    out.push({ scenario, metric, p95, change: change(p95) });
  }
  return { rounds: [...rounds], scenarios: out };
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${Math.round(x * 100)} %`;
}

/** One warning per drift past its limit. */
export function driftWarnings(d: Drift): string[] {
  const warnings: string[] = [];
  const n = d.rounds.length;
  for (const s of d.scenarios)
    if (s.change !== null && s.change > LATENCY_DRIFT_WARN)
      warnings.push(`drift: ${s.scenario} ${s.metric} p95 ${pct(s.change)} from the first round to the last (${n} rounds)`);
  const memory: Array<[string, Array<number | null>]> = [
    ["loadgate's memory (RSS)", d.rounds.map((r) => r.loadgateRssBytes)],
    ['the target Redis used_memory', d.rounds.map((r) => r.redisUsedMemoryBytes)],
  ];
  for (const [what, values] of memory) {
    const c = change(values);
    if (c !== null && c > MEMORY_DRIFT_WARN) warnings.push(`drift: ${what} ${pct(c)} from the first round to the last (${n} rounds)`);
  }
  return warnings;
}
