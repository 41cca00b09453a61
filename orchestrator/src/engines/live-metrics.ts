/** The live metrics of one scenario of a run: the run's sink with the labels every metric carries. */
import type { LiveMetrics } from '../samples/tee.ts';
import type { EngineRunContext } from './engine.ts';

/** Undefined when the run pushes nowhere (no prometheus-rw output): the probes and the canary write their files only. */
export function liveMetricsFor(ctx: Pick<EngineRunContext, 'runId' | 'outputs'>, scenario: string): LiveMetrics | undefined {
  const sink = ctx.outputs?.sink;
  if (sink === undefined || ctx.outputs === undefined) return undefined;
  // This process is the generator of everything it pushes: the probes and the canary run here.
  return { sink, labels: { run_id: ctx.runId, scenario, profile: ctx.outputs.profile, generator: 'local' } };
}
