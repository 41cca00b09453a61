// test-needs: lab
/**
 * The lab's Redis password reaches redis-server whole (lab/src/redis-conf.ts): one with spaces, both kinds of
 * quote, a backslash and a newline starts the lab, is exactly the password Redis holds, authenticates the
 * orchestrator's own Redis check and node-redis, and a wrong one is refused. Unquoted, the space made
 * redis-server stop ("wrong number of arguments") and the newline injected a config line.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import type { LabHandle } from '../../../orchestrator/src/lab/process.ts';
import { redisCheck } from '../../../orchestrator/src/probes/checks.ts';
import { REDIS_ENDPOINT } from '../../src/topology.ts';
import { startLabPatiently } from '../helpers/lab.ts';

const PASSWORD = `a "quoted" pass\\word\nprotected-mode yes 'too'`;

function client(password: string): ReturnType<typeof createClient> {
  const c = createClient({ socket: { host: REDIS_ENDPOINT.host, port: REDIS_ENDPOINT.port, reconnectStrategy: false }, password });
  c.on('error', () => undefined);
  return c;
}

const check = (password: string): Parameters<typeof redisCheck>[0] => ({
  vm: 'redis',
  service: 'redis',
  kind: 'redis',
  host: REDIS_ENDPOINT.host,
  port: REDIS_ENDPOINT.port,
  tls: false,
  critical: true,
  timeoutMs: 5000,
  redis: { password },
});

describe('the lab with a password that needs quoting', { timeout: 180_000 }, () => {
  let lab: LabHandle | undefined;
  before(async () => {
    lab = await startLabPatiently({ zeroDelay: true, env: { ...process.env, LAB_REDIS_PASSWORD: PASSWORD } });
  });
  after(async () => {
    await lab?.stop();
  });

  test('node-redis authenticates with it, and Redis holds exactly that password', async () => {
    const c = client(PASSWORD);
    await c.connect();
    try {
      assert.equal(await c.ping(), 'PONG');
      assert.equal((await c.configGet('requirepass'))['requirepass'], PASSWORD);
      // The newline did not start a line of its own: protected-mode is still the lab's "no".
      assert.equal((await c.configGet('protected-mode'))['protected-mode'], 'no');
    } finally {
      c.destroy();
    }
  });

  test("the orchestrator's Redis check authenticates with it; a wrong password is refused", async () => {
    const right = await redisCheck(check(PASSWORD));
    assert.equal(right.ok, true, right.detail);
    const wrong = await redisCheck(check('a "quoted" pass'));
    assert.equal(wrong.ok, false);
    assert.equal(wrong.reason, 'auth', wrong.detail);
    const c = client('a "quoted" pass');
    await assert.rejects(c.connect(), /WRONGPASS/);
    if (c.isOpen) c.destroy();
  });
});
