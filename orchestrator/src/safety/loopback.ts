/**
 * The loopback guard. Under LOADGATE_LOOPBACK_ONLY=1 (set by `make test` and CI) any target that is not a
 * loopback address is refused before anything is sent. Host names other than `localhost` are refused too:
 * resolving them would itself send a packet (DNS), and their answer could change between check and use.
 */
import { isIP } from 'node:net';

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
