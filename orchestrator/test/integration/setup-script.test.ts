/**
 * `make setup` (scripts/setup.sh) on a machine without Go: one line saying how to get it, a non-zero exit,
 * nothing built. The script runs from a copy of the project's scripts/ in a temp dir where the npm
 * dependencies count as installed and k6 is not built yet, with a PATH holding only the few tools the
 * script uses before it looks for Go — so this machine's own Go stays out of sight. And offline (no
 * network: the install's one download is from a loopback port nothing answers), a lock file newer than the
 * install never empties node_modules: setup compares what the lock asks for with what is on disk.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { access, cp, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { projectPath } from '../../src/paths.ts';
import { isRecord } from '../../src/is-record.ts';
import { which } from '../../src/toolchain.ts';

/** A bin dir in `dir` holding only `tools` (links to this machine's): the PATH setup.sh runs with. */
async function toolsBin(dir: string, tools: readonly string[]): Promise<string> {
  const bin = join(dir, 'bin');
  await mkdir(bin);
  for (const tool of tools) {
    const path = await which(tool);
    assert.ok(path, `${tool} is on this machine's PATH`);
    await symlink(path, join(bin, tool));
  }
  return bin;
}

test('setup without Go: one line naming how to get it, exit 1, no k6 built', { timeout: 60_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-setup-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'scripts'));
  for (const f of ['setup.sh', 'versions.env']) await cp(projectPath('scripts', f), join(dir, 'scripts', f));
  // An empty lock and an (empty) node_modules that satisfies it: setup skips `npm ci`.
  await writeFile(join(dir, 'package-lock.json'), '{}\n');
  await mkdir(join(dir, 'node_modules'));
  await writeFile(join(dir, 'node_modules', '.package-lock.json'), '{}\n');
  const bin = await toolsBin(dir, ['dirname', 'mkdir', 'cat', 'node']);
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

/** A project copy with one installed dependency, `dep@1.0.0`, whose lock file asks for `lockVersion`. */
async function fakeProject(t: TestContext, lockVersion: string): Promise<{ dir: string; bin: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-setup-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'scripts'));
  for (const f of ['setup.sh', 'versions.env']) await cp(projectPath('scripts', f), join(dir, 'scripts', f));
  const deps = { dep: lockVersion };
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'fake', version: '0.0.0', dependencies: deps }));
  // Its tarball is on a loopback port nothing listens on: an install can only fail, and no packet leaves.
  const lock = {
    name: 'fake',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'fake', version: '0.0.0', dependencies: deps },
      'node_modules/dep': { version: lockVersion, resolved: `http://127.0.0.1:9/dep-${lockVersion}.tgz`, integrity: 'sha512-AAAA' },
      'node_modules/dep-for-another-os': { version: '1.0.0', optional: true, os: ['aix'] },
    },
  };
  await mkdir(join(dir, 'node_modules', 'dep'), { recursive: true });
  await writeFile(join(dir, 'node_modules', 'dep', 'package.json'), JSON.stringify({ name: 'dep', version: '1.0.0' }));
  await writeFile(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify(lock));
  // Written after node_modules' hidden lock file, as in a fresh checkout: newer by mtime.
  await writeFile(join(dir, 'package-lock.json'), JSON.stringify(lock));
  const future = new Date(Date.now() + 3600_000);
  await utimes(join(dir, 'package-lock.json'), future, future);
  return { dir, bin: await toolsBin(dir, ['dirname', 'mkdir', 'cat', 'node', 'npm', 'rm', 'mv']) };
}

async function installedDepVersion(dir: string): Promise<unknown> {
  const pkg: unknown = JSON.parse(await readFile(join(dir, 'node_modules', 'dep', 'package.json'), 'utf8'));
  return isRecord(pkg) ? pkg['version'] : undefined;
}

async function setup(dir: string, bin: string): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
  const bash = await which('bash');
  assert.ok(bash);
  // npm's cache is in the temp HOME: the dependency cannot come from this machine's cache either.
  const r = await execa(bash, [join(dir, 'scripts', 'setup.sh')], {
    env: { PATH: bin, HOME: dir, npm_config_fetch_retries: '0' },
    extendEnv: false,
    reject: false,
    timeout: 60_000,
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

test('a lock file newer than the install but satisfied by it: no npm ci, node_modules untouched', { timeout: 90_000 }, async (t) => {
  const { dir, bin } = await fakeProject(t, '1.0.0');
  const r = await setup(dir, bin);
  assert.doesNotMatch(r.stdout, /npm ci/, r.stdout);
  // It went on to k6 (no Go here): the npm step passed without touching anything.
  assert.match(r.stderr, /^setup: Go is missing/m, r.stderr);
  assert.equal(await installedDepVersion(dir), '1.0.0');
});

test(
  "a lock file the install does not satisfy, offline: one line with npm ci's exit code, node_modules put back",
  { timeout: 90_000 },
  async (t) => {
    const { dir, bin } = await fakeProject(t, '2.0.0');
    const r = await setup(dir, bin);
    assert.match(r.stdout, /^setup: npm ci \(node_modules does not match package-lock\.json\)$/m);
    assert.equal(r.exitCode, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0] ?? '',
      /^setup: npm ci failed \(exit [1-9]\d*; see \.tools\/npm-ci\.log\); the previous node_modules was put back$/,
    );
    assert.equal(await installedDepVersion(dir), '1.0.0');
    await assert.rejects(access(join(dir, '.tools', 'node_modules.before-npm-ci')), 'no backup left behind');
  },
);
