/**
 * A probe's row on the live board, fed by the probe's own samples as they are written (a sink on its sample
 * writer, samples/tee.ts): operations per second, failed operations and the p95 of its latency so far, read from
 * the kind's descriptor (`report.latency`, `requests`, `failed` / `succeeded`). The p95 comes from a bounded
 * sketch (stats/sketch.ts, within 1 %): the row costs the same at 20 operations or 20 million. The verdict never
 * reads it; it reads the samples.
 */
import { CATALOG } from '../../catalog.ts';
import { QuantileSketch } from '../../stats/sketch.ts';
import type { LiveMetrics, SamplePoint, SampleSink } from '../../samples/tee.ts';
import type { LiveSink } from '../live.ts';

/** The row is recomputed at most this often (a probe may write thousands of points a second). */
const UPDATE_MS = 250;

export function probeRow(live: LiveSink, id: string, kind: string, now: () => number = Date.now): SampleSink {
  const report = CATALOG[kind]?.report;
  const latency = report?.latency[0];
  const sketch = new QuantileSketch();
  const started = now();
  let ops = 0;
  let errors = 0;
  let shown = 0;
  return {
    offer(p: SamplePoint) {
      if (p.metric === latency) sketch.add(p.value);
      else if (p.metric === report?.requests) ops += p.value;
      else if (p.metric === report?.failed) {
        // One failure-rate point per operation: the operations themselves when nothing else counts them.
        if (report.requests === undefined) ops++;
        if (p.value !== 0) errors++;
      } else if (p.metric === report?.succeeded) {
        ops++;
        if (p.value === 0) errors++;
      } else return;
      const t = now();
      if (t - shown < UPDATE_MS) return;
      shown = t;
      const seconds = (t - started) / 1000;
      const p95 = sketch.quantile(0.95);
      live.update(id, {
        ...(seconds > 0 ? { rate: { perSecond: ops / seconds, unit: 'ops/s' as const } } : {}),
        errors,
        ...(p95 === undefined ? {} : { p95Ms: p95 }),
      });
    },
  };
}

/** The run's live metrics (a remote write) and the board's row, both fed from the one sample writer. */
export function alsoTo(metrics: LiveMetrics | undefined, row: SampleSink | undefined): LiveMetrics | undefined {
  if (row === undefined) return metrics;
  if (metrics === undefined) return { sink: row, labels: {} };
  return {
    labels: metrics.labels,
    sink: {
      offer(p) {
        metrics.sink.offer(p);
        row.offer(p);
      },
    },
  };
}
