/**
 * The inventory's `generators:` section as the plan's GeneratorPlans: ports defaulted, the key and known_hosts
 * paths made absolute against the inventory file's directory (so a run started from anywhere finds the same
 * files), `k6: copy` turned into its own case. Without a section the only generator is this machine.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { LOCAL_GENERATOR, type GeneratorPlan } from '../plan/types.ts';
import type { GeneratorSpec, InventorySpec } from './schema/inventory.ts';

export const SSH_PORT = 22;

/** A path written in the inventory, as an absolute path (relative ones are relative to the inventory file). */
export function inventoryPath(inventoryFile: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dirname(inventoryFile), path);
}

export function generatorPlan(g: GeneratorSpec, inventoryFile: string): GeneratorPlan {
  return {
    kind: 'ssh',
    name: g.name,
    host: g.host,
    port: g.port ?? SSH_PORT,
    user: g.user,
    ...(g.identityFile === undefined ? {} : { identityFile: inventoryPath(inventoryFile, g.identityFile) }),
    knownHosts: inventoryPath(inventoryFile, g.knownHosts),
    workdir: g.workdir,
    k6: g.k6 === 'copy' ? { copy: true } : { path: g.k6 },
    ...(g.cores === undefined ? {} : { cores: g.cores }),
  };
}

/** Every generator a scenario may be placed on: `local` (always) and the inventory's, by name. */
export function knownGenerators(inv: InventorySpec, inventoryFile: string): Map<string, GeneratorPlan> {
  const out = new Map<string, GeneratorPlan>([[LOCAL_GENERATOR.name, LOCAL_GENERATOR]]);
  for (const g of inv.generators ?? []) out.set(g.name, generatorPlan(g, inventoryFile));
  return out;
}

/** Where a k6 scenario goes when its profile entry does not narrow it: every inventory generator, else this machine. */
export function defaultPlacement(inv: InventorySpec): string[] {
  const names = (inv.generators ?? []).map((g) => g.name);
  return names.length > 0 ? names : [LOCAL_GENERATOR.name];
}
