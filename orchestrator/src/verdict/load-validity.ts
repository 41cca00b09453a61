/**
 * Load validity: did the scenario deliver the load its profile asked for? A run that did not (VUs not
 * reached, iterations missing, arrival-rate iterations dropped, rate not reached, the generator's CPU
 * saturated) measured something else than what was asked, so it is INVALID — never a pass.
 */
import { availableParallelism } from 'node:os';
import { CATALOG } from '../catalog.ts';
import type { ScenarioRecord } from '../run/record.ts';
import type { LoadReport } from '../scenario-result.ts';
import type { MetricStats } from './types.ts';

/** Share of the planned arrival rate that must be reached (k6 starts and ends a little off the grid). */
const RATE_TOLERANCE = 0.9;
/** CPU use of the generator, as a share of every core, at which its timings are no longer trustworthy. */
const CPU_SATURATION = 0.9;

export function checkLoad(record: ScenarioRecord, metrics: Record<string, MetricStats>, cores = availableParallelism()): LoadReport {
  const intended = { ...record.intended };
  const achieved: Record<string, number> = {};
  const reasons: string[] = [];
  let untrustworthy = false;
  const wall = (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000;
  if (Number.isFinite(wall) && wall > 0) achieved['durationSeconds'] = round(wall);

  if (record.engine === 'k6') {
    // k6 samples its `vus` gauge once a second, so a run shorter than that may show none; the library's
    // `loadgate_vu_started` has one sample per VU that ran (k6/lib/http.ts): the larger of the two is reached.
    const vus = Math.max(metrics['vus']?.max ?? 0, metrics['loadgate_vu_started']?.count ?? 0);
    achieved['vus'] = vus;
    const iterations = metrics['iterations']?.count ?? 0;
    achieved['iterations'] = iterations;
    const dropped = metrics['dropped_iterations']?.count ?? 0;
    achieved['droppedIterations'] = dropped;
    const reqs = metrics['http_reqs']?.count ?? 0;
    achieved['requests'] = reqs;
    if (wall > 0) achieved['requestRate'] = round(reqs / wall);

    if (intended['vus'] !== undefined && intended['rate'] === undefined && vus < intended['vus'])
      reasons.push(`reached ${vus} of ${intended['vus']} planned VUs`);
    // Arrival-rate executors are judged by their rate below (with its tolerance), not an exact iteration count.
    if (intended['iterations'] !== undefined && intended['rate'] === undefined && iterations < intended['iterations'])
      reasons.push(`completed ${iterations} of ${intended['iterations']} planned iterations`);
    if (intended['rate'] !== undefined) {
      if (dropped > 0) reasons.push(`${dropped} iterations dropped: the arrival rate of ${intended['rate']}/s was not sustained`);
      const seconds = intended['durationSeconds'] ?? wall;
      if (seconds > 0) {
        const rate = iterations / seconds;
        achieved['iterationRate'] = round(rate);
        if (rate < intended['rate'] * RATE_TOLERANCE)
          reasons.push(`achieved ${round(rate)} iterations/s of the planned ${intended['rate']}/s`);
      }
    }
    const cpu = record.k6?.cpuSeconds;
    const k6Wall = record.k6?.wallSeconds;
    if (cpu !== undefined && k6Wall !== undefined && k6Wall > 0) {
      const share = cpu / k6Wall / cores;
      achieved['generatorCpu'] = round(share);
      if (share >= CPU_SATURATION) {
        untrustworthy = true;
        reasons.push(`the load generator (k6) used ${Math.round(share * 100)} % of ${cores} cores: its timings are not trustworthy`);
      }
    }
  } else {
    // A probe attempts a known number of operations, each leaving one sample in its outcome metric (a failed
    // one too: failures are for the criteria, this only checks the load was attempted in full).
    const spec = CATALOG[record.scenario]?.operations;
    const planned = spec ? intended[spec.intended] : undefined;
    if (spec && planned !== undefined) {
      const attempted = metrics[spec.metric]?.count ?? 0;
      achieved[spec.intended] = attempted;
      if (attempted < planned) reasons.push(`attempted ${attempted} of ${planned} planned ${spec.intended}`);
    }
  }
  return { intended, achieved, valid: reasons.length === 0, reasons, ...(untrustworthy ? { untrustworthy: true as const } : {}) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
