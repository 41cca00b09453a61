/**
 * lab/src/topology.ts (what the lab binds) and lab/inventory.yaml (what the orchestrator targets) must describe
 * the same VMs, addresses, ports and health paths. The comparison is one function, so the negative tests can
 * show it notices a drift.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { REDIS_ENDPOINT, SERVICES, VM_ADDRESSES, VM_NAMES, serviceByName, isServiceName, isVmName } from '../../src/topology.ts';
import { isRecord } from '../../src/is-record.ts';

const INVENTORY = fileURLToPath(new URL('../../inventory.yaml', import.meta.url));

interface InvService {
  vm: string;
  host: string;
  port: number;
  kind: string;
  path: string | undefined;
}

/** The inventory's services, flattened; throws if the document does not have the inventory's shape. */
function inventoryServices(doc: unknown): { vms: Map<string, string>; services: InvService[] } {
  assert.ok(isRecord(doc) && Array.isArray(doc['vms']), 'inventory has a vms list');
  const vms = new Map<string, string>();
  const services: InvService[] = [];
  for (const vm of doc['vms']) {
    assert.ok(isRecord(vm) && typeof vm['name'] === 'string' && typeof vm['host'] === 'string' && Array.isArray(vm['services']));
    vms.set(vm['name'], vm['host']);
    for (const s of vm['services']) {
      assert.ok(isRecord(s) && typeof s['port'] === 'number' && typeof s['kind'] === 'string');
      const health = s['health'];
      const path = isRecord(health) && typeof health['path'] === 'string' ? health['path'] : undefined;
      services.push({ vm: vm['name'], host: vm['host'], port: s['port'], kind: s['kind'], path });
    }
  }
  return { vms, services };
}

/** Every way the inventory and the topology disagree, one line each. */
function differences(doc: unknown): string[] {
  const out: string[] = [];
  const { vms, services } = inventoryServices(doc);
  for (const name of VM_NAMES) {
    if (vms.get(name) !== VM_ADDRESSES[name]) out.push(`vm ${name}: inventory ${vms.get(name)} vs lab ${VM_ADDRESSES[name]}`);
  }
  for (const name of vms.keys()) if (!isVmName(name)) out.push(`vm ${name}: only in the inventory`);
  const key = (vm: string, host: string, port: number): string => `${vm} ${host}:${port}`;
  const lab = new Map<string, string>(SERVICES.map((s) => [key(s.vm, s.host, s.port), s.healthPath]));
  lab.set(key('redis', REDIS_ENDPOINT.host, REDIS_ENDPOINT.port), '');
  const inv = new Map<string, InvService>(services.map((s) => [key(s.vm, s.host, s.port), s]));
  for (const k of lab.keys()) if (!inv.has(k)) out.push(`${k}: the lab binds it, the inventory does not list it`);
  for (const [k, s] of inv) {
    const labPath = lab.get(k);
    if (labPath === undefined) out.push(`${k}: in the inventory, the lab does not bind it`);
    else if (s.kind === 'http' && s.path !== labPath) out.push(`${k}: health path ${s.path} vs lab ${labPath}`);
  }
  return out;
}

describe('topology.ts and inventory.yaml', { timeout: 5000 }, () => {
  const doc: unknown = parse(readFileSync(INVENTORY, 'utf8'));

  test('describe the same VMs, addresses, ports and health paths', () => {
    assert.deepEqual(differences(doc), []);
  });

  test('the inventory says it is the lab, on loopback only', () => {
    assert.ok(isRecord(doc));
    assert.equal(doc['lab'], true);
    const { services } = inventoryServices(doc);
    for (const s of services) assert.match(s.host, /^127\./);
  });

  test('main also runs Ollama on 11434 (a TCP check in the inventory, a listener in the lab)', () => {
    const ollama = serviceByName('ollama');
    assert.equal(ollama.host, VM_ADDRESSES.main);
    assert.equal(ollama.port, 11434);
    const { services } = inventoryServices(doc);
    assert.ok(services.some((s) => s.vm === 'main' && s.port === 11434 && s.kind === 'tcp'));
  });

  test('each lab VM has the last octet of its production host in vm-inventory.yaml, on loopback', () => {
    const production: unknown = parse(readFileSync(fileURLToPath(new URL('../../../vm-inventory.yaml', import.meta.url)), 'utf8'));
    const { vms } = inventoryServices(production);
    for (const n of VM_NAMES) {
      const prod = vms.get(n);
      assert.ok(prod !== undefined, `vm-inventory.yaml has VM ${n}`);
      assert.equal(VM_ADDRESSES[n].split('.')[3], prod.split('.')[3], n);
      assert.match(VM_ADDRESSES[n], /^127\./, `${n} stays on loopback`);
    }
  });

  test('negative: a moved port, a changed address, an extra VM and a changed health path are all noticed', () => {
    const mutate = (f: (d: Record<string, unknown>[]) => void): unknown => {
      const copy: unknown = structuredClone(doc);
      assert.ok(isRecord(copy) && Array.isArray(copy['vms']));
      f(copy['vms'].filter(isRecord));
      return copy;
    };
    const svc = (vm: Record<string, unknown>, i: number): Record<string, unknown> => {
      const list = vm['services'];
      assert.ok(Array.isArray(list));
      const s: unknown = list[i];
      assert.ok(isRecord(s));
      return s;
    };
    const moved = mutate((vms) => {
      if (vms[0]) svc(vms[0], 0)['port'] = 8002;
    });
    assert.ok(differences(moved).some((d) => d.includes('127.0.0.20:8001')));
    const readdressed = mutate((vms) => {
      if (vms[1]) vms[1]['host'] = '127.0.0.31';
    });
    assert.ok(differences(readdressed).some((d) => d.startsWith('vm frontend')));
    const extra: unknown = structuredClone(doc);
    assert.ok(isRecord(extra) && Array.isArray(extra['vms']));
    extra['vms'].push({ name: 'gpu', host: '127.0.0.26', services: [] });
    assert.ok(differences(extra).some((d) => d.includes('gpu')));
    const path = mutate((vms) => {
      const health = vms[2] ? svc(vms[2], 0)['health'] : undefined;
      if (isRecord(health)) health['path'] = '/api/health';
    });
    assert.ok(differences(path).some((d) => d.includes('health path')));
  });

  test('name guards', () => {
    assert.equal(isServiceName('afirgen'), true);
    assert.equal(isServiceName('redis'), false);
    assert.equal(isVmName('redis'), true);
    assert.equal(isVmName(7), false);
  });
});
