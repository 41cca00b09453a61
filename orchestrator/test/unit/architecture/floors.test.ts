/**
 * The import graph of orchestrator/src has no cycle, and no module imports from a floor above its own
 * (the floors: floors.ts and docs/architecture.md). A fixture tree with one bad edge of each kind proves the
 * checks can fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { projectPath } from '../../../src/paths.ts';
import { findCycle, floorOf, importEdges, upwardEdges } from './floors.ts';

const SRC = projectPath('orchestrator', 'src');
const BAD = join(import.meta.dirname, 'fixtures', 'bad-floor', 'src');

test('every orchestrator/src module sits on a floor and imports only from its floor or below', async () => {
  const edges = await importEdges(SRC);
  assert.ok(edges.length > 200, `only ${edges.length} imports found: the scan is broken`);
  assert.deepEqual(upwardEdges(edges), []);
});

test('the orchestrator/src import graph has no cycle', async () => {
  assert.equal(findCycle(await importEdges(SRC))?.join(' → '), undefined);
});

test('the docs name the same floors, in the same order', async () => {
  const { readFile } = await import('node:fs/promises');
  const { FLOORS } = await import('./floors.ts');
  const doc = await readFile(projectPath('docs', 'architecture.md'), 'utf8');
  const diagram = FLOORS.map(([floor]) => floor).reverse();
  const positions = diagram.map((f) => doc.indexOf(`${f} floor`));
  assert.ok(
    positions.every((p) => p >= 0),
    `docs/architecture.md lacks one of: ${diagram.map((f) => `'${f} floor'`).join(', ')}`,
  );
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
    'the floors are listed top to bottom',
  );
});

test('a lower floor importing a higher one, and a cycle, are both found (fixture)', async () => {
  const edges = await importEdges(BAD);
  assert.deepEqual(upwardEdges(edges), ['verdict/low.ts (verdict) imports run/high.ts (run)']);
  assert.deepEqual(findCycle(edges), ['report/a.ts', 'report/b.ts', 'report/a.ts']);
});

test('floors: the longest prefix decides, and a module outside every floor is on none', () => {
  const table = [
    ['low', ['run/one.ts']],
    ['high', ['run/']],
  ] as const;
  assert.equal(floorOf('run/one.ts', table), 0, 'the file beats its folder');
  assert.equal(floorOf('run/two.ts', table), 1);
  assert.equal(floorOf('engines/k6/canary-faults.ts'), floorOf('engines/k6/engine.ts'));
  assert.ok(floorOf('run/pipeline.ts') > floorOf('verdict/build.ts'));
  assert.equal(floorOf('nowhere/x.ts'), -1);
  assert.deepEqual(upwardEdges([['nowhere/x.ts', 'errors.ts']]), ['nowhere/x.ts (no floor) imports errors.ts (base)']);
});
