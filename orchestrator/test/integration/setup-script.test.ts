/**
 * `make setup` (scripts/setup.sh) on a machine without Go: one line saying how to get it, a non-zero exit,
 * nothing built. The script runs from a copy of the project's scripts/ in a temp dir where the npm
 * dependencies count as installed and k6 is not built yet, with a PATH holding only the few tools the
 * script uses before it looks for Go — so this machine's own Go stays out of sight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { projectPath } from '../../src/paths.ts';
import { which } from '../../src/toolchain.ts';

test('setup without Go: one line naming how to get it, exit 1, no k6 built', { timeout: 60_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-setup-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'scripts'));
  for (const f of ['setup.sh', 'versions.env']) await cp(projectPath('scripts', f), join(dir, 'scripts', f));
  // The lock file first, node_modules' copy after it: not newer, so setup skips `npm ci`.
  await writeFile(join(dir, 'package-lock.json'), '{}\n');
  await mkdir(join(dir, 'node_modules'));
  await writeFile(join(dir, 'node_modules', '.package-lock.json'), '{}\n');
  const bin = join(dir, 'bin');
  await mkdir(bin);
  for (const tool of ['dirname', 'mkdir', 'cat']) {
    const path = await which(tool);
    assert.ok(path, `${tool} is on this machine's PATH`);
    await symlink(path, join(bin, tool));
  }
  const bash = await which('bash');
  assert.ok(bash);

  const r = await execa(bash, [join(dir, 'scripts', 'setup.sh')], {
    env: { PATH: bin, HOME: dir },
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0] ?? '', /^setup: Go is missing: install Go >= [\d.]+ \(.*golang-go.*\), then re-run make setup$/);
  await assert.rejects(access(join(dir, '.tools', 'bin', 'k6')), 'no k6 was built');
});
