import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPlan } from '../../../src/config/load.ts';
import { formatProblem, type ConfigProblem } from '../../../src/errors.ts';
import { scenarioNames } from '../../../src/catalog.ts';
import type { ScenarioPlan } from '../../../src/plan/types.ts';
import { copyConfig, problemsOf, realPlan } from './fixture.ts';
import { productionHost } from '../../helpers/production.ts';

const one = (problems: ConfigProblem[], re: RegExp): ConfigProblem => {
  const hit = problems.find((p) => re.test(p.message));
  assert.ok(hit, `no problem matching ${re}; got:\n${problems.map(formatProblem).join('\n')}`);
  return hit;
};

/** Breaks one file of a fresh copy of the real configuration and returns loadPlan's problems. */
async function broken(
  which: 'inventory' | 'vmInventory' | 'profilesFile' | `thresholds/${string}`,
  change: (text: string) => string,
  extra: Parameters<Awaited<ReturnType<typeof copyConfig>>['options']>[0] = {},
): Promise<ConfigProblem[]> {
  const c = await copyConfig();
  try {
    const file = which.startsWith('thresholds/') ? join(c.thresholdsDir, which.slice('thresholds/'.length)) : c[which as 'inventory'];
    await c.edit(file, change);
    return await problemsOf(c.options({ inventory: which === 'vmInventory' ? c.vmInventory : c.inventory, ...extra }));
  } finally {
    await c.cleanup();
  }
}

test('the real configuration: every profile plans against the lab with no environment at all', async () => {
  for (const profile of ['smoke', 'load', 'stress', 'soak']) {
    const plan = await realPlan({ profile, env: {} });
    assert.equal(plan.profile, profile);
    assert.ok(plan.scenarios.length > 0);
    assert.equal(plan.inventory.lab, true);
    for (const s of plan.scenarios) assert.ok(s.criteria.length > 0, `${s.id} has criteria`);
  }
});

test('load profile: the original default scenarios, resolved against the lab', async () => {
  const plan = await realPlan();
  assert.deepEqual(
    plan.scenarios.map((s) => s.id),
    ['fir-single', 'fir-concurrency', 'chat', 'redis', 'mixed', 'cross-vm'],
  );
  const fir = plan.scenarios.find((s) => s.id === 'fir-concurrency');
  assert.ok(fir?.engine === 'k6');
  assert.deepEqual(fir.executor, { type: 'per-vu-iterations', vus: 10, iterations: 1, maxDuration: '90s' });
  assert.equal(fir.targets['afirgen']?.baseUrl, 'http://127.0.0.20:8000');
  assert.equal(fir.apiKey, 'loadgate-lab-key');
  assert.deepEqual(fir.canary, { vm: 'main', url: 'http://127.0.0.20:8000/health' });
  const chat = plan.scenarios.find((s) => s.id === 'chat');
  assert.ok(chat?.engine === 'k6');
  assert.equal(chat.targets['chat']?.baseUrl, 'http://127.0.0.20:8001');
  assert.equal(chat.canary?.url, 'http://127.0.0.20:8001/api/health');
  assert.equal(chat.apiKey, undefined);
  const redis = plan.scenarios.find((s) => s.id === 'redis');
  assert.ok(redis?.engine === 'probe');
  assert.deepEqual(redis.redis, { vm: 'redis', host: '127.0.0.23', port: 6379, tls: false, db: 0, dbName: 'main', timeoutMs: 5000 });
  const cross = plan.scenarios.find((s) => s.id === 'cross-vm');
  assert.ok(cross?.engine === 'probe');
  assert.equal(cross.checks?.length, 8);
  assert.ok(cross.checks?.every((c) => c.host.startsWith('127.0.0.2')));
  assert.deepEqual(plan.secrets, ['loadgate-lab-key']);
});

test('every catalog scenario has a thresholds file, and each criterion carries its source and line', async () => {
  const plan = await realPlan({ profile: 'smoke' });
  assert.deepEqual(plan.scenarios.map((s) => s.scenario).sort(), scenarioNames().sort());
  const chat = plan.scenarios.find((s) => s.scenario === 'chat');
  const p95 = chat?.criteria.find((c) => c.expression === 'p(95)<2000');
  assert.equal(p95?.source, 'k6');
  assert.match(p95?.file ?? '', /thresholds\/chat\.yaml$/);
  assert.ok((p95?.line ?? 0) > 1);
  const canary = chat?.criteria.find((c) => c.metric === 'canary_duration');
  assert.equal(canary?.source, 'canary');
  assert.equal(canary?.strict, true, 'a stalling target fails the run (issue 6: canary p99 under a threshold)');
  const critical = plan.scenarios.find((s) => s.scenario === 'cross-vm')?.criteria.find((c) => c.tags['critical'] === 'true');
  assert.equal(critical?.expression, 'rate==1');
  assert.equal(critical?.source, 'probe');
});

test('default criteria reproduce the original suites', async () => {
  const plan = await realPlan({ profile: 'smoke' });
  const strict = (scenario: string): string[] =>
    (plan.scenarios.find((s) => s.scenario === scenario)?.criteria ?? [])
      .filter((c) => c.strict)
      .map((c) => `${c.selector} ${c.expression}`);
  assert.ok(strict('chat').includes('chat_turn_duration p(95)<2000'));
  assert.ok(strict('chat').includes('chat_failed rate<0.01'));
  assert.deepEqual(strict('redis'), ['redis_batch_duration max<2000', 'redis_op_failed rate==0']);
  assert.ok(strict('mixed').includes('mixed_total_duration max<5000'));
  assert.deepEqual(strict('cross-vm'), ['vm_reachable rate>=0.5', 'vm_reachable{critical:true} rate==1']);
  assert.ok(strict('fir-single').includes('fir_e2e_duration max<30000'));
  assert.ok(strict('fir-concurrency').includes('fir_batch_duration max<35000'));
});

test('vm-inventory.yaml plans (never runs): production hosts, the key from the environment', async () => {
  const plan = await realPlan({ inventory: join(process.cwd(), 'vm-inventory.yaml'), env: { AFIRGEN_API_KEY: 'sekrit-key-1' } });
  assert.equal(plan.inventory.lab, false);
  const fir = plan.scenarios.find((s) => s.id === 'fir-single');
  assert.ok(fir?.engine === 'k6');
  assert.equal(fir.targets['afirgen']?.baseUrl, `http://${productionHost('main')}:8000`);
  assert.equal(fir.apiKey, 'sekrit-key-1');
  assert.deepEqual(plan.secrets, ['sekrit-key-1']);
  const redis = plan.scenarios.find((s) => s.id === 'redis');
  assert.ok(redis?.engine === 'probe');
  assert.equal(redis.redis?.password, undefined, 'AUTOBOT_REDIS_PASSWORD unset: no AUTH');
  const withPassword = await realPlan({
    inventory: join(process.cwd(), 'vm-inventory.yaml'),
    env: { AFIRGEN_API_KEY: 'k1', AUTOBOT_REDIS_PASSWORD: 'pw-2' },
    profile: 'smoke',
  });
  const probe = withPassword.scenarios.find((s) => s.id === 'redis');
  assert.ok(probe?.engine === 'probe');
  assert.equal(probe.redis?.password, 'pw-2');
  assert.deepEqual([...withPassword.secrets].sort(), ['k1', 'pw-2']);
});

test('a missing environment variable is located at the reference', async () => {
  const problems = await problemsOf({
    ...(await import('./fixture.ts')).realOptions({ inventory: join(process.cwd(), 'vm-inventory.yaml') }),
  });
  const p = one(problems, /AFIRGEN_API_KEY is not set/);
  assert.match(p.file, /vm-inventory\.yaml$/);
  assert.equal(p.path, '/vms/0/services/1/apiKey');
  assert.ok(p.line > 1 && p.col > 1);
});

test('the loopback guard: under LOADGATE_LOOPBACK_ONLY=1 a run refuses a production host, located at its line', async () => {
  const env = { LOADGATE_LOOPBACK_ONLY: '1', AFIRGEN_API_KEY: 'k' };
  const problems = await problemsOf(
    (await import('./fixture.ts')).realOptions({ inventory: join(process.cwd(), 'vm-inventory.yaml'), env, forRun: true }),
  );
  const hosts = problems.filter((p) => /not a loopback address/.test(p.message));
  assert.equal(hosts.length, 6, 'cross-vm contacts every VM');
  assert.equal(hosts[0]?.path, '/vms/0/host');
  assert.match(hosts[0]?.message ?? '', /172\.16\.168\.20/);
  // Only the hosts the plan contacts: chat alone touches main only.
  const chatOnly = await problemsOf(
    (await import('./fixture.ts')).realOptions({
      inventory: join(process.cwd(), 'vm-inventory.yaml'),
      env,
      forRun: true,
      scenarios: ['chat'],
    }),
  );
  assert.deepEqual(
    chatOnly.map((p) => p.path),
    ['/vms/0/host'],
  );
  // The same inventory may be planned (forRun false), and the lab passes the guard.
  await realPlan({ inventory: join(process.cwd(), 'vm-inventory.yaml'), env, forRun: false });
  await realPlan({ env: { LOADGATE_LOOPBACK_ONLY: '1' }, forRun: true });
});

test('the guard refuses host names other than localhost (resolving them would send DNS)', async () => {
  const problems = await broken('inventory', (t) => t.replace('host: 127.0.0.23', 'host: redis.internal'), {
    env: { LOADGATE_LOOPBACK_ONLY: '1' },
    forRun: true,
  });
  assert.equal(one(problems, /redis\.internal.*not a loopback/).path, '/vms/3/host');
  const local = await copyConfig();
  try {
    await local.edit(local.inventory, (t) => t.replace('host: 127.0.0.23', 'host: localhost'));
    await loadPlan(local.options({ env: { LOADGATE_LOOPBACK_ONLY: '1' }, forRun: true }));
  } finally {
    await local.cleanup();
  }
});

test('inventory: wrong types, unknown keys, bad ports — all reported at once, each located', async () => {
  const problems = await broken('inventory', (t) =>
    t
      .replace('port: 8001', 'port: "8001"')
      .replace('port: 5173', 'port: 70000')
      .replace('role: browser', 'role: browser\n    colour: blue'),
  );
  assert.equal(one(problems, /must be integer/).path, '/vms/0/services/0/port');
  assert.equal(one(problems, /must be <= 65535/).path, '/vms/1/services/0/port');
  const unknown = one(problems, /unknown key 'colour'/);
  assert.equal(unknown.path, '/vms/5/colour');
  assert.equal(unknown.col, 5);
});

test('inventory: duplicate VM names, health check unfit for the kind, dangling target', async () => {
  const problems = await broken('inventory', (t) =>
    t
      .replace('- name: browser', '- name: frontend')
      .replace('health: { command: PING }', 'health: { method: GET, path: /, expectStatus: [200] }')
      .replace('chat: { vm: main, service: backend }', 'chat: { vm: main, service: nope }'),
  );
  assert.equal(one(problems, /duplicate VM name 'frontend'/).path, '/vms/5/name');
  one(problems, /'method' does not apply to a redis service/);
  one(problems, /redis health check needs 'command'/);
  assert.equal(one(problems, /VM main has no service 'nope'/).path, '/targets/chat/service');
});

test('inventory: a literal password or API key is an error', async () => {
  const problems = await broken('inventory', (t) =>
    t.replace('${LAB_REDIS_PASSWORD:-}', 'hunter2').replace('${AFIRGEN_API_KEY:-loadgate-lab-key}', 'abc123'),
  );
  assert.equal(one(problems, /literal secret.*AUTOBOT_REDIS_PASSWORD/).path, '/vms/3/services/0/password');
  assert.equal(one(problems, /literal secret.*AFIRGEN_API_KEY/).path, '/vms/0/services/1/apiKey');
});

test('a key with no value is refused', async () => {
  const problems = await broken('inventory', (t) => t.replace('role: frontend', 'role:'));
  assert.match(one(problems, /has no value/).path, /\/vms\/1\/role/);
});

test('thresholds: bad expression, unknown metric, unknown tag, unfitting aggregation, wrong file', async () => {
  const problems = await broken('thresholds/chat.yaml', (t) =>
    t
      .replace('expression: p(95)<2000', 'expression: p(95)<<2')
      .replace('metric: chat_failed', 'metric: chat_errors')
      .replace('metric: http_req_failed', 'metric: http_req_failed{colour:red}')
      .replace('expression: max<1000', 'expression: rate<0.1'),
  );
  const bad = one(problems, /'p\(95\)<<2' is not a k6 threshold expression/);
  assert.equal(bad.path, '/criteria/0/expression');
  assert.match(bad.file, /chat\.yaml$/);
  assert.equal(bad.line, 6);
  one(problems, /scenario chat has no metric 'chat_errors'/);
  one(problems, /metric http_req_failed has no tag 'colour'/);
  one(problems, /rate does not apply to canary_duration, a trend metric/);
  const moved = await broken('thresholds/redis.yaml', (t) => t.replace('scenario: redis', 'scenario: mixed'));
  one(moved, /thresholds for scenario mixed belong in mixed\.yaml/);
  one(moved, /already has its thresholds/);
});

test('thresholds: a k6 system tag is allowed on k6 metrics only', async () => {
  const c = await copyConfig();
  try {
    await c.edit(join(c.thresholdsDir, 'chat.yaml'), (t) => t.replace('metric: http_req_failed', 'metric: http_req_failed{status:500}'));
    await loadPlan(c.options());
    await c.edit(join(c.thresholdsDir, 'redis.yaml'), (t) => t.replace('metric: redis_op_failed', 'metric: redis_op_failed{status:500}'));
    one(await problemsOf(c.options()), /redis_op_failed has no tag 'status'/);
  } finally {
    await c.cleanup();
  }
});

test('thresholds: abortOnFail only on metrics k6 itself measures (not the canary, not derived batches)', async () => {
  const problems = await broken('thresholds/fir-concurrency.yaml', (t) =>
    t.replace(/(metric: fir_batch_duration\n {4}expression: max<35000\n {4}severity: strict\n)/, '$1    abortOnFail: true\n'),
  );
  one(problems, /abortOnFail needs a metric k6 measures; fir_batch_duration comes from loadgate, after k6 ends/);
  const canary = await broken('thresholds/chat.yaml', (t) =>
    t.replace(/(metric: canary_duration\n {4}expression: max<1000\n {4}severity: strict\n)/, '$1    abortOnFail: true\n'),
  );
  one(canary, /abortOnFail needs a metric k6 measures; canary_duration comes from the canary/);
  const advisory = await broken('thresholds/chat.yaml', (t) => t.replace(/(expression: rate<0\.5\n {4}severity: )strict/, '$1advisory'));
  one(advisory, /abortOnFail on an advisory criterion: only a strict criterion may stop the run/);
});

test('a scenario with no thresholds file cannot be planned', async () => {
  const c = await copyConfig();
  try {
    await rm(join(c.thresholdsDir, 'mixed.yaml'));
    one(await problemsOf(c.options()), /no thresholds file for scenario mixed/);
    await writeFile(join(c.thresholdsDir, 'mixed.yaml'), '');
    one(await problemsOf(c.options()), /is empty/);
  } finally {
    await c.cleanup();
  }
});

test('profiles: unknown parameter, out-of-range value, probe with an executor, duplicate id', async () => {
  const problems = await broken('profilesFile', (t) =>
    t
      .replace('params: { textLength: 600 }', 'params: { textLength: 5, colour: red, textVia: body }')
      .replace(
        'params: { operations: 100, valueBytes: 64, database: main }',
        'params: { operations: 100 }\n        executor: { type: constant-vus, vus: 1, duration: 1s }',
      )
      .replace('id: fir-concurrency-20', 'id: fir-concurrency-15'),
  );
  one(problems, /'textLength' must be between 10 and 50000/);
  one(problems, /unknown parameter 'colour' for scenario fir-single/);
  one(problems, /'textVia' must be one of form, query/);
  one(problems, /redis is a probe: it takes no executor/);
  one(problems, /duplicate id 'fir-concurrency-15'/);
});

test('profiles: an unknown Redis database name is located where it was written', async () => {
  const problems = await broken('profilesFile', (t) =>
    t.replace('database: main }\n      - scenario: mixed', 'database: nosuch }\n      - scenario: mixed'),
  );
  assert.match(one(problems, /no Redis database named 'nosuch'/).path, /\/profiles\/load\/scenarios\/3\/params\/database/);
});

test('fir-concurrency: the executor is derived; a contradicting one is refused', async () => {
  const problems = await broken('profilesFile', (t) =>
    t.replace(
      'params: { concurrency: 10, rounds: 1 }\n        maxDuration: 90s',
      'params: { concurrency: 10 }\n        executor: { type: constant-vus, vus: 3, duration: 10s }',
    ),
  );
  one(problems, /executor is derived/);
  const plan = await realPlan({ set: ['fir-concurrency.params.concurrency=5', 'fir-concurrency.params.rounds=3'] });
  const fir = plan.scenarios.find((s) => s.id === 'fir-concurrency');
  assert.ok(fir?.engine === 'k6');
  assert.deepEqual(fir.executor, { type: 'per-vu-iterations', vus: 5, iterations: 3, maxDuration: '90s' });
});

test('parameters the k6 scripts and probes read can all be set; an optional one has no default and is not required', async () => {
  const plan = await realPlan({
    profile: 'smoke',
    set: [
      'redis.params.concurrency=5',
      'chat.params.httpTimeoutMs=5000',
      'mixed.params.valueBytes=128',
      'cross-vm.params.eventLoopStallLimitMs=25',
    ],
  });
  const params = (id: string): Record<string, unknown> => plan.scenarios.find((s) => s.id === id)?.params ?? {};
  assert.equal(params('redis')['concurrency'], 5);
  assert.equal(params('chat')['httpTimeoutMs'], 5000);
  assert.equal(params('mixed')['valueBytes'], 128);
  assert.equal(params('cross-vm')['eventLoopStallLimitMs'], 25);
  const defaults = await realPlan({ profile: 'smoke' });
  assert.equal(
    defaults.scenarios.find((s) => s.id === 'redis')?.params['concurrency'],
    undefined,
    'redis concurrency defaults to all operations, in the probe',
  );
});

test('override order: built-in default < profile defaults < entry < --set', async () => {
  // smoke: profile defaults thinkTimeMs 200, turns 2; chat-open's entry says turns 1; built-in thinkTimeMs is 1000.
  const smoke = await realPlan({ profile: 'smoke' });
  const params = (id: string): Record<string, unknown> => smoke.scenarios.find((s) => s.id === id)?.params ?? {};
  // Built-in defaults of every k6 HTTP scenario; the Retry-After cap is half these 5 s scenarios (config/retry-cap.ts).
  const http = { httpTimeoutMs: 65_000, retryMaxWaitMs: 2500 };
  assert.deepEqual(params('chat'), { turns: 2, thinkTimeMs: 200, ...http }, 'profile defaults over built-in');
  assert.deepEqual(params('chat-open'), { turns: 1, thinkTimeMs: 200, ...http }, 'entry over profile defaults');
  assert.equal(params('fir-single')['thinkTimeMs'], undefined, 'defaults reach only scenarios that take them');
  const set = await realPlan({ profile: 'smoke', set: ['chat-open.params.turns=4', 'chat.executor.vus=10', 'chat.params.turns=2'] });
  const chatOpen = set.scenarios.find((s) => s.id === 'chat-open');
  assert.equal(chatOpen?.params['turns'], 4, '--set over the entry');
  const chat = set.scenarios.find((s) => s.id === 'chat');
  assert.ok(chat?.engine === 'k6');
  assert.deepEqual(chat.executor, { type: 'constant-vus', vus: 10, duration: '5s' });
});

const vusOf = (s: ScenarioPlan): number | undefined => (s.engine === 'k6' && 'vus' in s.executor ? s.executor.vus : undefined);

test('--set: an id addresses one entry, a scenario name every entry of it', async () => {
  const one15 = await realPlan({ profile: 'stress', set: ['fir-concurrency-15.params.concurrency=3'] });
  assert.deepEqual(one15.scenarios.filter((s) => s.engine === 'k6' && s.scenario === 'fir-concurrency').map(vusOf), [3, 20]);
  const both = await realPlan({ profile: 'stress', set: ['fir-concurrency.params.concurrency=4', 'rounds=2', 'pauseMs=100'] });
  assert.deepEqual(
    both.scenarios.filter((s) => s.scenario === 'fir-concurrency').map((s) => s.params['concurrency']),
    [4, 4],
  );
  assert.equal(both.rounds, 2);
  assert.equal(both.pauseMs, 100);
});

test('--set and --scenario mistakes are located on the command line', async () => {
  const problems = await problemsOf(
    (await import('./fixture.ts')).realOptions({ set: ['chat.executor.vus=abc', 'nope.params.x=1', 'garbage'], scenarios: ['chat,bogus'] }),
  );
  const vus = one(problems, /--set chat\.executor\.vus=abc: must be integer/);
  assert.deepEqual([vus.file, vus.line, vus.col], ['command-line', 1, 1]);
  one(problems, /--set nope\.params\.x=1: profile load has no scenario or id 'nope'/);
  one(problems, /--set garbage: expected key=value/);
  one(problems, /--scenario bogus: profile load has no scenario or id 'bogus'/);
  one(await problemsOf((await import('./fixture.ts')).realOptions({ profile: 'nosuch' })), /--profile nosuch: no such profile/);
});

test('--scenario keeps only the named entries, by scenario or id, comma lists or repeated', async () => {
  const plan = await realPlan({ profile: 'stress', scenarios: ['chat-knee,fir-concurrency-20', 'chat-open'] });
  assert.deepEqual(
    plan.scenarios.map((s) => s.id),
    ['fir-concurrency-20', 'chat-knee', 'chat-open'],
  );
});

test('problems from several files come together, in file order', async () => {
  const c = await copyConfig();
  try {
    await c.edit(c.inventory, (t) => t.replace('port: 8001', 'port: 0'));
    await c.edit(c.profilesFile, (t) => t.replace('vus: 50, duration: 45s', 'vus: 50, duration: 45x'));
    await c.edit(join(c.thresholdsDir, 'mixed.yaml'), (t) => t.replace('max<5000', 'maximum<5000'));
    const problems = await problemsOf(c.options());
    assert.equal(new Set(problems.map((p) => p.file)).size, 3);
    for (const p of problems) assert.match(formatProblem(p), /^\S+:\d+:\d+ {2}\/\S* {2}\S/);
  } finally {
    await c.cleanup();
  }
});
