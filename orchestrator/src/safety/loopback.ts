/**
 * The loopback guard. Under LOADGATE_LOOPBACK_ONLY=1 (set by `make test` and CI) any target that is not a
 * loopback address is refused before anything is sent. Host names other than `localhost` are refused too:
 * resolving them would itself send a packet (DNS), and their answer could change between check and use.
 */
import { isIP } from 'node:net';
import { LoopbackRefusedError } from '../errors.ts';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  const kind = isIP(h);
  if (kind === 4) return h.split('.')[0] === '127';
  if (kind === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

export function loopbackOnly(env: NodeJS.ProcessEnv): boolean {
  return env['LOADGATE_LOOPBACK_ONLY'] === '1';
}

/** The hosts among `hosts` the guard refuses: none unless LOADGATE_LOOPBACK_ONLY=1. */
export function refusedHosts(hosts: Iterable<string>, env: NodeJS.ProcessEnv): string[] {
  if (!loopbackOnly(env)) return [];
  return [...new Set([...hosts].filter((h) => !isLoopbackHost(h)))];
}

/**
 * The guard at the point of sending. Configuration already refuses such a plan with the file and line; every
 * sender (preflight, the k6 runner, the canary, the probes) checks again, so no path around the configuration
 * (a test, the bench, a future command) can send a packet off loopback.
 */
export function assertLoopbackTargets(who: string, hosts: Iterable<string>, env: NodeJS.ProcessEnv): void {
  const refused = refusedHosts(hosts, env);
  if (refused.length > 0)
    throw new LoopbackRefusedError(
      `${who}: non-loopback target ${refused.join(', ')} refused by LOADGATE_LOOPBACK_ONLY=1; nothing was sent`,
    );
}
