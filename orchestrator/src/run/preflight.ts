/**
 * Preflight: before any load, every target the run will load (k6 scenarios' HTTP services, the probes'
 * Redis) must accept a TCP connection. An unreachable target is exit 3 with its name — not a FAIL full
 * of connection errors. The cross-vm probe's checks are not preflighted: a VM being down is its finding.
 */
import { connect } from 'node:net';
import { PreflightError } from '../errors.ts';
import type { Endpoint, Reach } from '../engines/engine.ts';
import { reachOf } from '../engines/registry.ts';
import type { RunPlan } from '../plan/types.ts';
import { assertLoopbackTargets, pinnedAddress, type HostPins } from '../safety/loopback.ts';

export type { Endpoint } from '../engines/engine.ts';

/** Every endpoint `pick` names for the plan's scenarios, each once (the first label wins). */
function endpoints(plan: RunPlan, pick: (r: Reach) => Endpoint[]): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const s of plan.scenarios)
    for (const e of pick(reachOf(s))) if (!seen.has(`${e.host}:${e.port}`)) seen.set(`${e.host}:${e.port}`, e);
  return [...seen.values()];
}

export function preflightEndpoints(plan: RunPlan): Endpoint[] {
  return endpoints(plan, (r) => r.required);
}

/** The cross-vm checks' endpoints, each once. */
function checkEndpoints(plan: RunPlan): Endpoint[] {
  return endpoints(plan, (r) => r.checked);
}

/** Every endpoint a lab check may connect to: for the guard before it does. */
export function labEndpoints(plan: RunPlan): Endpoint[] {
  const required = preflightEndpoints(plan);
  return required.length > 0 ? required : checkEndpoints(plan);
}

/**
 * Is a lab already answering for this run? Every preflight endpoint must accept a connection (as preflight will
 * demand). A run with none — the cross-vm probe alone — needs one of its checks' endpoints to answer: a VM being
 * down is that probe's finding, not a sign that no lab runs. No endpoint at all is "not running" (before, an
 * empty list answered, and `--scenario cross-vm` reused a lab that was not there).
 */
export async function labAnswers(plan: RunPlan, timeoutMs: number, pins: HostPins): Promise<boolean> {
  const required = preflightEndpoints(plan);
  const candidates = required.length > 0 ? required : checkEndpoints(plan);
  if (candidates.length === 0) return false;
  const answered = await Promise.all(
    candidates.map(async (e) => (await tcpReachable(pinnedAddress(e.host, pins), e.port, timeoutMs)) === undefined),
  );
  return required.length > 0 ? answered.every(Boolean) : answered.some(Boolean);
}

/** Every host the run sends to: k6 targets, their canaries, the probes' Redis and the cross-vm checks. */
export function targetHosts(plan: RunPlan): string[] {
  return [...new Set(plan.scenarios.flatMap((s) => reachOf(s).hosts))];
}

/** Undefined when host:port accepts a TCP connection within timeoutMs; what went wrong otherwise. */
export function tcpReachable(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (problem: string | undefined): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

/** `pins`: the addresses the run resolved its target names to (pinHosts); preflight connects to those. */
export async function preflight(plan: RunPlan, timeoutMs = 3000, env: NodeJS.ProcessEnv = process.env, pins: HostPins = {}): Promise<void> {
  const endpoints = preflightEndpoints(plan);
  assertLoopbackTargets(
    'preflight',
    endpoints.map((e) => e.host),
    env,
    pins,
  );
  const problems = await Promise.all(
    endpoints.map(async (e) => ({ e, problem: await tcpReachable(pinnedAddress(e.host, pins), e.port, timeoutMs) })),
  );
  const failed = problems.filter((p) => p.problem !== undefined);
  if (failed.length > 0) {
    const list = failed.map((f) => `${f.e.label} at ${f.e.host}:${f.e.port} (${f.problem ?? ''})`).join(', ');
    throw new PreflightError(`preflight failed, nothing was sent: unreachable ${list}`);
  }
}
