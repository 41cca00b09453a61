/**
 * Duration criteria over FIR flows (end to end, batch) time only completed flows. When flows failed and
 * such a criterion got no sample, it says so — "n/a: 10 of 10 flows failed" — instead of a bare "no data",
 * and it is never a pass.
 */
import type { CriterionVerdict, MetricStats } from './types.ts';

const FLOW_DURATIONS: ReadonlySet<string> = new Set(['fir_e2e_duration', 'fir_batch_duration']);

export function markFailedFlows(criteria: CriterionVerdict[], metrics: Readonly<Record<string, MetricStats>>): void {
  const flows = metrics['fir_completed'];
  if (!flows || flows.rate === undefined) return;
  const failed = flows.count - Math.round(flows.rate * flows.count);
  if (failed === 0) return;
  for (const c of criteria) {
    if (!FLOW_DURATIONS.has(c.metric) || c.samples > 0) continue;
    c.ok = null;
    c.observed = null;
    c.note = `n/a: ${failed} of ${flows.count} flows failed`;
  }
}
