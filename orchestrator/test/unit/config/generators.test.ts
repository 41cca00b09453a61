import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadOptions } from '../../../src/config/load.ts';
import { formatProblem, type ConfigProblem } from '../../../src/errors.ts';
import { generatorConfig, type GeneratorConfig } from '../../helpers/generators.ts';
import { problemsOf } from './fixture.ts';

const options = (c: GeneratorConfig, extra: Partial<LoadOptions> = {}): LoadOptions => ({
  inventory: c.inventory,
  thresholdsDir: c.thresholdsDir,
  profilesFile: c.profilesFile,
  profile: 'load',
  env: {},
  forRun: false,
  ...extra,
});

const one = (problems: ConfigProblem[], re: RegExp): ConfigProblem => {
  const hit = problems.find((p) => re.test(p.message));
  assert.ok(hit, `no problem matching ${re}; got:\n${problems.map(formatProblem).join('\n')}`);
  return hit;
};

/** 1-based line and column of the first `needle` after the `generators:` line of a file. */
async function where(file: string, needle: string, nth = 1): Promise<{ line: number; col: number }> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  let seen = 0;
  for (let i = lines.findIndex((l) => l === 'generators:'); i < lines.length; i++) {
    const col = (lines[i] ?? '').indexOf(needle);
    if (col >= 0 && ++seen === nth) return { line: i + 1, col: col + 1 };
  }
  throw new Error(`${needle} not in ${file}`);
}

async function withConfig(run: (c: GeneratorConfig) => Promise<void>): Promise<void> {
  const c = await generatorConfig();
  try {
    await run(c);
  } finally {
    await c.cleanup();
  }
}

test('generators: no key relaxes host-key checking — strictHostKeyChecking is an unknown key, located', () =>
  withConfig(async (c) => {
    await c.editInventory((t) => t.replace('    k6: /usr/local/bin/k6\n', '    k6: /usr/local/bin/k6\n    strictHostKeyChecking: no\n'));
    const p = one(await problemsOf(options(c)), /unknown key 'strictHostKeyChecking'/);
    assert.equal(p.path, '/generators/1/strictHostKeyChecking');
    assert.deepEqual({ line: p.line, col: p.col }, await where(c.inventory, 'strictHostKeyChecking'));
  }));

test('generators: shape mistakes — knownHosts missing, a relative k6, a bad user, port, cores and workdir — each located', () =>
  withConfig(async (c) => {
    await c.editInventory((t) =>
      t
        .replace(
          '    knownHosts: known_hosts\n    workdir: /var/tmp/loadgate\n    k6: copy\n  - name: gen-2',
          '    workdir: /var/tmp/loadgate\n    k6: copy\n  - name: gen-2',
        )
        .replace('k6: /usr/local/bin/k6', 'k6: bin/k6')
        .replace('port: 2222', 'port: 0')
        .replace('cores: 4', 'cores: 1.5')
        .replace(/(name: gen-3\n.*\n) {4}user: loadgate/, '$1    user: -oProxyCommand=x')
        .replace(/(name: gen-3\n(.*\n){4}) {4}workdir: \/var\/tmp\/loadgate/, '$1    workdir: tmp'),
    );
    const problems = await problemsOf(options(c));
    assert.equal(one(problems, /missing required key 'knownHosts'/).path, '/generators/0');
    const k6 = one(problems, /'bin\/k6' must be 'copy' or an absolute path on the generator host/);
    assert.deepEqual({ path: k6.path, line: k6.line }, { path: '/generators/1/k6', line: (await where(c.inventory, 'bin/k6')).line });
    assert.equal(one(problems, /must be >= 1/).path, '/generators/1/port');
    assert.equal(one(problems, /must be integer/).path, '/generators/1/cores');
    assert.equal(one(problems, /'-oProxyCommand=x' is not a user name/).path, '/generators/2/user');
    assert.equal(one(problems, /'tmp' must start with '\/'/).path, '/generators/2/workdir');
  }));

test('generators: names unique and never local; hosts an address or a name, never an option', () =>
  withConfig(async (c) => {
    await c.editInventory((t) =>
      t.replace('name: gen-2', 'name: gen-1').replace('name: gen-3', 'name: local').replace('host: 127.0.0.33', 'host: -oProxyCommand=x'),
    );
    const problems = await problemsOf(options(c));
    const dup = one(problems, /duplicate generator name 'gen-1' \(first at \/generators\/0\)/);
    assert.deepEqual({ path: dup.path, line: dup.line }, { path: '/generators/1/name', line: (await where(c.inventory, 'gen-1', 2)).line });
    assert.equal(one(problems, /'local' is this machine/).path, '/generators/2/name');
    assert.equal(one(problems, /'-oProxyCommand=x' is not an IP address or host name/).path, '/generators/2/host');
  }));

test('generators: a missing known_hosts or identity file is a configuration error naming the field and the resolved path', () =>
  withConfig(async (c) => {
    await rm(join(c.dir, 'known_hosts'));
    await rm(join(c.dir, 'keys', 'id_gen'));
    const problems = await problemsOf(options(c));
    const known = problems.filter((p) => p.path.endsWith('/knownHosts'));
    assert.deepEqual(
      known.map((p) => p.path),
      ['/generators/0/knownHosts', '/generators/1/knownHosts', '/generators/2/knownHosts'],
    );
    assert.match(known[0]?.message ?? '', new RegExp(`^knownHosts: no such file ${join(c.dir, 'known_hosts')} \\(the pinned host keys`));
    assert.deepEqual({ line: known[0]?.line, col: known[0]?.col }, await where(c.inventory, 'known_hosts'));
    const id = one(
      problems,
      /^identityFile: no such file .*keys\/id_gen \(the private key ssh offers; leave the field out to use ssh-agent\)/,
    );
    assert.equal(id.path, '/generators/0/identityFile');
    // gen-2 has no identityFile: ssh-agent, nothing to check.
    assert.equal(problems.filter((p) => p.path === '/generators/1/identityFile').length, 0);
  }));

test('generators: a directory where a file belongs is refused too', () =>
  withConfig(async (c) => {
    await c.editInventory((t) => t.replace('knownHosts: known_hosts', 'knownHosts: keys'));
    assert.equal(one(await problemsOf(options(c)), /knownHosts: .*keys is not a regular file/).path, '/generators/0/knownHosts');
  }));
