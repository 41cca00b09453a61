/** What every probe gets from runProbe, and what it hands back besides its samples. */
import { ProbeError } from '../errors.ts';
import type { Params, ProbePlan } from '../plan/types.ts';
import type { IntegerSpec } from '../../../k6/lib/param-spec.ts';
import type { HostPins } from '../safety/loopback.ts';
import type { SampleWriter } from '../samples/writer.ts';

export interface ProbeContext {
  plan: ProbePlan;
  runId: string;
  /** Absolute path of `probes/<id>/` in the run directory. */
  dir: string;
  writer: SampleWriter;
  /** Fires when the probe's time limit is reached or the run is interrupted: stop starting work. */
  signal: AbortSignal;
  /** The run's pinned addresses for target names (pinHosts): every probe connects to these, not to a new lookup. */
  pins: HostPins;
  /** Faults seen while probing, one line each, ISO time first. */
  fault(message: string): void;
}

export interface ProbeOutcome {
  intended: Record<string, number>;
  details: Record<string, unknown>;
}

/** A positive integer parameter from the plan, or its default; anything else means the probe cannot run. */
export function intParam(params: Params, name: string, fallback: number, max: number): number {
  const raw = params[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    throw new ProbeError(`parameter ${name} must be an integer between 1 and ${max}, not ${JSON.stringify(raw)}`);
  return value;
}

/**
 * A parameter read against its spec (k6/lib/param-spec.ts): the spec's maximum, and its default unless the
 * probe derives one (`fallback`, for a parameter with none). The lower bound stays 1: a probe of zero is no probe.
 */
export function specParam(params: Params, name: string, spec: IntegerSpec, fallback?: number): number {
  const dflt = fallback ?? spec.default;
  if (dflt === undefined) throw new ProbeError(`parameter ${name} has no default and none was given`);
  return intParam(params, name, dflt, spec.max);
}

/** Counts reasons, for the details' "errors by kind". */
export function countBy(reasons: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reasons) out[r] = (out[r] ?? 0) + 1;
  return out;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
