/**
 * Semantic rules of an inventory, each a small named function returning problems: what a schema cannot say
 * (unique names, a health check that fits the service's kind, secrets only by reference, targets that exist).
 */
import { isIP } from 'node:net';
import type { ConfigProblem } from '../../errors.ts';
import { LOCAL_GENERATOR } from '../../plan/types.ts';
import { parseEnvRef } from '../env.ts';
import { outputUrlProblem } from '../outputs.ts';
import type { InventorySpec, ServiceSpec, TargetRef } from '../schema/inventory.ts';
import type { Locator } from '../schema/validate.ts';

type Rule = (inv: InventorySpec, at: Locator) => ConfigProblem[];

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export const uniqueVmNames: Rule = (inv, at) => {
  const seen = new Map<string, number>();
  return inv.vms.flatMap((vm, i) => {
    const first = seen.get(vm.name);
    if (first === undefined) {
      seen.set(vm.name, i);
      return [];
    }
    return [at(['vms', i, 'name'], `duplicate VM name '${vm.name}' (first at /vms/${first})`)];
  });
};

export const uniqueServiceNames: Rule = (inv, at) =>
  inv.vms.flatMap((vm, i) => {
    const seen = new Set<string>();
    return vm.services.flatMap((s, j) => {
      if (!seen.has(s.name)) {
        seen.add(s.name);
        return [];
      }
      return [at(['vms', i, 'services', j, 'name'], `duplicate service name '${s.name}' on VM ${vm.name}`)];
    });
  });

export const uniqueEndpoints: Rule = (inv, at) => {
  const seen = new Map<string, string>();
  return inv.vms.flatMap((vm, i) =>
    vm.services.flatMap((s, j) => {
      const key = `${vm.host.toLowerCase()}:${s.port}`;
      const other = seen.get(key);
      if (other === undefined) {
        seen.set(key, `${vm.name}/${s.name}`);
        return [];
      }
      return [at(['vms', i, 'services', j, 'port'], `${key} is already ${other}`)];
    }),
  );
};

/**
 * An IPv4 address or a host name. IPv6 literals are refused here, with or without brackets: a URL needs them
 * bracketed and a socket bare, and not every sender (preflight, k6, the canary, the probes) was proven to
 * handle both, so `[::1]` passed configuration and then failed preflight (ENOTFOUND), and `::ffff:127.0.0.20`
 * was connected by preflight and refused by the canary. A name that resolves to IPv6 is still fine (pinHosts).
 */
export const validHosts: Rule = (inv, at) =>
  inv.vms.flatMap((vm, i) => {
    const problem = hostProblem(vm.host);
    return problem === undefined ? [] : [at(['vms', i, 'host'], problem)];
  });

function hostProblem(host: string): string | undefined {
  const h = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(h) === 6) return `'${host}' is an IPv6 address: not supported, use an IPv4 address or a host name such as localhost`;
  return isIP(h) !== 0 || HOSTNAME.test(h) ? undefined : `'${host}' is not an IP address or host name`;
}

/** Generator names are what profiles and `--set` narrow by; `local` always means this machine. */
export const uniqueGeneratorNames: Rule = (inv, at) => {
  const seen = new Map<string, number>();
  return (inv.generators ?? []).flatMap((g, i) => {
    if (g.name === LOCAL_GENERATOR.name)
      return [at(['generators', i, 'name'], `'${g.name}' is this machine (always a generator): give the host another name`)];
    const first = seen.get(g.name);
    if (first === undefined) {
      seen.set(g.name, i);
      return [];
    }
    return [at(['generators', i, 'name'], `duplicate generator name '${g.name}' (first at /generators/${first})`)];
  });
};

/** A generator host is the last word of an ssh command line: an address or a host name, never an option. */
export const validGeneratorHosts: Rule = (inv, at) =>
  (inv.generators ?? []).flatMap((g, i) => {
    const problem = hostProblem(g.host);
    return problem === undefined ? [] : [at(['generators', i, 'host'], problem)];
  });

/** Which health fields and which extra fields each kind takes. */
function serviceProblems(s: ServiceSpec): Array<{ field: string[]; message: string }> {
  const out: Array<{ field: string[]; message: string }> = [];
  const h = s.health;
  const need = (present: boolean, field: string, what: string): void => {
    if (!present) out.push({ field: ['health'], message: `a ${s.kind} health check needs '${field}' (${what})` });
  };
  const refuse = (present: boolean, field: string[], name: string): void => {
    if (present) out.push({ field, message: `'${name}' does not apply to a ${s.kind} service` });
  };
  if (s.kind === 'http') {
    need(h.method !== undefined, 'method', 'e.g. GET');
    need(h.path !== undefined, 'path', 'e.g. /health');
    need(h.expectStatus !== undefined, 'expectStatus', 'e.g. [200]');
  } else {
    for (const f of ['method', 'path', 'expectStatus'] as const) refuse(h[f] !== undefined, ['health', f], f);
  }
  if (s.kind === 'redis') need(h.command !== undefined, 'command', 'PING');
  else refuse(h.command !== undefined, ['health', 'command'], 'command');
  if (s.kind === 'tcp') need(h.connect !== undefined, 'connect', 'true');
  else refuse(h.connect !== undefined, ['health', 'connect'], 'connect');
  if (s.kind !== 'http') refuse(s.apiKey !== undefined, ['apiKey'], 'apiKey');
  if (s.kind === 'redis') {
    if (s.databases === undefined) out.push({ field: [], message: "a redis service needs 'databases' (e.g. main: 0)" });
  } else {
    refuse(s.databases !== undefined, ['databases'], 'databases');
    refuse(s.password !== undefined, ['password'], 'password');
    refuse(s.username !== undefined, ['username'], 'username');
  }
  return out;
}

export const healthFitsKind: Rule = (inv, at) =>
  inv.vms.flatMap((vm, i) =>
    vm.services.flatMap((s, j) => serviceProblems(s).map((p) => at(['vms', i, 'services', j, ...p.field], p.message))),
  );

export const uniqueDatabaseNumbers: Rule = (inv, at) =>
  inv.vms.flatMap((vm, i) =>
    vm.services.flatMap((s, j) => {
      const seen = new Map<number, string>();
      return Object.entries(s.databases ?? {}).flatMap(([name, n]) => {
        const other = seen.get(n);
        seen.set(n, name);
        return other === undefined ? [] : [at(['vms', i, 'services', j, 'databases', name], `database ${n} is already named '${other}'`)];
      });
    }),
  );

/** A secret field must be an environment reference: a literal would end up in git. */
export const secretsByReference: Rule = (inv, at) =>
  inv.vms.flatMap((vm, i) =>
    vm.services.flatMap((s, j) =>
      (['apiKey', 'password', 'username'] as const).flatMap((field) => {
        const v = s[field];
        if (v === undefined || parseEnvRef(v) !== undefined) return [];
        const hint =
          field === 'username' ? 'an environment reference' : 'a literal secret is not allowed; reference an environment variable';
        return [at(['vms', i, 'services', j, field], `${hint}, e.g. \${${suggestedVar(vm.name, field)}}`)];
      }),
    ),
  );

function suggestedVar(vm: string, field: 'apiKey' | 'password' | 'username'): string {
  if (field === 'apiKey') return 'AFIRGEN_API_KEY';
  return `AUTOBOT_${vm.toUpperCase().replace(/-/g, '_')}_${field.toUpperCase()}`;
}

export const targetsExist: Rule = (inv, at) => {
  const wanted: Record<keyof InventorySpec['targets'], ServiceSpec['kind']> = { afirgen: 'http', chat: 'http', redis: 'redis' };
  const roles: ReadonlyArray<keyof InventorySpec['targets']> = ['afirgen', 'chat', 'redis'];
  return roles.flatMap((role) => {
    const ref: TargetRef = inv.targets[role];
    const vm = inv.vms.find((v) => v.name === ref.vm);
    if (!vm) return [at(['targets', role, 'vm'], `no VM named '${ref.vm}'`)];
    const service = vm.services.find((s) => s.name === ref.service);
    if (!service) return [at(['targets', role, 'service'], `VM ${vm.name} has no service '${ref.service}'`)];
    if (service.kind !== wanted[role])
      return [at(['targets', role, 'service'], `${role} must be a ${wanted[role]} service, ${vm.name}/${service.name} is ${service.kind}`)];
    return [];
  });
};

/** An output's URL parses and holds no credentials; its header values are `${ENV}` references, never literals. */
export const outputsByReference: Rule = (inv, at) =>
  (inv.outputs ?? []).flatMap((o, i) => {
    const url = outputUrlProblem(o.url);
    return [
      ...(url === undefined ? [] : [at(['outputs', i, 'url'], url)]),
      ...Object.entries(o.headers ?? {}).flatMap(([name, value]) =>
        parseEnvRef(value) !== undefined
          ? []
          : [
              at(
                ['outputs', i, 'headers', name],
                'a literal credential is not allowed; reference an environment variable, e.g. ${PROM_TOKEN}',
              ),
            ],
      ),
    ];
  });

export const INVENTORY_RULES: readonly Rule[] = [
  uniqueVmNames,
  uniqueServiceNames,
  uniqueEndpoints,
  validHosts,
  healthFitsKind,
  uniqueDatabaseNumbers,
  secretsByReference,
  targetsExist,
  uniqueGeneratorNames,
  validGeneratorHosts,
  outputsByReference,
];

export function checkInventory(inv: InventorySpec, at: Locator): ConfigProblem[] {
  return INVENTORY_RULES.flatMap((rule) => rule(inv, at));
}
