/**
 * The catalog: every scenario and probe loadgate knows, and every metric each one produces (name, type,
 * the tags it carries, and who measures it). It is the single source of truth that
 *   - config validation uses to reject a threshold on an unknown metric or with an unfitting aggregation,
 *   - the runner uses to route criteria (k6 evaluates `k6` metrics; loadgate evaluates the rest),
 *   - tests use to check that the k6 scripts and probes emit exactly these names.
 * Each entry is a kind's descriptor: besides its metrics, its parameter spec, how its executor is derived,
 * what loadgate derives after k6 ends, and what the reports headline — so no other module names a kind.
 * A kind that is not built in joins through registerKind (kinds are looked up, never listed elsewhere).
 */
import { BUILT_IN } from './kinds/built-in.ts';
import type { GroupBy, KindReport, MetricSpec, ScenarioSpec } from './kinds/types.ts';

export * from './kinds/types.ts';

const kinds: Record<string, ScenarioSpec> = { ...BUILT_IN };
let version = 0;

/** Every kind loadgate knows, by name: the built-in ones and any registered since. */
export const CATALOG: Readonly<Record<string, ScenarioSpec>> = kinds;

/**
 * Adds a kind that is not built in (a test's throwaway kind, a plug-in's). Its k6 script is
 * k6/dist/<name>.js, its thresholds `<thresholds dir>/<name>.yaml`; a probe kind also registers its probe
 * (probes/registry.ts). A name already taken is refused: a built-in kind cannot be replaced by accident.
 */
export function registerKind(name: string, spec: ScenarioSpec): void {
  if (Object.hasOwn(kinds, name)) throw new Error(`scenario kind ${name} is already in the catalog`);
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`scenario kind '${name}' is not a lowercase name`);
  kinds[name] = spec;
  version++;
}

/** Changes whenever a kind is registered: what is built from the catalog (the config schemas) rebuilds then. */
export function catalogVersion(): number {
  return version;
}

export function scenarioNames(): string[] {
  return Object.keys(CATALOG);
}

/**
 * A kind's report headline. A verdict of a kind this build does not know (an older run's, a crafted one)
 * gets the headline of the kind whose metrics it has, so its reports still show its numbers.
 */
export function reportOf(kind: string, has: (metric: string) => boolean): KindReport | undefined {
  const own = CATALOG[kind]?.report;
  if (own) return own;
  const named = (r: KindReport): string[] => [...r.latency, ...[r.requests, r.failed, r.succeeded].filter((m) => m !== undefined)];
  const reports = Object.values(CATALOG).map((k) => k.report);
  // Its own domain metric first (a chat verdict has http_reqs too, but chat_turn_duration is its headline).
  return reports.find((r) => r.latency[0] !== undefined && has(r.latency[0])) ?? reports.find((r) => named(r).some(has));
}

/** A metric's unit, from the first scenario that declares it (a name means one thing across the catalog). */
export function unitOf(metric: string): MetricSpec['unit'] | undefined {
  for (const spec of Object.values(CATALOG)) {
    const m = spec.metrics[metric];
    if (m) return m.unit;
  }
  return undefined;
}

/**
 * What the verdict groups and charts: every kind's declared series and group-bys, in catalog order. Like a
 * unit (unitOf), a metric name means one thing across the catalog, so a breakdown applies wherever its metric
 * appears — an older run's verdict, or a kind this build does not know, keeps its charts.
 */
export function catalogReads(): { series: readonly string[]; groupBy: readonly GroupBy[] } {
  const all = Object.values(CATALOG).map((k) => k.report);
  const groupBy = new Map(all.flatMap((r) => r.groupBy ?? []).map((g) => [`${g.metric}{${g.tag}}`, g]));
  return { series: [...new Set(all.flatMap((r) => r.series))], groupBy: [...groupBy.values()] };
}
