/**
 * fir-concurrency's batch durations, derived after k6 ends from its raw samples (k6 VUs share no state,
 * so no script can time a whole batch). A round's batch runs from the earliest start of a `process` step
 * (sample time − duration) to the latest `fir_completed` sample (each flow's end, success or failure) of
 * that round. Only a round whose every flow completed is a batch: a batch of N FIRs is N FIRs made, and a
 * round of flows that failed fast would otherwise pass `fir_batch_duration max<35000` on no work at all.
 * The result is written as extra raw samples (fir_batch_duration{round}) in k6's JSON format.
 */
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { visitPoints } from '../../samples/reader.ts';

export interface Batch {
  round: string;
  startMs: number;
  endMs: number;
  flows: number;
  /** Flows of the round that did not complete. */
  failed: number;
}

interface Point {
  metric: string;
  timeMs: number;
  value: number;
  tags: Readonly<Record<string, string>>;
}

/** Folds one sample into the per-round batches. Pure. */
export function foldBatch(batches: Map<string, Batch>, p: Point): void {
  const round = p.tags['round'];
  if (typeof round !== 'string') return;
  const b = batches.get(round) ?? { round, startMs: Infinity, endMs: -Infinity, flows: 0, failed: 0 };
  if (p.metric === 'fir_step_duration' && p.tags['step'] === 'process') b.startMs = Math.min(b.startMs, p.timeMs - p.value);
  if (p.metric === 'fir_completed') {
    b.endMs = Math.max(b.endMs, p.timeMs);
    b.flows++;
    if (p.value === 0) b.failed++;
  }
  batches.set(round, b);
}

/** The batches of a k6 samples file, read by the one sample reader (only the two metrics they need). */
export async function batchesFromSamples(samplesGz: string): Promise<Batch[]> {
  return batchesFromFiles([samplesGz]);
}

/**
 * Batches over several sample files — one per generator of a distributed scenario: a round's flows run on every
 * generator, so its batch is folded from all of them before it is judged complete.
 */
export async function batchesFromFiles(samplesGz: readonly string[]): Promise<Batch[]> {
  const batches = new Map<string, Batch>();
  await visitPoints(samplesGz, ['fir_step_duration', 'fir_completed'], (metric, { time, value, tags }) => {
    const timeMs = Date.parse(time);
    if (!Number.isNaN(timeMs)) foldBatch(batches, { metric, timeMs, value, tags });
  });
  return completeBatches(batches);
}

/** The rounds that are batches: timed, and every flow completed. Pure. */
export function completeBatches(batches: ReadonlyMap<string, Batch>): Batch[] {
  return [...batches.values()]
    .filter((b) => b.failed === 0 && Number.isFinite(b.startMs) && Number.isFinite(b.endMs) && b.endMs >= b.startMs)
    .sort((a, b) => Number(a.round) - Number(b.round));
}

/** k6 JSON-output lines for the batches: one Metric declaration, then one Point per round. Pure. */
export function batchSampleLines(batches: readonly Batch[], globalTags: Record<string, string>): string[] {
  const lines = [
    JSON.stringify({
      type: 'Metric',
      data: { name: 'fir_batch_duration', type: 'trend', contains: 'time', thresholds: [], submetrics: null },
      metric: 'fir_batch_duration',
    }),
  ];
  for (const b of batches)
    lines.push(
      JSON.stringify({
        metric: 'fir_batch_duration',
        type: 'Point',
        data: { time: new Date(b.endMs).toISOString(), value: b.endMs - b.startMs, tags: { ...globalTags, round: b.round } },
      }),
    );
  return lines;
}

export async function writeBatchSamples(path: string, batches: readonly Batch[], globalTags: Record<string, string>): Promise<void> {
  await writeFile(path, gzipSync(`${batchSampleLines(batches, globalTags).join('\n')}\n`));
}
