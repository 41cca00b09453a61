import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { assertLoopbackTargets, refusedHosts } from '../../../src/safety/loopback.ts';
import { LoopbackRefusedError } from '../../../src/errors.ts';
import { projectPath } from '../../../src/paths.ts';
import { productionHost } from '../../helpers/production.ts';

const GUARD = { LOADGATE_LOOPBACK_ONLY: '1' };

test('refusedHosts: under the guard every non-loopback host, once; without it none', () => {
  const prod = productionHost('main');
  assert.deepEqual(refusedHosts(['127.0.0.20', prod, 'localhost', prod, 'redis.example'], GUARD), [prod, 'redis.example']);
  assert.deepEqual(refusedHosts([prod], {}), []);
  assert.throws(
    () => assertLoopbackTargets('k6 chat', ['127.0.0.20', prod], GUARD),
    (err: unknown) => {
      assert.ok(err instanceof LoopbackRefusedError);
      assert.equal(err.exitCode, 2);
      assert.equal(err.message, `k6 chat: non-loopback target ${prod} refused by LOADGATE_LOOPBACK_ONLY=1; nothing was sent`);
      return true;
    },
  );
  assert.doesNotThrow(() => assertLoopbackTargets('k6 chat', ['127.0.0.20', '::1'], GUARD));
});

test('every sender refuses the production plan itself, not only the configuration (inside unshare -n)', { timeout: 60_000 }, async () => {
  const r = await execa(
    'unshare',
    ['-n', process.execPath, '--import', 'tsx', projectPath('orchestrator/test/fixtures/safety/senders.ts')],
    { reject: false, timeout: 50_000, cwd: projectPath(), env: { ...GUARD, PATH: process.env['PATH'] ?? '' }, extendEnv: false },
  );
  assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
  const outcome: unknown = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '');
  assert.ok(typeof outcome === 'object' && outcome !== null);
  const prod = productionHost('main');
  const redis = productionHost('redis');
  const entries = Object.entries(outcome);
  assert.deepEqual(entries.map(([k]) => k).sort(), [
    'canary',
    'k6',
    'preflight',
    'probe cross-vm',
    'probe mixed',
    'probe redis',
    'round snapshot',
  ]);
  for (const [sender, how] of entries) {
    assert.equal(typeof how, 'string');
    assert.match(String(how), /refused by LOADGATE_LOOPBACK_ONLY=1/, sender);
    if (!sender.startsWith('probe') && sender !== 'round snapshot') assert.match(String(how), /^LoopbackRefusedError: /, sender);
  }
  const by = new Map(entries);
  assert.match(String(by.get('k6')), new RegExp(`k6 fir-single: non-loopback target ${prod.replace(/\./g, '\\.')}`));
  assert.match(String(by.get('probe redis')), new RegExp(redis.replace(/\./g, '\\.')));
  assert.match(String(by.get('round snapshot')), new RegExp(`the round snapshot: non-loopback target ${redis.replace(/\./g, '\\.')}`));
});
