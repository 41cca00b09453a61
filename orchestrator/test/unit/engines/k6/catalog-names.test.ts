/**
 * The k6 scripts emit exactly the catalog's metric names: every custom metric declared in k6/lib/metrics.ts
 * exists in the catalog for the scenarios of its family, and every k6 catalog scenario has a script with
 * the exec function the runner will name in options.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { CATALOG } from '../../../../src/catalog.ts';
import { projectPath } from '../../../../src/paths.ts';
import { EXEC_FUNCTIONS } from '../../../../../k6/lib/env-names.ts';

export function declaredMetrics(source: string): Array<{ name: string; type: string }> {
  return [...source.matchAll(/new (Trend|Rate|Counter|Gauge)\('([a-z0-9_]+)'/g)].map((m) => ({
    type: (m[1] ?? '').toLowerCase(),
    name: m[2] ?? '',
  }));
}

test('the metric scan reads declarations', () => {
  assert.deepEqual(declaredMetrics("export const x = new Trend('fir_e2e_duration', true);"), [{ type: 'trend', name: 'fir_e2e_duration' }]);
  assert.deepEqual(declaredMetrics('const y = 1;'), []);
});

test('every custom metric of the scripts is in the catalog, with the same type', async () => {
  const declared = declaredMetrics(await readFile(projectPath('k6/lib/metrics.ts'), 'utf8'));
  assert.ok(declared.length >= 10);
  for (const { name, type } of declared) {
    const owners = Object.entries(CATALOG).filter(([, s]) => s.engine === 'k6' && s.metrics[name]);
    assert.ok(owners.length > 0, `${name} is not in the catalog`);
    for (const [scenario, spec] of owners) assert.equal(spec.metrics[name]?.type, type, `${scenario}.${name}`);
  }
});

test('every k6 catalog scenario has a script exporting its exec function and handleSummary', async () => {
  const k6Scenarios = Object.entries(CATALOG)
    .filter(([, s]) => s.engine === 'k6')
    .map(([n]) => n);
  assert.deepEqual(Object.keys(EXEC_FUNCTIONS).sort(), [...k6Scenarios].sort());
  for (const scenario of k6Scenarios) {
    const text = await readFile(projectPath('k6/scenarios', `${scenario}.ts`), 'utf8');
    assert.match(text, new RegExp(`export function ${EXEC_FUNCTIONS[scenario] ?? '?'}\\(`), scenario);
    assert.match(text, /export function handleSummary\(/, scenario);
    assert.match(text, /export function setup\(/, scenario);
  }
});
