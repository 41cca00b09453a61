import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { projectPath } from '../../src/paths.ts';

const LOCATED = /^loadgate: .+:\d+:\d+ {2}\/\S* {2}\S/;

/** Exit 2, one located line per problem, no stack trace. */
function assertConfigError(r: { exitCode: number; stderr: string }, expect: RegExp): void {
  assert.equal(r.exitCode, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.match(lines[0] ?? '', LOCATED);
  for (const line of lines.slice(1)) assert.match(line, /^\S+:\d+:\d+ {2}\/\S* {2}\S/, line);
  assert.match(r.stderr, expect);
  assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+\)?$/m, 'no stack trace');
}

test('validate: the real lab configuration is valid, exit 0', async () => {
  const r = await runCli(['validate']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^ok: .*lab\/inventory\.yaml, .*thresholds, profile load \(6 scenarios, \d+ criteria\)$/m);
});

test('validate: vm-inventory.yaml validates with its key set, every profile', async () => {
  for (const profile of ['smoke', 'load', 'stress', 'soak']) {
    const r = await runCli(['validate', '--inventory', 'vm-inventory.yaml', '--profile', profile, '--json'], {
      cwd: projectPath(),
      env: { AFIRGEN_API_KEY: 'x' },
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { ok: boolean }).ok, true);
  }
});

test('validate: vm-inventory.yaml without AFIRGEN_API_KEY names the variable and its line', async () => {
  const r = await runCli(['validate', '--inventory', 'vm-inventory.yaml'], { cwd: projectPath(), env: { AFIRGEN_API_KEY: '' } });
  assertConfigError(
    r,
    /^loadgate: vm-inventory\.yaml:35:17 {2}\/vms\/0\/services\/1\/apiKey {2}environment variable AFIRGEN_API_KEY is not set/,
  );
});

test('validate: bad input of every kind — exit 2, file:line:col per problem, no stack', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-cli-validate-'));
  try {
    const inv = join(dir, 'inventory.yaml');
    const original = await readFile(projectPath('lab', 'inventory.yaml'), 'utf8');
    const thresholds = join(dir, 'thresholds');
    await cp(projectPath('thresholds'), thresholds, { recursive: true });
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ['malformed YAML', 'name: lab\nvms: [\n', /inventory\.yaml:\d+:\d+ {2}\/ {2}YAML: /],
      ['wrong type', original.replace('port: 8001', 'port: eight'), /\/vms\/0\/services\/0\/port {2}must be integer/],
      ['unknown key', original.replace('\nlab: true', '\nlab: true\nlabb: true'), /inventory\.yaml:7:1 {2}\/labb {2}unknown key 'labb'/],
      ['duplicate VM', original.replace('- name: browser', '- name: main'), /\/vms\/5\/name {2}duplicate VM name 'main'/],
      ['literal password', original.replace('${LAB_REDIS_PASSWORD:-}', 'hunter2'), /\/password {2}a literal secret is not allowed/],
      ['empty file', '', /inventory\.yaml:1:1 {2}\/ {2}is empty/],
      ['binary garbage', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0xff, 0xfe]), /inventory\.yaml:1:1 {2}\/ {2}is not UTF-8 text|NUL/],
    ];
    for (const [name, content, expect] of cases) {
      await writeFile(inv, content);
      const r = await runCli(['validate', '--inventory', inv, '--thresholds', thresholds]);
      assertConfigError(r, expect);
      assert.ok(r.stderr.length > 0, name);
    }
    await writeFile(inv, original);
    await writeFile(
      join(thresholds, 'chat.yaml'),
      (await readFile(join(thresholds, 'chat.yaml'), 'utf8')).replace('p(95)<2000', 'p(95)<<2'),
    );
    await writeFile(
      join(thresholds, 'redis.yaml'),
      (await readFile(join(thresholds, 'redis.yaml'), 'utf8')).replace('metric: redis_op_failed', 'metric: redis_nope'),
    );
    const r = await runCli(['validate', '--inventory', inv, '--thresholds', thresholds]);
    assertConfigError(r, /chat\.yaml:6:17 {2}\/criteria\/0\/expression {2}'p\(95\)<<2' is not a k6 threshold expression/);
    assert.match(r.stderr, /redis\.yaml:\d+:\d+ {2}\/criteria\/1\/metric {2}scenario redis has no metric 'redis_nope'/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('validate: a directory instead of a file, and a 50 MB file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-cli-validate-'));
  try {
    assertConfigError(await runCli(['validate', '--inventory', dir]), /:1:1 {2}\/ {2}is a directory, expected a YAML file/);
    const big = join(dir, 'big.yaml');
    const fh = await open(big, 'w');
    await fh.truncate(50 * 1024 * 1024);
    await fh.close();
    assertConfigError(await runCli(['validate', '--profiles', big]), /big\.yaml:1:1 {2}\/ {2}is 52428800 bytes, over the \d+-byte limit/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('validate: flag mistakes are located on the command line', async () => {
  const r = await runCli(['validate', '--set', 'chat.executor.vus=abc', '--scenario', 'chat,nope', '--profile', 'load']);
  assertConfigError(r, /command-line:1:1 {2}\S+ {2}--set chat\.executor\.vus=abc: must be integer/);
  assert.match(r.stderr, /--scenario nope: profile load has no scenario or id 'nope'/);
});

test("validate: a bad profile name is printed as the name, not '[object Object]'", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-validate-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const profiles = (await readFile(projectPath('orchestrator/profiles.yaml'), 'utf8'))
    .replace(/^ {2}smoke:/m, '  Bad_Name:')
    .replace(/\$schema=\S+/, `$schema=${projectPath('orchestrator/schemas/profiles.schema.json')}`);
  await writeFile(join(dir, 'profiles.yaml'), profiles);
  const r = await runCli(['validate', '--profiles', join(dir, 'profiles.yaml')]);
  assertConfigError(r, /profiles\.yaml:\d+:3 {2}\/profiles\/Bad_Name {2}'Bad_Name' is not a name/);
  assert.doesNotMatch(r.stderr, /object Object/);
});
