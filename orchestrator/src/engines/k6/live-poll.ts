/**
 * The live board's k6 figures from k6's own REST API (`GET /v1/metrics`): what k6 has aggregated so far, read
 * while it runs — the kind's headline latency p95 (its descriptor's `report.latency`, the first one k6 has
 * observed), requests per second and failed requests (`report.requests`, `report.failed`), VUs and iterations.
 * One instance on this machine, or one per generator: counts add up; a p95 cannot be merged from p95s, but the
 * merged one is never above the highest of them (each instance has ≥ 95 % of its samples at or below it), so a
 * distributed row shows that highest one as a bound (`p95 ≤ …`). The run's verdict comes from the samples, never
 * from here: these figures only tell a person watching how it goes.
 */
import { CATALOG } from '../../catalog.ts';
import type { LiveFigures, LiveSink } from '../live.ts';
import type { K6Api, K6Metrics } from './remote/k6-rest.ts';

/** How often the board asks (one small call per instance; k6 takes its metrics lock only to copy them). */
export const LIVE_POLL_MS = 1_000;
/** A call that has no answer within this is skipped: the next poll asks again. */
const LIVE_CALL_TIMEOUT_MS = 900;

/** One instance's figures: what its metrics say, for the kind's headline metrics. */
export function figuresOf(kind: string, metrics: K6Metrics): LiveFigures {
  const report = CATALOG[kind]?.report;
  const out: LiveFigures = {};
  const latency = report?.latency.find((m) => metrics[m]?.['p(95)'] !== undefined);
  const p95 = latency === undefined ? undefined : metrics[latency]?.['p(95)'];
  if (p95 !== undefined) out.p95Ms = p95;
  const requests = report?.requests === undefined ? undefined : metrics[report.requests];
  if (requests?.['count'] !== undefined) {
    out.rate = { perSecond: requests['rate'] ?? 0, unit: 'req/s' };
    const failed = report?.failed === undefined ? undefined : metrics[report.failed]?.['rate'];
    // A rate metric with one sample per request (http_req_failed for every k6 kind): failed requests so far.
    if (failed !== undefined) out.errors = Math.round(failed * requests['count']);
  }
  const vus = metrics['vus']?.['value'];
  if (vus !== undefined) out.vus = vus;
  const maxVus = metrics['vus_max']?.['value'];
  if (maxVus !== undefined) out.maxVus = maxVus;
  const iterations = metrics['iterations']?.['count'];
  if (iterations !== undefined) out.iterations = iterations;
  return out;
}

/** Several instances' figures as one row: counts and rates summed, the p95 the highest of theirs (a bound). */
export function mergeFigures(parts: readonly LiveFigures[]): LiveFigures {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const sum = (pick: (f: LiveFigures) => number | undefined): number | undefined => {
    const xs = parts.map(pick).filter((x): x is number => x !== undefined);
    return xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0);
  };
  const out: LiveFigures = {};
  const vus = sum((f) => f.vus);
  if (vus !== undefined) out.vus = vus;
  const maxVus = sum((f) => f.maxVus);
  if (maxVus !== undefined) out.maxVus = maxVus;
  const iterations = sum((f) => f.iterations);
  if (iterations !== undefined) out.iterations = iterations;
  const errors = sum((f) => f.errors);
  if (errors !== undefined) out.errors = errors;
  const rate = sum((f) => f.rate?.perSecond);
  if (rate !== undefined) out.rate = { perSecond: rate, unit: 'req/s' };
  const p95s = parts.flatMap((f) => (f.p95Ms === undefined ? [] : [f.p95Ms]));
  if (p95s.length > 0) {
    out.p95Ms = Math.max(...p95s);
    out.p95Bound = true;
  }
  return out;
}

/**
 * Feeds row `id` of the board from `apis` every LIVE_POLL_MS until stopped; `pick` keeps only the figures this
 * source owns (a local run's VUs and iterations come from k6's status lines). One poll in flight at a time;
 * an instance that does not answer (not started yet, already gone) is left out of that poll.
 */
export function pollLive(
  live: LiveSink,
  id: string,
  kind: string,
  apis: () => ReadonlyArray<K6Api | undefined>,
  pick: (f: LiveFigures) => LiveFigures = (f) => f,
): { stop(): void } {
  let busy = false;
  let stopped = false;
  const poll = async (): Promise<void> => {
    if (busy || stopped) return;
    busy = true;
    try {
      const answers = await Promise.all(
        apis().map(async (api) => (api === undefined ? undefined : api.metrics(LIVE_CALL_TIMEOUT_MS).catch(() => undefined))),
      );
      const parts = answers.filter((m): m is K6Metrics => m !== undefined).map((m) => figuresOf(kind, m));
      if (parts.length > 0 && !stopped) live.update(id, pick(mergeFigures(parts)));
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), LIVE_POLL_MS);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
