import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.ts';
import { projectPath } from '../../src/paths.ts';
import { productionHost } from '../helpers/production.ts';

test('plan: prints every target, executor, load and criterion of the lab run, exit 0', async () => {
  const r = await runCli(['plan']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^profile load: 6 scenario\(s\)$/m);
  assert.match(r.stdout, /target afirgen: http:\/\/127\.0\.0\.20:8000/);
  assert.match(r.stdout, /target chat: http:\/\/127\.0\.0\.20:8001/);
  assert.match(r.stdout, /redis: redis:\/\/127\.0\.0\.23:6379\/0 \(main, no AUTH\)/);
  assert.match(r.stdout, /executor: constant-vus: 50 VUs for 45s/);
  assert.match(r.stdout, /vm_reachable\{critical:true\} rate==1 {2}\[strict, probe\]/);
  assert.match(r.stdout, /api key: \*\*\*/);
  assert.doesNotMatch(r.stdout, /loadgate-lab-key/);
});

test('plan: vm-inventory.yaml under LOADGATE_LOOPBACK_ONLY=1 is shown (never run), secrets redacted', async () => {
  const r = await runCli(['plan', '--inventory', 'vm-inventory.yaml', '--json'], {
    cwd: projectPath(),
    env: { AFIRGEN_API_KEY: 'prod-key-123', AUTOBOT_REDIS_PASSWORD: 'prod-redis-pw' },
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /prod-key-123|prod-redis-pw/);
  const plan = JSON.parse(r.stdout) as {
    inventory: { lab: boolean };
    scenarios: Array<{ id: string; targets?: Record<string, { baseUrl: string }> }>;
  };
  assert.equal(plan.inventory.lab, false);
  assert.equal(plan.scenarios.find((s) => s.id === 'fir-single')?.targets?.['afirgen']?.baseUrl, `http://${productionHost('main')}:8000`);
});

test('plan: --profile, --scenario and --set shape the plan', async () => {
  const r = await runCli([
    'plan',
    '--profile',
    'smoke',
    '--scenario',
    'chat',
    '--scenario',
    'redis',
    '--set',
    'chat.executor.vus=7',
    '--set',
    'redis.params.operations=9',
  ]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^profile smoke: 2 scenario\(s\)$/m);
  assert.match(r.stdout, /constant-vus: 7 VUs for 5s/);
  assert.match(r.stdout, /params: operations=9 /);
});

test('plan: an unknown profile is exit 2 with one located line', async () => {
  const r = await runCli(['plan', '--profile', 'nosuch']);
  assert.equal(r.exitCode, 2);
  assert.match(
    r.stderr.trim(),
    /^loadgate: command-line:1:1 {2}\/ {2}--profile nosuch: no such profile in \S+ \(have: smoke, load, stress, soak\)$/,
  );
});
