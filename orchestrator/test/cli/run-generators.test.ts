/** `loadgate run --generators N`: the flag's bad values and a non-lab inventory, each one line and exit 2, nothing started. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectPath } from '../../src/paths.ts';
import { runCli } from '../helpers/cli.ts';

for (const bad of ['0', 'three', '10', '-1']) {
  test(`--generators ${bad}: one line naming the flag and its range, exit 2`, async () => {
    const r = await runCli(['run', '--profile', 'smoke', '--scenario', 'chat', `--generators=${bad}`]);
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(r.stderr.trim(), new RegExp(`^loadgate: run: --generators must be a whole number from 1 to 9, not '${bad}'$`));
  });
}

test('--generators with an inventory that is not the lab: one line, exit 2, no run directory', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-gens-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const inv = (await readFile(projectPath('lab/inventory.yaml'), 'utf8')).replace(/^lab: true$/m, 'lab: false');
  const invPath = join(dir, 'inventory.yaml');
  await writeFile(invPath, inv.replace(/\$schema=\S+/, `$schema=${projectPath('orchestrator/schemas/inventory.schema.json')}`));
  const out = join(dir, 'out');
  const r = await runCli(['run', '--inventory', invPath, '--profile', 'smoke', '--generators', '2', '--results-dir', out]);
  assert.equal(r.exitCode, 2, r.stderr);
  assert.match(
    r.stderr.trim(),
    /^loadgate: run: --generators starts the lab's rehearsal generator hosts and works with the lab inventory only/,
  );
  await assert.rejects(readFile(join(out, 'latest')), 'nothing was run');
});
