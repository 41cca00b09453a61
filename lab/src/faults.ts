/**
 * Fault switches: what can go wrong in the lab, switched on at start (config file) or at run time (control
 * endpoint). Every fault is plain data; the supervisor hands the whole list to each service, which applies
 * the ones aimed at it, so a fault's effect never depends on message ordering between services.
 */
import { isServiceName, isVmName, SERVICE_NAMES, type ServiceName, type VmName } from './topology.ts';
import { BadInput } from './errors.ts';
import { isRecord } from './is-record.ts';

/** Which requests a latency or error fault hits; an empty target hits every HTTP service. */
export interface FaultTarget {
  service?: ServiceName;
  vm?: VmName;
  /** `METHOD /path` or `/path`; matches the route template (`/session/{session_id}/status`) or the literal path. */
  route?: string;
}

export type Fault =
  | ({ kind: 'latency'; ms: number } & FaultTarget)
  | ({ kind: 'error-rate'; rate: number; status: number } & FaultTarget)
  | { kind: 'down'; service: ServiceName }
  | { kind: 'blackhole'; service: ServiceName }
  | { kind: 'stall'; service: ServiceName; ms: number; everyMs: number }
  | { kind: 'degraded'; service: ServiceName }
  | { kind: 'redis-slow'; ms: number; everyMs: number }
  | { kind: 'redis-pause'; ms: number; mode: 'ALL' | 'WRITE' };

/**
 * A fault as a config file or a control request states it (what parseFault accepts): the fields that have a
 * default may be left out. The orchestrator's control client sends exactly this.
 */
export type FaultRequest =
  | Exclude<Fault, { kind: 'error-rate' | 'redis-slow' | 'redis-pause' }>
  | ({ kind: 'error-rate'; rate: number; status?: number } & FaultTarget)
  | { kind: 'redis-slow'; ms: number; everyMs?: number }
  | { kind: 'redis-pause'; ms?: number; mode?: 'ALL' | 'WRITE' };

export type FaultKind = Fault['kind'];

export interface ActiveFault {
  id: string;
  fault: Fault;
}

function num(o: Record<string, unknown>, key: string, where: string, min: number, max: number, fallback?: number): number {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new BadInput(`${where}.${key}: must be a number in [${min}, ${max}]`);
  }
  return v;
}

function service(o: Record<string, unknown>, where: string): ServiceName {
  const v = o['service'];
  // The list comes from the topology, so a service added there (ollama) is never missing from the message.
  if (!isServiceName(v)) throw new BadInput(`${where}.service: must name an HTTP service (${SERVICE_NAMES.join(', ')})`);
  return v;
}

function target(o: Record<string, unknown>, where: string): FaultTarget {
  const t: FaultTarget = {};
  if (o['service'] !== undefined) t.service = service(o, where);
  if (o['vm'] !== undefined) {
    if (!isVmName(o['vm'])) throw new BadInput(`${where}.vm: unknown VM`);
    t.vm = o['vm'];
  }
  if (o['route'] !== undefined) {
    const r = o['route'];
    if (typeof r !== 'string' || !/^(?:[A-Z]+ )?\/\S*$/.test(r)) throw new BadInput(`${where}.route: must be '/path' or 'METHOD /path'`);
    t.route = r;
  }
  return t;
}

const HOUR_MS = 3_600_000;

export function parseFault(v: unknown, where = 'fault'): Fault {
  if (!isRecord(v)) throw new BadInput(`${where}: must be an object with a 'kind'`);
  const kind = v['kind'];
  switch (kind) {
    case 'latency':
      return { kind, ...target(v, where), ms: num(v, 'ms', where, 0, HOUR_MS) };
    case 'error-rate': {
      const status = num(v, 'status', where, 500, 599, 500);
      return { kind, ...target(v, where), rate: num(v, 'rate', where, 0, 1), status: Math.round(status) };
    }
    case 'down':
    case 'blackhole':
    case 'degraded':
      return { kind, service: service(v, where) };
    case 'stall':
      return { kind, service: service(v, where), ms: num(v, 'ms', where, 1, 60_000), everyMs: num(v, 'everyMs', where, 10, HOUR_MS) };
    case 'redis-slow':
      return { kind, ms: num(v, 'ms', where, 1, 10_000), everyMs: num(v, 'everyMs', where, 10, HOUR_MS, 1000) };
    case 'redis-pause': {
      const mode = v['mode'] ?? 'ALL';
      if (mode !== 'ALL' && mode !== 'WRITE') throw new BadInput(`${where}.mode: must be ALL or WRITE`);
      return { kind, ms: num(v, 'ms', where, 1, 600_000, 10_000), mode };
    }
    default:
      throw new BadInput(`${where}.kind: must be one of latency, error-rate, down, blackhole, stall, degraded, redis-slow, redis-pause`);
  }
}

/** Whether a latency or error-rate target covers one request. */
export function targetMatches(
  t: FaultTarget,
  svc: { name: ServiceName; vm: VmName },
  method: string,
  path: string,
  route: string,
): boolean {
  if (t.service !== undefined && t.service !== svc.name) return false;
  if (t.vm !== undefined && t.vm !== svc.vm) return false;
  if (t.route === undefined) return true;
  const space = t.route.indexOf(' ');
  const wantMethod = space > 0 ? t.route.slice(0, space) : undefined;
  const wantPath = space > 0 ? t.route.slice(space + 1) : t.route;
  if (wantMethod !== undefined && wantMethod !== method) return false;
  return wantPath === route || wantPath === path;
}
