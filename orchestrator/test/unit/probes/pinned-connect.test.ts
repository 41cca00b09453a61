/**
 * The probes connect to the address the run's host pinning resolved and checked, not to the name: the Redis
 * client (redis, mixed, the round snapshot) and every cross-vm check kind. The resolver is injected (no DNS is
 * asked) and answers RFC 5737 documentation addresses; every socket connect of this process is trapped and
 * failed before it opens, so nothing is ever sent to them — the trap only records where it would have gone.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { HealthCheck, RedisTarget } from '../../../src/plan/types.ts';
import { runCheck } from '../../../src/probes/checks.ts';
import { connectWithin, createProbeClient } from '../../../src/probes/redis-client.ts';
import { pinHosts, pinnedAddress, type Resolver } from '../../../src/safety/loopback.ts';

const ANSWERS: Readonly<Record<string, string[]>> = { 'redis.example': ['192.0.2.23'], 'main.example': ['198.51.100.20'] };
const resolver: Resolver = (name) => Promise.resolve(ANSWERS[name] ?? []);

/** Replaces Socket#connect: records the host asked for and fails the socket at once, nothing opened. */
function trapConnects(t: TestContext): string[] {
  const hosts: string[] = [];
  t.mock.method(net.Socket.prototype, 'connect', function (this: net.Socket, ...args: unknown[]): net.Socket {
    const first: unknown = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host = typeof first === 'object' && first !== null && 'host' in first ? first.host : undefined;
    hosts.push(typeof host === 'string' ? host : `?${JSON.stringify(first)}`);
    process.nextTick(() => this.destroy(Object.assign(new Error('connect trapped by the test'), { code: 'ECONNREFUSED' })));
    return this;
  });
  return hosts;
}

function socketHost(client: ReturnType<typeof createProbeClient>): string | undefined {
  const socket = client.options?.socket;
  return socket !== undefined && 'host' in socket ? socket.host : undefined;
}

const redisTarget: RedisTarget = {
  vm: 'redis',
  host: 'redis.example',
  port: 6379,
  tls: false,
  db: 0,
  dbName: 'main',
  timeoutMs: 1000,
};

test("the probes' Redis client connects to the pinned address, never to the name", async (t) => {
  const pins = await pinHosts(['redis.example', 'main.example'], {}, resolver);
  assert.deepEqual(pins, { 'redis.example': '192.0.2.23', 'main.example': '198.51.100.20' });
  const connects = trapConnects(t);
  const client = createProbeClient(redisTarget, pins);
  assert.equal(socketHost(client), '192.0.2.23');
  const failed = await connectWithin(client, 1000);
  assert.ok(failed !== undefined, 'the trapped connect must fail');
  assert.ok(connects.length >= 1, 'the client tried to connect');
  assert.deepEqual([...new Set(connects)], ['192.0.2.23']);
  // Without a pin a literal address is its own (the shipped inventories): unchanged.
  assert.equal(socketHost(createProbeClient({ ...redisTarget, host: '127.0.0.23' }, pins)), '127.0.0.23');
});

test('every cross-vm check kind connects to the pinned address', async (t) => {
  const pins = await pinHosts(['redis.example', 'main.example'], {}, resolver);
  const connects = trapConnects(t);
  const base = { vm: 'main', service: 'backend', tls: false, critical: true, timeoutMs: 1000 };
  const checks: HealthCheck[] = [
    { ...base, kind: 'http', host: 'main.example', port: 8001, http: { method: 'GET', path: '/api/health', expectStatus: [200] } },
    { ...base, kind: 'tcp', host: 'main.example', port: 5173 },
    { ...base, kind: 'redis', host: 'redis.example', port: 6379, redis: { password: 'x' } },
  ];
  for (const check of checks) {
    const r = await runCheck(check, undefined, pinnedAddress(check.host, pins));
    assert.equal(r.ok, false, check.kind);
    assert.equal(r.reason, 'refused', `${check.kind}: ${r.detail}`);
  }
  assert.deepEqual(connects, ['198.51.100.20', '198.51.100.20', '192.0.2.23']);
});
