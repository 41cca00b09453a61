/**
 * The cross-VM probe: every service of every VM in the inventory checked concurrently by its own kind
 * (checks.ts). Samples: vm_check_duration{vm,service,kind} and vm_reachable{vm,service,kind,critical,reason}
 * (1 = answered as expected; `reason` only on failures). Criteria: reachable ≥ 50 % and every critical
 * service up (`vm_reachable{critical:true}` rate == 1).
 */
import { ProbeError } from '../errors.ts';
import { type ProbeContext, type ProbeOutcome, countBy, round2 } from './context.ts';
import { runCheck } from './checks.ts';
import { pinnedAddress } from '../safety/loopback.ts';

export async function crossVmProbe(ctx: ProbeContext): Promise<ProbeOutcome> {
  const checks = ctx.plan.checks ?? [];
  if (checks.length === 0) throw new ProbeError(`probe ${ctx.plan.id}: the plan has no health checks`);
  const w = ctx.writer;
  w.declare('vm_check_duration', 'trend', 'time');
  w.declare('vm_reachable', 'rate', 'default');
  const override = ctx.plan.params['timeoutMs'];
  const started = performance.now();
  const results = await Promise.all(
    checks.map(async (check) => {
      // A cap: the profile can shorten every check, a service's own shorter timeout still holds.
      const timeoutMs = typeof override === 'number' && override > 0 ? Math.min(override, check.timeoutMs) : check.timeoutMs;
      const r = await runCheck({ ...check, timeoutMs }, ctx.signal, pinnedAddress(check.host, ctx.pins));
      const tags = { vm: check.vm, service: check.service, kind: check.kind };
      const now = new Date();
      w.point('vm_check_duration', r.ms, tags, now);
      w.point('vm_reachable', r.ok ? 1 : 0, { ...tags, critical: String(check.critical), ...(r.reason ? { reason: r.reason } : {}) }, now);
      if (!r.ok)
        ctx.fault(
          `${check.vm}/${check.service} (${check.kind} ${check.host}:${check.port}${check.critical ? ', critical' : ''}) down: ${r.reason ?? 'error'} — ${r.detail}`,
        );
      return { check, r };
    }),
  );
  const wallMs = performance.now() - started;
  const up = results.filter((x) => x.r.ok).length;
  const criticalDown = results.filter((x) => x.check.critical && !x.r.ok).map((x) => `${x.check.vm}/${x.check.service}`);
  return {
    intended: { checks: checks.length },
    details: {
      reachable: up,
      checked: checks.length,
      reachableFraction: round2(up / checks.length),
      criticalDown,
      errorsByKind: countBy(results.flatMap((x) => (x.r.reason ? [x.r.reason] : []))),
      wallMs: round2(wallMs),
      perVm: results.map(({ check, r }) => ({
        vm: check.vm,
        service: check.service,
        kind: check.kind,
        target: `${check.host}:${check.port}`,
        critical: check.critical,
        ok: r.ok,
        ms: round2(r.ms),
        ...(r.reason ? { reason: r.reason } : {}),
        detail: r.detail,
      })),
    },
  };
}
