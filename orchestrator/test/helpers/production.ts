/**
 * The production hosts, read from vm-inventory.yaml instead of being written into tests: tests compare plans
 * against them and never contact them. Each is checked to be non-loopback, i.e. one the loopback guard refuses.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isLoopbackHost } from '../../src/safety/loopback.ts';
import { projectPath } from '../../src/paths.ts';

export function productionHost(vm: string): string {
  const doc: unknown = parse(readFileSync(projectPath('vm-inventory.yaml'), 'utf8'));
  const vms: unknown[] = typeof doc === 'object' && doc !== null && 'vms' in doc && Array.isArray(doc.vms) ? doc.vms : [];
  for (const v of vms) {
    if (typeof v !== 'object' || v === null || !('name' in v) || v.name !== vm || !('host' in v)) continue;
    const host = v.host;
    if (typeof host !== 'string' || isLoopbackHost(host)) throw new Error(`vm-inventory.yaml: VM ${vm} has no production host`);
    return host;
  }
  throw new Error(`vm-inventory.yaml: no VM named ${vm}`);
}
