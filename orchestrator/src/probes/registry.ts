/**
 * The probes by scenario kind: runProbe looks a plan's probe up here, so a probe kind that is not built in
 * joins with registerProbe (its descriptor goes to the catalog in the same call) and no module lists kinds.
 */
import { registerKind, type ScenarioSpec } from '../catalog.ts';
import type { ProbeContext, ProbeOutcome } from './context.ts';
import { crossVmProbe } from './cross-vm.ts';
import { mixedProbe } from './mixed.ts';
import { redisProbe } from './redis.ts';

export type Probe = (ctx: ProbeContext) => Promise<ProbeOutcome>;

const probes = new Map<string, Probe>([
  ['redis', redisProbe],
  ['mixed', mixedProbe],
  ['cross-vm', crossVmProbe],
]);

export function probeFor(kind: string): Probe | undefined {
  return probes.get(kind);
}

/** Adds a probe kind: its descriptor (engine `probe`) to the catalog and its probe here. */
export function registerProbe(name: string, spec: ScenarioSpec, probe: Probe): void {
  if (spec.engine !== 'probe') throw new Error(`scenario kind ${name}: registerProbe takes a probe descriptor, not ${spec.engine}`);
  registerKind(name, spec);
  probes.set(name, probe);
}
