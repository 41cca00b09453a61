/**
 * The probe engine: loadgate's own native probes (probes/redis.ts, mixed.ts, cross-vm.ts, dispatched by
 * probes/index.ts) run in this process. A probe's reach is its Redis (required before any load) and the
 * cross-vm checks (whose being down is the probe's finding).
 */
import type { ProbePlan } from '../../plan/types.ts';
import { runProbe } from '../../probes/index.ts';
import type { Engine } from '../engine.ts';
import { liveMetricsFor } from '../live-metrics.ts';
import { probeJudge } from './judge.ts';
import { alsoTo, probeRow } from './live-row.ts';

export const probeEngine: Engine<ProbePlan> = {
  name: 'probe',
  reach(plan) {
    const checks = plan.checks ?? [];
    return {
      hosts: [...(plan.redis ? [plan.redis.host] : []), ...checks.map((c) => c.host)],
      required: plan.redis ? [{ label: `${plan.redis.vm}/redis`, host: plan.redis.host, port: plan.redis.port }] : [],
      checked: checks.map((c) => ({ label: `${c.vm}/${c.service}`, host: c.host, port: c.port })),
    };
  },
  prepare() {
    return Promise.resolve({
      async run(plan, ctx) {
        // The same start/end lines as a k6 scenario, so a watcher (a human, a test) knows what is running.
        ctx.progress(`probe ${plan.id}: started`);
        const began = performance.now();
        // A probe is planned in operations, not time: its row shows the time it has run, and from its samples
        // as they are written its operations/s, failures and p95 so far (live-row.ts).
        ctx.live?.start(plan.id, `probe ${plan.id}`, undefined);
        const metrics = alsoTo(
          liveMetricsFor(ctx, plan.id),
          ctx.live === undefined ? undefined : probeRow(ctx.live, plan.id, plan.scenario),
        );
        const record = await runProbe(plan, metrics ? { ...ctx, metrics } : ctx).finally(() => ctx.live?.end(plan.id));
        const problems = record.errors.length + record.faults.length;
        ctx.progress(
          `probe ${plan.id}: ${record.aborted ? 'interrupted' : 'done'} after ${((performance.now() - began) / 1000).toFixed(1)} s` +
            `${problems > 0 ? `, ${problems} problem(s)` : ''}`,
        );
        return record;
      },
    });
  },
  judge: probeJudge,
};
