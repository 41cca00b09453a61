/**
 * The k6 judge's view of a distributed scenario (one K6SegmentFacts per generator): each generator's CPU judged
 * against the cores of *its* host — one at the saturation bar makes the load INVALID and is named — the start
 * skew and clock offsets that deserve a warning, and the per-generator table for verdict.json's details.
 */
import type { ScenarioRecord } from '../../record.ts';
import type { K6SegmentFacts } from './facts.ts';
import type { GeneratorRow } from '../../scenario-result.ts';

/** CPU use of a generator, as a share of its host's cores, at which its timings are no longer trustworthy. */
export const CPU_SATURATION = 0.9;
/** A generator clock further off than this makes its sample timestamps disagree with the others'. */
export const CLOCK_OFFSET_WARN_MS = 100;
/** Instances resumed further apart than this did not start together. */
export const START_SKEW_WARN_MS = 100;

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function cpuShare(s: K6SegmentFacts): number | undefined {
  return s.cpuSeconds !== undefined && s.wallSeconds !== undefined && s.wallSeconds > 0 && s.cores > 0
    ? round(s.cpuSeconds / s.wallSeconds / s.cores)
    : undefined;
}

export interface SegmentCpu {
  /** The busiest generator's share, when any was measured. */
  share?: number;
  reasons: string[];
  untrustworthy: boolean;
}

export function segmentCpu(record: ScenarioRecord): SegmentCpu {
  const out: SegmentCpu = { reasons: [], untrustworthy: false };
  for (const s of record.k6?.segments ?? []) {
    const share = cpuShare(s);
    if (share === undefined) continue;
    out.share = Math.max(out.share ?? 0, share);
    if (share >= CPU_SATURATION) {
      out.untrustworthy = true;
      out.reasons.push(
        `generator ${s.generator} (${s.host}): k6 used ${Math.round(share * 100)} % of its ${s.cores} cores: its timings are not trustworthy`,
      );
    }
  }
  return out;
}

export function segmentWarnings(record: ScenarioRecord): string[] {
  const k6 = record.k6;
  const warnings: string[] = [];
  if (k6?.startSkewMs !== undefined && k6.startSkewMs > START_SKEW_WARN_MS)
    warnings.push(
      `${record.id}: its ${k6.segments?.length ?? 0} generators were resumed ${k6.startSkewMs} ms apart (over ${START_SKEW_WARN_MS} ms)`,
    );
  for (const s of k6?.segments ?? [])
    if (Math.abs(s.clockOffsetMs) > CLOCK_OFFSET_WARN_MS)
      warnings.push(
        `${record.id}: generator ${s.generator}'s clock is ${s.clockOffsetMs} ms off the orchestrator's (over ${CLOCK_OFFSET_WARN_MS} ms): its sample times were moved by that measured offset, so they are only as exact as the measurement`,
      );
  return warnings;
}

/** One row per generator: what verdict.json, report.md, report.html and junit.xml show. */
export function generatorRows(record: ScenarioRecord): GeneratorRow[] {
  return (record.k6?.segments ?? []).map((s) => ({
    generator: s.generator,
    host: s.host,
    segment: s.segment,
    vus: s.vus,
    requests: s.requests ?? null,
    iterations: s.summary['iterations']?.['count'] ?? null,
    cpu: cpuShare(s) ?? null,
    cores: s.cores,
    clockOffsetMs: s.clockOffsetMs,
    k6Version: s.k6Version,
    exitCode: s.exitCode,
    outcome: s.outcome,
  }));
}
