/**
 * The inventory's `generators:` section as the plan's GeneratorPlans: ports defaulted, the key and known_hosts
 * paths made absolute against the inventory file's directory (so a run started from anywhere finds the same
 * files), `k6: copy` turned into its own case. Without a section the only generator is this machine.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ConfigProblem } from '../errors.ts';
import { idleSegmentProblem } from '../plan/placement.ts';
import { placeOn } from '../plan/segments.ts';
import { LOCAL_GENERATOR, type ExecutorPlan, type GeneratorPlan, type SegmentPlan } from '../plan/types.ts';
import { isLoopbackHost } from '../safety/loopback.ts';
import type { GeneratorSpec, InventorySpec } from './schema/inventory.ts';
import type { Locator } from './schema/validate.ts';
import type { PathSegment } from './source.ts';

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

/** What a profile entry may be placed on: the default generators and every name a profile may narrow to. */
export interface Placement {
  defaults: readonly string[];
  known: ReadonlyMap<string, GeneratorPlan>;
}

export function placement(inv: InventorySpec, inventoryFile: string): Placement {
  return { defaults: defaultPlacement(inv), known: knownGenerators(inv, inventoryFile) };
}

/**
 * One k6 profile entry placed on its generators (`wanted`, else the defaults): its segments, or the problems,
 * each with its path below the entry (`generators/<j>` for an unknown name; the entry or its list for 0 VUs).
 */
export function placeEntry(
  id: string,
  executor: ExecutorPlan,
  wanted: readonly string[] | undefined,
  p: Placement,
): { segments: SegmentPlan[] } | { problems: Array<{ path: PathSegment[]; message: string }> } {
  const names = wanted ?? p.defaults;
  const have = [...p.known.keys()].join(', ');
  const unknown = names.flatMap((n, j) =>
    p.known.has(n) ? [] : [{ path: ['generators', j], message: `no generator named '${n}' in the inventory (have: ${have})` }],
  );
  if (unknown.length > 0) return { problems: unknown };
  // This machine runs a scenario only alone (one local k6 process); split segments run over ssh.
  const local = names.indexOf(LOCAL_GENERATOR.name);
  if (local >= 0 && names.length > 1)
    return {
      problems: [
        {
          path: wanted === undefined ? [] : ['generators', local],
          message: `'${LOCAL_GENERATOR.name}' runs a scenario only alone: split it over ssh generators, or name '${LOCAL_GENERATOR.name}' by itself`,
        },
      ],
    };
  const segments = placeOn(executor, names);
  const idle = idleSegmentProblem(id, executor, segments);
  return idle === undefined ? { segments } : { problems: [{ path: wanted === undefined ? [] : ['generators'], message: idle }] };
}

/** Under LOADGATE_LOOPBACK_ONLY=1: every generator the plan uses must be on loopback, like every target. */
export function refusedGenerators(inv: InventorySpec, at: Locator, used: readonly GeneratorPlan[]): ConfigProblem[] {
  return (inv.generators ?? []).flatMap((g, i) =>
    used.some((u) => u.name === g.name) && !isLoopbackHost(g.host)
      ? [
          at(
            ['generators', i, 'host'],
            `host ${g.host} (generator ${g.name}) is not a loopback address; LOADGATE_LOOPBACK_ONLY=1 refuses to connect to it`,
          ),
        ]
      : [],
  );
}
