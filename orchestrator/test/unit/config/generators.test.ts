import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPlan, type LoadOptions } from '../../../src/config/load.ts';
import { formatProblem, type ConfigProblem } from '../../../src/errors.ts';
import type { GeneratorPlan } from '../../../src/plan/types.ts';
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

test('generators: the section resolves to GeneratorPlans — port 22 by default, paths against the inventory directory', () =>
  withConfig(async (c) => {
    const plan = await loadPlan(options(c, { scenarios: ['chat', 'fir-concurrency', 'redis'] }));
    // gen-1 and gen-3 are written alike: a key file, port 22, k6 copied.
    const copied = (name: string, host: string): GeneratorPlan => ({
      kind: 'ssh',
      name,
      host,
      port: 22,
      user: 'loadgate',
      identityFile: join(c.dir, 'keys', 'id_gen'),
      knownHosts: join(c.dir, 'known_hosts'),
      workdir: '/var/tmp/loadgate',
      k6: { copy: true },
    });
    assert.deepEqual(plan.generators, [
      copied('gen-1', '127.0.0.31'),
      {
        kind: 'ssh',
        name: 'gen-2',
        host: '127.0.0.32',
        port: 2222,
        user: 'loadgate',
        knownHosts: join(c.dir, 'known_hosts'),
        workdir: '/var/tmp/loadgate',
        k6: { path: '/usr/local/bin/k6' },
        cores: 4,
      },
      copied('gen-3', '127.0.0.33'),
    ]);
  }));

/** The profile entry `scenario: <name>` of the load profile: its path and where it starts. */
async function entryOf(c: GeneratorConfig, scenario: string): Promise<{ line: number; col: number }> {
  const lines = (await readFile(c.profilesFile, 'utf8')).split('\n');
  const start = lines.findIndex((l) => l === '  load:');
  const i = lines.findIndex((l, j) => j > start && l.trim() === `- scenario: ${scenario}`);
  return { line: i + 1, col: (lines[i] ?? '').indexOf('scenario') + 1 };
}

const segmentsOf = (plan: Awaited<ReturnType<typeof loadPlan>>, id: string): Array<[string, string, number]> => {
  const s = plan.scenarios.find((x) => x.id === id);
  assert.ok(s?.engine === 'k6', id);
  return s.segments.map((seg) => [seg.generator, seg.segment.value, seg.load.vus]);
};

test('placement: every k6 scenario on every generator by default — chat 17/17/16; probes placed nowhere', () =>
  withConfig(async (c) => {
    const plan = await loadPlan(options(c, { scenarios: ['chat', 'redis'] }));
    assert.deepEqual(segmentsOf(plan, 'chat'), [
      ['gen-1', '0:1/3', 17],
      ['gen-2', '1/3:2/3', 17],
      ['gen-3', '2/3:1', 16],
    ]);
    assert.ok(!('segments' in (plan.scenarios.find((s) => s.id === 'redis') ?? {})));
  }));

test('placement: a segment with 0 VUs is exit 2 at the profile entry, with the VUs and the largest count that works', () =>
  withConfig(async (c) => {
    // The load profile's fir-single is 1 VU: over the three generators two would do nothing.
    const problems = await problemsOf(options(c));
    assert.equal(problems.length, 1, problems.map(formatProblem).join('\n'));
    const p = problems[0];
    assert.equal(
      p?.message,
      'fir-single: shared-iterations with 1 VU and 1 iteration over 3 generators leaves gen-2 (segment 1/3:2/3) 0 VUs; at most 1 generator works — place it on fewer or raise its VUs',
    );
    assert.equal(p?.file, c.profilesFile);
    assert.equal(p?.path, '/profiles/load/scenarios/0');
    assert.deepEqual({ line: p?.line, col: p?.col }, await entryOf(c, 'fir-single'));
  }));

test('placement: a profile entry narrows its generators; only generators some scenario uses are in the plan', () =>
  withConfig(async (c) => {
    await c.editProfiles((t) =>
      t
        .replace('params: { textLength: 600 }', 'params: { textLength: 600 }\n        generators: [gen-3]')
        .replace(
          'executor: { type: constant-vus, vus: 50, duration: 45s }',
          'executor: { type: constant-vus, vus: 50, duration: 45s }\n        generators: [gen-2, gen-1]',
        ),
    );
    const plan = await loadPlan(options(c));
    assert.deepEqual(segmentsOf(plan, 'fir-single'), [['gen-3', '0:1', 1]]);
    assert.deepEqual(segmentsOf(plan, 'chat'), [
      ['gen-2', '0:1/2', 25],
      ['gen-1', '1/2:1', 25],
    ]);
    assert.deepEqual(segmentsOf(plan, 'fir-concurrency'), [
      ['gen-1', '0:1/3', 4],
      ['gen-2', '1/3:2/3', 3],
      ['gen-3', '2/3:1', 3],
    ]);
    const only = await loadPlan(options(c, { scenarios: ['chat', 'redis'] }));
    assert.deepEqual(
      only.generators.map((g) => g.name),
      ['gen-1', 'gen-2'],
    );
    // `local` is this machine, a generator any entry may name.
    const local = await loadPlan(options(c, { scenarios: ['chat'], set: ['chat.generators=local'] }));
    assert.deepEqual(segmentsOf(local, 'chat'), [['local', '0:1', 50]]);
    assert.deepEqual(local.generators, [{ kind: 'local', name: 'local' }]);
    // …but only alone: this machine runs one whole k6 process, split segments run over ssh.
    const mixed = await problemsOf(options(c, { scenarios: ['chat'], set: ['chat.generators=gen-1,local'] }));
    one(mixed, /: 'local' runs a scenario only alone: split it over ssh generators, or name 'local' by itself$/);
  }));

test('placement: an unknown generator in a profile entry is located at its name; a probe takes none', () =>
  withConfig(async (c) => {
    await c.editProfiles((t) =>
      t.replace(
        'executor: { type: constant-vus, vus: 50, duration: 45s }',
        'executor: { type: constant-vus, vus: 50, duration: 45s }\n        generators: [gen-1, gen-9]',
      ),
    );
    const unknown = one(
      await problemsOf(options(c, { scenarios: ['chat'] })),
      /^no generator named 'gen-9' in the inventory \(have: local, gen-1, gen-2, gen-3\)$/,
    );
    assert.equal(unknown.path, '/profiles/load/scenarios/2/generators/1');
    const lines = (await readFile(c.profilesFile, 'utf8')).split('\n');
    assert.equal(lines[unknown.line - 1]?.slice(unknown.col - 1), 'gen-9]');
    await c.editProfiles((t) =>
      t.replace('database: main }', 'database: main }\n        generators: [gen-1]').replace('[gen-1, gen-9]', '[gen-1]'),
    );
    const probe = one(await problemsOf(options(c)), /^redis is a probe: it runs on the orchestrator, not on generators$/);
    assert.equal(probe.path, '/profiles/load/scenarios/3/generators');
  }));

test('placement: --set <scenario>.generators narrows too; its mistakes are located on the command line', () =>
  withConfig(async (c) => {
    const plan = await loadPlan(options(c, { scenarios: ['chat'], set: ['chat.generators=gen-3,gen-1'] }));
    assert.deepEqual(
      segmentsOf(plan, 'chat').map(([g]) => g),
      ['gen-3', 'gen-1'],
    );
    const unknown = await problemsOf(options(c, { scenarios: ['chat'], set: ['chat.executor.vus=2', 'chat.generators=gen-1,nope'] }));
    assert.deepEqual(unknown.map(formatProblem), [
      "command-line:1:2  /profiles/load/scenarios/2/generators/1  --set chat.generators=gen-1,nope: no generator named 'nope' in the inventory (have: local, gen-1, gen-2, gen-3)",
    ]);
    const zero = await problemsOf(options(c, { scenarios: ['chat'], set: ['chat.executor.vus=2', 'chat.generators=gen-1,gen-2,gen-3'] }));
    assert.match(
      formatProblem(zero[0] ?? one(zero, /./)),
      /^command-line:1:2 {2}\/profiles\/load\/scenarios\/2\/generators {2}--set chat\.generators=gen-1,gen-2,gen-3: chat: constant-vus with 2 VUs over 3 generators leaves gen-3 .* at most 2 generators work/,
    );
    const empty = await problemsOf(options(c, { set: ['chat.generators=gen-1,,gen-2'] }));
    one(empty, /--set chat\.generators=gen-1,,gen-2: expected generator names separated by commas/);
    const twice = await problemsOf(options(c, { scenarios: ['chat'], set: ['chat.generators=gen-1,gen-1'] }));
    assert.equal(one(twice, /duplicate items/).file, 'command-line');
  }));

test('placement: without a generators: section a profile may name only local', async () => {
  const c = await generatorConfig();
  try {
    await c.editInventory((t) => t.slice(0, t.indexOf('\ngenerators:')));
    const plan = await loadPlan(options(c, { scenarios: ['chat'], set: ['chat.generators=local'] }));
    assert.deepEqual(segmentsOf(plan, 'chat'), [['local', '0:1', 50]]);
    one(
      await problemsOf(options(c, { scenarios: ['chat'], set: ['chat.generators=gen-1'] })),
      /no generator named 'gen-1' in the inventory \(have: local\)/,
    );
  } finally {
    await c.cleanup();
  }
});

test('the loopback guard: a run refuses a non-loopback generator host at its line, before any ssh; plan and validate show it', () =>
  withConfig(async (c) => {
    await c.editInventory((t) => t.replace('host: 127.0.0.32', 'host: 192.0.2.10'));
    const run = { env: { LOADGATE_LOOPBACK_ONLY: '1' }, forRun: true, scenarios: ['chat'] };
    const problems = await problemsOf(options(c, run));
    assert.deepEqual(
      problems.map((p) => [p.path, p.message]),
      [
        [
          '/generators/1/host',
          'host 192.0.2.10 (generator gen-2) is not a loopback address; LOADGATE_LOOPBACK_ONLY=1 refuses to connect to it',
        ],
      ],
    );
    assert.equal(problems[0]?.line, (await where(c.inventory, '192.0.2.10')).line);
    // A generator no scenario uses is never contacted, so it is not refused; without the guard a plan shows it.
    await loadPlan(options(c, { ...run, set: ['chat.generators=gen-1,gen-3'] }));
    await loadPlan(options(c, { scenarios: ['chat'] }));
  }));
