/** A scenario's HTTP target from its inventory VM and service: the base URL k6 and the canary use. */
import type { HttpTarget } from '../plan/types.ts';
import type { ServiceSpec, VmSpec } from './schema/inventory.ts';

export function httpTarget(vm: VmSpec, service: ServiceSpec): HttpTarget {
  // An IPv6 literal needs brackets in a URL.
  const host = vm.host.includes(':') && !vm.host.startsWith('[') ? `[${vm.host}]` : vm.host;
  const scheme = service.tls ? 'https' : 'http';
  return {
    vm: vm.name,
    service: service.name,
    host: vm.host,
    port: service.port,
    tls: service.tls,
    baseUrl: `${scheme}://${host}:${service.port}`,
  };
}
