/**
 * The generator section's targets (issue 17), judged on the POST /api/chat rows of one bench run: loadgate's
 * k6 row against the bare k6 row (the floor k6 itself sets on this machine) and Locust (the peer to beat).
 * Each target names the figures it was computed from, so a reader can redo the division. wrk stays in the
 * table as the physical-limit reference; its ratios are information (`wrkNote`), not targets.
 */
import type { Endpoint, Generator, GeneratorRun, LoadShape } from '../generators/types.ts';
import { k6BareGenerator } from '../generators/k6-bare.ts';
import { loadgateGenerator } from '../generators/loadgate.ts';
import { locustGenerator } from '../generators/locust.ts';
import { wrkGenerator } from '../generators/wrk.ts';
import { check, fmt, type TargetCheck } from '../lib/report.ts';

/** loadgate's CPU per request may be at most this many times bare k6's, on the fixed-rate and the maximum row. */
export const CPU_VS_BARE_K6 = 1.5;
/** loadgate's maximum must reach this share of bare k6's. */
export const MAX_VS_BARE_K6 = 0.7;
/** A fixed-rate row that dropped iterations still counts as delivered when it reached this share of bare k6's rate. */
export const DELIVERED_VS_BARE_K6 = 0.95;

export interface ResultRows {
  name: string;
  rows: ReadonlyArray<{ endpoint: Endpoint; shape: LoadShape; run?: GeneratorRun }>;
}

function find(
  results: readonly ResultRows[],
  g: Generator,
  kind: LoadShape['kind'],
  endpoint: Endpoint = 'chat',
): GeneratorRun | undefined {
  return results.find((r) => r.name === g.name)?.rows.find((row) => row.endpoint === endpoint && row.shape.kind === kind)?.run;
}

export function reqPerSecond(r: GeneratorRun): number | undefined {
  return r.seconds > 0 ? r.requests / r.seconds : undefined;
}

/** CPU seconds of the generator per 10,000 completed requests. */
export function cpuPer10k(r: GeneratorRun): number | undefined {
  return r.requests > 0 ? (r.cpuSeconds / r.requests) * 10_000 : undefined;
}

const ROW: Record<LoadShape['kind'], string> = { rate: 'fixed-rate row', max: 'maximum row' };

function cpuTargets(results: readonly ResultRows[], kind: LoadShape['kind']): TargetCheck[] {
  const cpu = (g: Generator): number | undefined => {
    const r = find(results, g, kind);
    return r ? cpuPer10k(r) : undefined;
  };
  const [ours, bare, locust] = [cpu(loadgateGenerator), cpu(k6BareGenerator), cpu(locustGenerator)];
  const vsBare = ours === undefined || bare === undefined || bare === 0 ? undefined : ours / bare;
  return [
    check(
      `loadgate CPU per request vs bare k6 (${ROW[kind]})`,
      `≤ ${fmt(CPU_VS_BARE_K6, 1)}×`,
      vsBare === undefined ? undefined : `${fmt(vsBare, 2)}× (${fmt(ours, 2)} vs ${fmt(bare, 2)} CPU s / 10k req)`,
      vsBare === undefined ? undefined : vsBare <= CPU_VS_BARE_K6,
    ),
    check(
      `loadgate CPU per request below Locust's (${ROW[kind]})`,
      '< Locust',
      ours === undefined || locust === undefined ? undefined : `${fmt(ours, 2)} vs ${fmt(locust, 2)} CPU s / 10k req`,
      ours === undefined || locust === undefined ? undefined : ours < locust,
    ),
  ];
}

/** No dropped iterations where bare k6 dropped none; where it dropped some too, at least 95 % of its rate. */
function deliveredTarget(results: readonly ResultRows[]): TargetCheck {
  const ours = find(results, loadgateGenerator, 'rate');
  const bare = find(results, k6BareGenerator, 'rate');
  const name = 'loadgate delivers the fixed rate bare k6 delivers';
  if (!ours || !bare) return check(name, 'no dropped iterations where bare k6 has none', undefined, undefined);
  const [oursRps, bareRps] = [reqPerSecond(ours), reqPerSecond(bare)];
  const [oursDropped, bareDropped] = [ours.dropped ?? 0, bare.dropped ?? 0];
  const ok =
    oursDropped === 0 || (bareDropped > 0 && oursRps !== undefined && bareRps !== undefined && oursRps >= bareRps * DELIVERED_VS_BARE_K6);
  return check(
    name,
    'no dropped iterations where bare k6 has none',
    `loadgate ${fmt(oursRps)} req/s, ${fmt(oursDropped)} dropped; bare k6 ${fmt(bareRps)} req/s, ${fmt(bareDropped)} dropped`,
    ok,
  );
}

function maxTargets(results: readonly ResultRows[]): TargetCheck[] {
  const max = (g: Generator): number | undefined => {
    const r = find(results, g, 'max');
    return r ? reqPerSecond(r) : undefined;
  };
  const [ours, bare, locust] = [max(loadgateGenerator), max(k6BareGenerator), max(locustGenerator)];
  const share = ours === undefined || bare === undefined || bare === 0 ? undefined : ours / bare;
  return [
    check(
      "loadgate maximum vs bare k6's",
      `≥ ${fmt(MAX_VS_BARE_K6 * 100)} %`,
      share === undefined ? undefined : `${fmt(share * 100)} % (${fmt(ours)} vs ${fmt(bare)} req/s)`,
      share === undefined ? undefined : share >= MAX_VS_BARE_K6,
    ),
    check(
      "loadgate maximum above Locust's",
      '> Locust',
      ours === undefined || locust === undefined ? undefined : `${fmt(ours)} vs ${fmt(locust)} req/s`,
      ours === undefined || locust === undefined ? undefined : ours > locust,
    ),
  ];
}

export function generatorTargets(results: readonly ResultRows[]): TargetCheck[] {
  return [...cpuTargets(results, 'rate'), deliveredTarget(results), ...cpuTargets(results, 'max'), ...maxTargets(results)];
}

/** wrk's ratios, for information: the physical limit no JavaScript VM per VU reaches. */
export function wrkNote(results: readonly ResultRows[]): string | undefined {
  const oursRate = find(results, loadgateGenerator, 'rate');
  const wrkRate = find(results, wrkGenerator, 'rate');
  const oursMax = find(results, loadgateGenerator, 'max');
  const wrkMax = find(results, wrkGenerator, 'max');
  if (!oursRate || !wrkRate || !oursMax || !wrkMax) return undefined;
  const [a, b] = [cpuPer10k(oursRate), cpuPer10k(wrkRate)];
  const [c, d] = [reqPerSecond(oursMax), reqPerSecond(wrkMax)];
  if (a === undefined || b === undefined || b === 0 || c === undefined || d === undefined || d === 0) return undefined;
  return `For information (not targets): loadgate's CPU per request is ${fmt(a / b, 1)}× wrk's at the fixed rate (${fmt(a, 2)} vs ${fmt(b, 2)} CPU s / 10k req), and its maximum ${fmt((c / d) * 100)} % of wrk's (${fmt(c)} vs ${fmt(d)} req/s).`;
}
