/**
 * Section 1 — generator cost and ceiling. Every generator drives the lab's POST /api/chat, then its
 * GET /api/health, at zero simulated delay: first at one fixed rate (the same for all), then as fast as it
 * can with the same number of connections. The targets are judged on chat, the load loadgate exists for;
 * health, the cheapest request the lab answers, shows each tool's ceiling closest to the physical limit.
 * Per run: achieved req/s, p50/p99 as the tool reports them, CPU seconds of the tool's process tree per
 * 10,000 requests (GNU time's rusage, see lib/proc.ts), peak RSS.
 *
 * One lab serves every run, so each generator meets the same server; the runs go one after another, never
 * at the same time.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { artilleryGenerator } from '../generators/artillery.ts';
import { autocannonGenerator } from '../generators/autocannon.ts';
import { heyGenerator } from '../generators/hey.ts';
import { k6BareGenerator } from '../generators/k6-bare.ts';
import { loadgateDashboardGenerator, loadgateGenerator, loadgateNoOutputsGenerator } from '../generators/loadgate.ts';
import { locustGenerator } from '../generators/locust.ts';
import { endpointLabel, type Endpoint, type Generator, type GeneratorRun, type LoadShape } from '../generators/types.ts';
import { wrkGenerator } from '../generators/wrk.ts';
import { LAB_BACKEND, LAB_VM, withLab } from '../lib/lab.ts';
import { fmt, mib } from '../lib/report.ts';
import { cpuPer10k, generatorTargets, reqPerSecond, wrkNote } from './generator-targets.ts';
import { emptyBody, type BenchContext, type SectionBody } from './context.ts';

const GENERATORS: readonly Generator[] = [
  loadgateGenerator,
  loadgateDashboardGenerator,
  loadgateNoOutputsGenerator,
  k6BareGenerator,
  wrkGenerator,
  heyGenerator,
  autocannonGenerator,
  locustGenerator,
  artilleryGenerator,
];

/** A fixed-rate run counts as delivered at ≥ 95 % of the planned rate. */
const DELIVERED = 0.95;

/** Chat first: its loadgate row decides the common rate that every later row uses. */
const ENDPOINT_ORDER: readonly Endpoint[] = ['chat', 'health'];

export interface ShapeRow {
  endpoint: Endpoint;
  shape: LoadShape;
  run?: GeneratorRun;
  error?: string;
}

export interface GeneratorResult {
  name: string;
  version: string;
  rateNote: string;
  unavailable?: string;
  /** Why it has no rows for some endpoint. */
  notApplicable?: string;
  endpoints: readonly Endpoint[];
  rows: ShapeRow[];
}

export function shapes(quick: boolean): { rate: LoadShape; max: LoadShape } {
  return quick
    ? { rate: { kind: 'rate', rate: 500, seconds: 5 }, max: { kind: 'max', connections: 50, seconds: 5 } }
    : { rate: { kind: 'rate', rate: 2000, seconds: 20 }, max: { kind: 'max', connections: 50, seconds: 15 } };
}

function shapeLabel(s: LoadShape): string {
  return s.kind === 'rate' ? `${fmt(s.rate)} req/s × ${s.seconds} s` : `max, ${s.connections} conns × ${s.seconds} s`;
}

async function runOne(g: Generator, endpoint: Endpoint, shape: LoadShape, workDir: string, log: BenchContext['log']): Promise<ShapeRow> {
  log(`generators: ${g.name}, ${endpointLabel(endpoint)}, ${shapeLabel(shape)}`);
  try {
    const run = await g.run(shape, { baseUrl: LAB_BACKEND, vm: LAB_VM, endpoint }, workDir);
    const rps = reqPerSecond(run);
    log(`generators: ${g.name}: ${fmt(rps)} req/s, ${fmt(cpuPer10k(run), 2)} CPU s / 10k`);
    return { endpoint, shape, run };
  } catch (err) {
    return { endpoint, shape, error: err instanceof Error ? err.message : String(err) };
  }
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

function find(results: GeneratorResult[], g: Generator, kind: LoadShape['kind'], endpoint: Endpoint = 'chat'): GeneratorRun | undefined {
  return results.find((r) => r.name === g.name)?.rows.find((row) => row.endpoint === endpoint && row.shape.kind === kind)?.run;
}

function tableRows(results: GeneratorResult[], endpoint: Endpoint): string[][] {
  const rows: string[][] = [];
  for (const g of results) {
    if (g.unavailable !== undefined) {
      rows.push([g.name, g.version, '—', 'not available', '', '', '', '', '', g.unavailable]);
      continue;
    }
    if (!g.endpoints.includes(endpoint)) {
      rows.push([g.name, g.version, '—', 'not applicable', '', '', '', '', '', g.notApplicable ?? '']);
      continue;
    }
    for (const row of g.rows.filter((r) => r.endpoint === endpoint)) {
      const r = row.run;
      const label = shapeLabel(row.shape);
      if (!r) {
        rows.push([g.name, g.version, label, 'failed', '', '', '', '', '', row.error ?? '']);
        continue;
      }
      const notes = [...(row.shape.kind === 'rate' ? [g.rateNote] : []), ...r.notes];
      rows.push([
        g.name,
        g.version,
        label,
        fmt(reqPerSecond(r)),
        fmt(r.errors),
        fmt(r.p50Ms, 2),
        fmt(r.p99Ms, 2),
        fmt(cpuPer10k(r), 2),
        mib(r.peakRssBytes),
        notes.join('; '),
      ]);
    }
  }
  return rows;
}

/** Where loadgate's CPU per request goes, from the reference rows (fixed-rate row). */
function costSplit(results: GeneratorResult[]): string | undefined {
  const cpu = (g: Generator): number | undefined => {
    const r = find(results, g, 'rate');
    return r ? cpuPer10k(r) : undefined;
  };
  const [full, dashboard, noOut, bare, wrk, locust] = [
    loadgateGenerator,
    loadgateDashboardGenerator,
    loadgateNoOutputsGenerator,
    k6BareGenerator,
    wrkGenerator,
    locustGenerator,
  ].map(cpu);
  if (full === undefined || noOut === undefined || bare === undefined) return undefined;
  const times = (a: number, b: number | undefined): string => (b === undefined || b === 0 ? '?' : `${fmt(a / b, 1)}×`);
  const dash = dashboard === undefined ? '' : ` (\`--dashboard\` would add ${fmt(dashboard - full, 2)})`;
  return `Where loadgate's ${fmt(full, 2)} CPU s / 10k req go (fixed-rate rows): raw samples ${fmt(full - noOut, 2)}${dash}, the chat script's own work (uuid, the answer's check, tags, custom metrics, the answer read as text) ${fmt(noOut - bare, 2)}, k6 itself with a one-line script ${fmt(bare, 2)} — k6 alone is ${times(bare, wrk)} wrk's and ${times(bare, locust)} Locust's cost per request here. (Differences between separate runs carry their noise.)`;
}

/** What the health rows say: k6's own ceiling and cost on the cheapest request, against wrk's. */
function healthNote(results: GeneratorResult[]): string | undefined {
  const wrkMax = find(results, wrkGenerator, 'max', 'health');
  const k6Max = find(results, k6BareGenerator, 'max', 'health');
  const wrkRate = find(results, wrkGenerator, 'rate', 'health');
  const k6Rate = find(results, k6BareGenerator, 'rate', 'health');
  if (!wrkMax || !k6Max || !wrkRate || !k6Rate) return undefined;
  const ceiling = ratio(reqPerSecond(k6Max), reqPerSecond(wrkMax));
  const cost = ratio(cpuPer10k(k6Rate), cpuPer10k(wrkRate));
  return `GET /api/health (no body, no Redis at the lab): k6 with a bare script reached ${fmt(ceiling === undefined ? undefined : ceiling * 100)} % of wrk's maximum (${fmt(reqPerSecond(k6Max))} vs ${fmt(reqPerSecond(wrkMax))} req/s) at ${fmt(cost, 1)}× wrk's CPU per request at the fixed rate. The targets above are judged on POST /api/chat, the load loadgate's scenarios make.`;
}

export async function generatorsSection(ctx: BenchContext): Promise<SectionBody> {
  const body = emptyBody();
  const planned = shapes(ctx.quick);
  const { max } = planned;
  let rate = planned.rate;
  let scaledDown: string | undefined;
  const workDir = join(ctx.workDir, 'generators');
  await mkdir(workDir, { recursive: true });
  const results: GeneratorResult[] = [];
  await withLab({ zeroDelay: true }, ctx.log, async () => {
    for (const endpoint of ENDPOINT_ORDER) {
      for (const g of GENERATORS) {
        let result = results.find((r) => r.name === g.name);
        if (result === undefined) {
          result = { name: g.name, version: await g.version().catch(() => '?'), rateNote: g.rateNote, endpoints: g.endpoints, rows: [] };
          if (g.notApplicable !== undefined) result.notApplicable = g.notApplicable;
          const why = await g.unavailable();
          if (why !== undefined) {
            result.unavailable = why;
            ctx.log(`generators: ${g.name} not available: ${why}`);
          }
          results.push(result);
        }
        if (result.unavailable !== undefined || !g.endpoints.includes(endpoint)) continue;
        let first = await runOne(g, endpoint, rate, workDir, ctx.log);
        await sleep(1000);
        // The common rate must be one loadgate can deliver here: if the first try falls short, halve it once
        // (for every tool) and say so, rather than compare tools at a rate none of them reached.
        const got = first.run ? reqPerSecond(first.run) : undefined;
        if (g === loadgateGenerator && rate.kind === 'rate' && got !== undefined && got < rate.rate * DELIVERED) {
          scaledDown = `At ${fmt(rate.rate)} req/s loadgate delivered only ${fmt(got)} req/s on this machine (CPU ${fmt(first.run ? cpuPer10k(first.run) : undefined, 2)} s / 10k req), so the common rate was scaled down to ${fmt(rate.rate / 2)} req/s for every tool.`;
          ctx.log(`generators: ${scaledDown}`);
          rate = { ...rate, rate: rate.rate / 2 };
          first = await runOne(g, endpoint, rate, workDir, ctx.log);
          await sleep(1000);
        }
        result.rows.push(first, await runOne(g, endpoint, max, workDir, ctx.log));
        // Let the lab's sockets in TIME_WAIT and its Redis settle before the next tool starts.
        await sleep(1000);
      }
    }
  });
  const columns = ['generator', 'version', 'load', 'achieved req/s', 'errors', 'p50 ms', 'p99 ms', 'CPU s / 10k req', 'peak RSS', 'notes'];
  for (const endpoint of ENDPOINT_ORDER) body.tables.push({ title: endpointLabel(endpoint), columns, rows: tableRows(results, endpoint) });
  body.targets.push(...generatorTargets(results));
  if (scaledDown !== undefined) body.notes.push(scaledDown);
  const split = costSplit(results);
  if (split !== undefined) body.notes.push(split);
  const wrk = wrkNote(results);
  if (wrk !== undefined) body.notes.push(wrk);
  const health = healthNote(results);
  if (health !== undefined) body.notes.push(health);
  const delivered = find(results, loadgateGenerator, 'rate');
  const rateShape = rate.kind === 'rate' ? rate.rate : 0;
  const got = delivered ? reqPerSecond(delivered) : undefined;
  body.notes.push(
    `Fixed rate: ${shapeLabel(rate)} on each endpoint, zero simulated delay; maximum: ${shapeLabel(max)} (closed model: ${max.kind === 'max' ? max.connections : 0} connections or VUs). Generator, lab and the lab's redis-server share 2 cores, so a generator's own CPU use lowers what the lab can answer: the maximum is a ceiling of the pair, not of the tool.`,
    got !== undefined && got < rateShape * DELIVERED
      ? `loadgate delivered ${fmt(got)} of ${fmt(rateShape)} req/s: this machine could not hold the planned rate.`
      : `loadgate held the planned rate (${fmt(got)} req/s).`,
    'wrk, hey, autocannon and Locust pace their fixed-rate rows per connection (closed loop, see each note); only k6 (and Artillery) have a true open model. CPU per request is comparable across them; latency under pacing is not free of coordinated omission.',
    "loadgate's row is k6 as the orchestrator's runner runs it: the real chat scenario (a check of every answer, tags, custom metrics), raw samples to samples.json.gz. Three reference rows split its cost: the same with the opt-in web-dashboard export (what `run --dashboard` costs), the same chat script without the raw-sample file (what the samples cost), and the same k6 binary with a bare one-line script and no outputs (what the script's check, tags and custom metrics cost); what is left is k6's own JavaScript VM per VU.",
  );
  body.data['generators'] = results;
  return body;
}
