/**
 * The loopback guard. Under LOADGATE_LOOPBACK_ONLY=1 (set by `make test` and CI) any target that is not a
 * loopback address is refused before anything is sent. Host names other than `localhost` are refused too:
 * resolving them would itself send a packet (DNS), and their answer could change between check and use.
 * `localhost` is not trusted by its name: a run resolves every target name once (pinHosts), classifies every
 * address it resolves to, and every sender (k6 through its `hosts` option, preflight, the canary) connects to
 * the pinned address, so no later resolution by another process can point elsewhere.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { describeError, LoopbackRefusedError, PreflightError } from '../errors.ts';

const bare = (host: string): string => host.replace(/^\[|\]$/g, '');

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true; // accepted as a spelling here; its addresses are checked by pinHosts
  return isLoopbackAddress(h);
}

/**
 * IPv6 loopback judged by address, not by spelling: BlockList parses what it checks, so `0::1`, and an
 * IPv4-mapped address in any form (`::ffff:127.0.0.20`, `0:0:0:0:0:ffff:7f00:14`, or `::ffff:7f00:14`, which is
 * how a URL's hostname spells it) match as the addresses they are. `::ffff:7f00:0/104` is ::ffff:127.0.0.0/104.
 */
const IPV6_LOOPBACK = new BlockList();
IPV6_LOOPBACK.addAddress('::1', 'ipv6');
IPV6_LOOPBACK.addSubnet('::ffff:7f00:0', 104, 'ipv6');

/** A literal address in 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104; a name is never one. */
export function isLoopbackAddress(address: string): boolean {
  const h = bare(address).toLowerCase();
  const kind = isIP(h);
  if (kind === 4) return h.split('.')[0] === '127';
  return kind === 6 && IPV6_LOOPBACK.check(h, 'ipv6');
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
export function assertLoopbackTargets(who: string, hosts: Iterable<string>, env: NodeJS.ProcessEnv, pins: HostPins = {}): void {
  // What is checked is what the sender connects to: a pinned name is judged by its address.
  const refused = refusedHosts(
    [...hosts].map((h) => pinnedAddress(h, pins)),
    env,
  );
  if (refused.length > 0)
    throw new LoopbackRefusedError(`${who}: non-loopback target ${refused.join(', ')} refused by LOADGATE_LOOPBACK_ONLY=1`);
}

/** Target host name → the one address every sender uses for it (names only: a literal address is its own). */
export type HostPins = Readonly<Record<string, string>>;

/** Every address a name resolves to (the system resolver, /etc/hosts included); injected in tests. */
export type Resolver = (name: string) => Promise<string[]>;

export const systemResolver: Resolver = async (name) => (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);

/** The address to connect to for `host`: its pin, or the host itself when it is a literal address. */
export function pinnedAddress(host: string, pins: HostPins): string {
  return pins[host] ?? host;
}

/**
 * Resolves every target name once, before any traffic. Under LOADGATE_LOOPBACK_ONLY=1 every address a name
 * resolves to must be loopback (one private answer among loopback ones is refused: which one a later lookup
 * returns is not ours to choose). The first address is the pin every sender then uses.
 */
export async function pinHosts(hosts: Iterable<string>, env: NodeJS.ProcessEnv, resolve: Resolver = systemResolver): Promise<HostPins> {
  const pins: Record<string, string> = {};
  for (const host of new Set(hosts)) {
    if (isIP(bare(host)) !== 0) continue;
    let addresses: string[];
    try {
      addresses = await resolve(host);
    } catch (err) {
      throw new PreflightError(`preflight failed, nothing was sent: ${host} does not resolve (${describeError(err)})`, { cause: err });
    }
    const first = addresses[0];
    if (first === undefined) throw new PreflightError(`preflight failed, nothing was sent: ${host} resolves to no address`);
    const off = loopbackOnly(env) ? addresses.filter((a) => !isLoopbackAddress(a)) : [];
    if (off.length > 0)
      throw new LoopbackRefusedError(`${host} resolves to non-loopback ${off.join(', ')}: refused by LOADGATE_LOOPBACK_ONLY=1`);
    pins[host] = first;
  }
  return pins;
}
