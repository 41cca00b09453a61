import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SCHEMA_COMMENT } from '../../../src/config/schema/common.ts';
import { schemaFiles } from '../../../src/config/schema/emit.ts';
import { projectPath } from '../../../src/paths.ts';

/** The drift check: why a committed schema is not the generated one, or undefined when it is. */
function staleness(path: string, committedText: string, generatedText: string): string | undefined {
  const committed: unknown = JSON.parse(committedText);
  try {
    assert.deepEqual(committed, JSON.parse(generatedText));
    return undefined;
  } catch {
    return `${path} is stale: npx tsx orchestrator/src/config/schema/write-schemas.ts && npx prettier --write orchestrator/schemas`;
  }
}

test('the committed JSON Schemas are exactly the generated ones (run write-schemas.ts after a change)', async () => {
  for (const f of schemaFiles()) assert.equal(staleness(f.path, await readFile(f.path, 'utf8'), f.text), undefined);
});

test('the drift check fails when a committed schema differs, however small the edit', async () => {
  const [first] = schemaFiles();
  assert.ok(first);
  const committed = await readFile(first.path, 'utf8');
  assert.equal(staleness(first.path, committed, first.text), undefined);
  const parsed: unknown = JSON.parse(committed);
  assert.ok(typeof parsed === 'object' && parsed !== null);
  for (const edited of [
    { ...parsed, title: 'edited by hand' },
    { ...parsed, extra: true },
  ]) {
    assert.match(staleness(first.path, JSON.stringify(edited), first.text) ?? '', /is stale: npx tsx/);
  }
  // Formatting alone is no drift: the check compares JSON, not text.
  assert.equal(staleness(first.path, JSON.stringify(parsed), first.text), undefined);
});

test('every configuration file starts with a yaml-language-server $schema line that points at its schema', async () => {
  const thresholds = (await readdir(projectPath('thresholds'))).filter((n) => n.endsWith('.yaml')).map((n) => join('thresholds', n));
  const files: Array<[string, string]> = [
    ['vm-inventory.yaml', 'inventory'],
    ['lab/inventory.yaml', 'inventory'],
    ['orchestrator/profiles.yaml', 'profiles'],
    ...thresholds.map((f): [string, string] => [f, 'thresholds']),
  ];
  for (const [file, kind] of files) {
    const first = (await readFile(projectPath(file), 'utf8')).split('\n')[0] ?? '';
    const m = SCHEMA_COMMENT.exec(first);
    assert.ok(m, `${file} must start with '# yaml-language-server: $schema=…'`);
    const target = resolve(dirname(projectPath(file)), m[1] ?? '');
    assert.equal(target, projectPath('orchestrator', 'schemas', `${kind}.schema.json`), file);
    assert.ok(existsSync(target));
  }
  assert.equal(SCHEMA_COMMENT.exec('# just a comment'), null);
});
