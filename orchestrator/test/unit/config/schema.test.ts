import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SCHEMA_COMMENT } from '../../../src/config/schema/common.ts';
import { schemaFiles } from '../../../src/config/schema/emit.ts';
import { projectPath } from '../../../src/paths.ts';

test('the committed JSON Schemas are exactly the generated ones (run write-schemas.ts after a change)', async () => {
  for (const f of schemaFiles()) {
    const committed: unknown = JSON.parse(await readFile(f.path, 'utf8'));
    assert.deepEqual(
      committed,
      JSON.parse(f.text),
      `${f.path} is stale: npx tsx orchestrator/src/config/schema/write-schemas.ts && npx prettier --write orchestrator/schemas`,
    );
  }
});

test('the drift check fails when a committed schema differs', () => {
  const [first] = schemaFiles();
  assert.ok(first);
  const changed = { ...(JSON.parse(first.text) as Record<string, unknown>), title: 'edited by hand' };
  assert.notDeepEqual(changed, JSON.parse(first.text));
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
