/**
 * One segment of a distributed scenario as the record keeps it (K6SegmentFacts): its exit code read as an
 * outcome, its pulled files made whole, its own summary, CPU, host cores, clock offset and samples (their times
 * moved onto the orchestrator's clock by that offset); and the
 * scenario's outcome as the worst of its segments.
 */
import { access, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SegmentPlan } from '../../plan/types.ts';
import type { K6Outcome, K6SegmentFacts } from './facts.ts';
import { outcomeOf } from './outcome.ts';
import { completeArtifacts } from './salvage.ts';
import { parseK6Summary } from './summary.ts';
import { shiftSampleFile } from '../../samples/shift.ts';
import type { CoordinateResult, InstanceOutcome } from './remote/coordinate.ts';
import type { ReadyGenerator } from './remote/generators.ts';

/** k6's exit code when its test was stopped through the REST API. */
const STOPPED_BY_API = 103;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Worst first: the scenario's outcome is its worst segment's. */
const SEVERITY: readonly K6Outcome[] = [
  'not-started',
  'crashed',
  'invalid-config',
  'script-error',
  'setup-timeout',
  'timeout',
  'external-abort',
  'marked-failed',
  'script-aborted',
  'thresholds-failed',
  'ok',
];

export function worstOutcome(outcomes: readonly K6Outcome[]): K6Outcome {
  return SEVERITY.find((o) => outcomes.includes(o)) ?? 'not-started';
}

/** A segment's exit code as an outcome: 103 is our own stop (another failed, the time was up, or an interrupt). */
export function segmentOutcome(exitCode: number, result: Pick<CoordinateResult, 'aborted' | 'timedOut'>): K6Outcome {
  if (exitCode === STOPPED_BY_API || (result.aborted && exitCode !== 0)) {
    if (result.aborted) return 'external-abort';
    // Stopped because the time was up, or because another generator failed (whose own outcome is the worse).
    return result.timedOut === true ? 'timeout' : 'external-abort';
  }
  return outcomeOf({ exitCode, signal: null, spawnFailed: false });
}

async function readSegmentSummary(path: string): Promise<K6SegmentFacts['summary'] | undefined> {
  try {
    return parseK6Summary(JSON.parse(await readFile(path, 'utf8')) as unknown)?.summary;
  } catch {
    return undefined;
  }
}

export interface Placed {
  s: SegmentPlan;
  g: ReadyGenerator;
}

export async function segmentFacts(
  p: Placed,
  out: InstanceOutcome,
  result: CoordinateResult,
  dir: string,
  runDir: string,
): Promise<K6SegmentFacts> {
  const gdir = join(dir, p.g.name);
  const outcome = segmentOutcome(out.exitCode, result);
  const errors = [...out.errors];
  if (out.pulled) errors.push(...(await completeArtifacts((f) => join(gdir, f), outcome === 'crashed')).map((e) => `${p.g.name}: ${e}`));
  const summary = out.pulled ? await readSegmentSummary(join(gdir, 'summary.json')) : undefined;
  if (summary === undefined && outcome === 'ok') errors.push(`k6 on ${p.g.name} ended without writing its summary`);
  const samplesFile = join(gdir, 'samples.json.gz');
  const samples = (await exists(samplesFile)) ? [relative(runDir, samplesFile)] : [];
  // The generator's clock runs clockOffsetMs ahead of ours: its sample times are moved back by as much, so the
  // windows and stages computed from them are on the orchestrator's clock, like every other generator's.
  const clockOffsetMs = Math.round(p.g.clock.offsetMs);
  if (samples.length > 0 && clockOffsetMs !== 0)
    await shiftSampleFile(samplesFile, -clockOffsetMs).catch((e: unknown) =>
      errors.push(`${p.g.name}: its samples could not be put on the orchestrator's clock: ${e instanceof Error ? e.message : String(e)}`),
    );
  const requests = summary?.['http_reqs']?.['count'];
  const wall = out.resumedAt !== undefined && out.endedAt !== undefined ? (out.endedAt - out.resumedAt) / 1000 : undefined;
  return {
    generator: p.g.name,
    host: p.g.host.where(),
    segment: p.s.segment.value,
    vus: p.s.load.vus,
    exitCode: out.exitCode,
    outcome,
    summary: summary ?? {},
    ...(requests === undefined ? {} : { requests }),
    ...(out.cpuSeconds === undefined ? {} : { cpuSeconds: out.cpuSeconds }),
    ...(wall === undefined ? {} : { wallSeconds: wall }),
    cores: p.g.cores,
    clockOffsetMs,
    k6Version: p.g.k6Version,
    ...(out.resumeSentAt === undefined ? {} : { resumedAt: new Date(out.resumeSentAt).toISOString() }),
    samples,
    errors,
  };
}
