/** The catalog as a registry of kind descriptors (catalog.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATALOG, catalogVersion, registerKind, reportOf, scenarioNames, type ScenarioSpec } from '../../src/catalog.ts';
import { checkShape } from '../../src/config/schema/validate.ts';

const spec: ScenarioSpec = {
  engine: 'probe',
  system: 'autobot',
  description: 'a kind for this test only',
  params: {},
  metrics: {},
  report: { latency: ['unit_kind_duration'], series: [] },
};

test('registerKind adds a kind, refuses a taken or malformed name, and the schemas learn the new kind', () => {
  const at = (path: readonly (string | number)[], message: string) => ({ file: 't', line: 1, col: 1, path: path.join('.'), message });
  const doc = { scenario: 'unit-kind', criteria: [{ metric: 'unit_kind_duration', expression: 'p(95)<1', severity: 'strict' }] };
  assert.equal(checkShape('thresholds', doc, at).ok, false, 'unknown before it is registered');
  const before = catalogVersion();
  registerKind('unit-kind', spec);
  assert.notEqual(catalogVersion(), before);
  assert.ok(scenarioNames().includes('unit-kind'));
  assert.equal(CATALOG['unit-kind'], spec);
  assert.equal(checkShape('thresholds', doc, at).ok, true, 'known once registered');
  assert.throws(() => registerKind('unit-kind', spec), /already in the catalog/);
  assert.throws(() => registerKind('chat', spec), /already in the catalog/);
  assert.throws(() => registerKind('Bad Name', spec), /not a lowercase name/);
});

test('reportOf: a known kind’s own headline; an unknown kind gets the one whose domain metric it has', () => {
  assert.deepEqual(reportOf('chat', () => false)?.latency, ['chat_turn_duration', 'http_req_duration']);
  const has = (names: string[]) => (m: string) => names.includes(m);
  assert.equal(reportOf('old-kind', has(['chat_turn_duration', 'http_reqs']))?.latency[0], 'chat_turn_duration');
  assert.equal(reportOf('old-kind', has(['http_req_duration']))?.requests, 'http_reqs');
  assert.equal(reportOf('old-kind', has(['vm_reachable']))?.succeeded, 'vm_reachable');
  assert.equal(reportOf('old-kind', has([])), undefined);
});
