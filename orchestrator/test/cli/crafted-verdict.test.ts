/**
 * A verdict.json is input: `compare` and `report` read the files it names only when they are regular files
 * inside its run directory. Each crafted path ends with exit 2 and one line naming the field, never a read
 * of /etc/passwd, a spin on /dev/zero or a hang on a FIFO (the test timeout bounds that).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { runCli } from '../helpers/cli.ts';
import { tempRunDir } from '../fixtures/runs/make-run.ts';
import { makeRun } from '../fixtures/runs/make-run.ts';

/** Rewrites one field of the run's verdict.json: scenarios[0].samples[0], or an artifact when `artifact` is set. */
async function craft(dir: string, path: string, artifact?: string): Promise<void> {
  const file = join(dir, 'verdict.json');
  const text = await readFile(file, 'utf8');
  const samples = '"samples": [\n        "k6/chat/samples.json.gz"';
  const artifacts = /"artifacts": \{\s*\}/;
  assert.ok(text.includes(samples) && artifacts.test(text), 'the fixture run has one sample file and no artifacts');
  const crafted = artifact
    ? text.replace(artifacts, `"artifacts": { ${JSON.stringify(artifact)}: ${JSON.stringify(path)} }`)
    : text.replace(samples, `"samples": [${JSON.stringify(path)}`);
  await writeFile(file, crafted);
}

const cases: Array<{ name: string; path: (dir: string) => Promise<string>; problem: RegExp; artifact?: string }> = [
  { name: 'a path climbing out', path: () => Promise.resolve('../../../../../etc/passwd'), problem: /is outside the run directory/ },
  { name: '/dev/zero', path: () => Promise.resolve('/dev/zero'), problem: /absolute path/ },
  {
    name: 'a FIFO inside the run',
    path: async (dir) => {
      await execa('mkfifo', [join(dir, 'k6', 'chat', 'fifo')]);
      return 'k6/chat/fifo';
    },
    problem: /'k6\/chat\/fifo' is a FIFO/,
  },
  {
    name: 'a device reached through a symlink inside the run',
    path: async (dir) => {
      await symlink('/dev/zero', join(dir, 'k6', 'chat', 'zero'));
      return 'k6/chat/zero';
    },
    problem: /leads outside the run directory \(to \/dev\/zero\)/,
  },
  {
    name: 'a symlink escaping the run',
    path: async (dir) => {
      await symlink('/etc/passwd', join(dir, 'k6', 'chat', 'passwd'));
      return 'k6/chat/passwd';
    },
    problem: /leads outside the run directory \(to \/etc\/passwd\)/,
  },
  { name: 'an artifact climbing out', path: () => Promise.resolve('../x/../../etc/passwd'), problem: /is outside/, artifact: 'stolen' },
];

for (const c of cases) {
  test(`compare and report refuse a verdict naming ${c.name}: exit 2, one line naming the field`, { timeout: 60_000 }, async (t) => {
    const good = await tempRunDir();
    const bad = await tempRunDir();
    t.after(() => Promise.all([rm(good, { recursive: true, force: true }), rm(bad, { recursive: true, force: true })]));
    await makeRun(good, (i) => 100 + (i % 50));
    await makeRun(bad, (i) => 150 + (i % 50));
    await craft(bad, await c.path(bad), c.artifact);
    const field = c.artifact ? `scenarios\\[0\\]\\.artifacts\\.${c.artifact}` : 'scenarios\\[0\\]\\.samples\\[0\\]';
    for (const args of [
      ['compare', good, bad],
      ['compare', join(bad, 'verdict.json'), good],
      ['report', bad],
    ]) {
      const r = await runCli(args, { timeout: 30_000 });
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`verdict\\.json: ${field}: `));
      assert.match(r.stderr, c.problem);
      assert.doesNotMatch(r.stdout + r.stderr, /root:/);
    }
  });
}

test('a verdict.json that is itself a FIFO: exit 2, one line, no hang', { timeout: 60_000 }, async (t) => {
  const dir = await tempRunDir();
  t.after(() => rm(dir, { recursive: true, force: true }));
  await execa('mkfifo', [join(dir, 'verdict.json')]);
  const r = await runCli(['report', dir], { timeout: 30_000 });
  assert.equal(r.exitCode, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /verdict\.json: cannot read .*is a FIFO/);
});
