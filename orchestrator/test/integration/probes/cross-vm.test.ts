import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HealthCheck, ProbePlan } from '../../../src/plan/types.ts';
import { runProbe } from '../../../src/probes/index.ts';
import { freePort, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { readPoints, select } from './samples.ts';

const PASSWORD = 'cross-vm-secret';
let redis: TestRedis;
let web: TestServer;
let silent: Server;
let silentPort = 0;
const silentSockets = new Set<Socket>();
let runDir: string;

before(async () => {
  redis = await startRedis({ password: PASSWORD });
  web = await startServer((req, res) => {
    res.statusCode = req.url === '/health' ? 200 : req.url === '/degraded' ? 503 : 404;
    res.end('{}');
  });
  // Accepts TCP and never answers: an HTTP check must end as a timeout, not hang.
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  silentPort = typeof address === 'object' && address !== null ? address.port : 0;
  runDir = await mkdtemp(join(tmpdir(), 'loadgate-probe-crossvm-'));
});
after(async () => {
  for (const s of silentSockets) s.destroy();
  await new Promise<void>((resolve) => silent?.close(() => resolve()));
  await web?.close();
  await redis?.stop();
  await rm(runDir, { recursive: true, force: true });
});

const TIMEOUT_MS = 400;
function check(vm: string, kind: HealthCheck['kind'], port: number, extra: Partial<HealthCheck> = {}): HealthCheck {
  return { vm, service: `${vm}-svc`, kind, host: '127.0.0.1', port, tls: false, critical: false, timeoutMs: TIMEOUT_MS, ...extra };
}
const http = (path: string, expectStatus = [200]) => ({ http: { method: 'GET', path, expectStatus } });

function plan(id: string, checks: HealthCheck[]): ProbePlan {
  return { engine: 'probe', id, scenario: 'cross-vm', params: {}, checks, criteria: [], timeoutMs: 10_000 };
}

describe('cross-vm probe', { timeout: 60_000 }, () => {
  test('each service checked by its own kind, concurrently, with the reason of every failure', async () => {
    const refusedPort = await freePort();
    const checks = [
      check('main', 'http', web.port, { ...http('/health'), critical: true }),
      check('ai-stack', 'http', web.port, http('/degraded')),
      check('hung', 'http', silentPort, http('/health')),
      check('down', 'http', refusedPort, http('/health')),
      check('redis', 'redis', redis.port, { redis: { password: PASSWORD }, critical: true }),
      check('redis-wrongpass', 'redis', redis.port, { redis: { password: 'nope' } }),
      check('redis-noauth', 'redis', redis.port),
      check('http-as-redis', 'redis', web.port),
      check('redis-as-http', 'http', redis.port, http('/health')),
      check('tcp', 'tcp', web.port),
      check('tcp-down', 'tcp', refusedPort),
      check('tls-on-plain', 'http', web.port, { ...http('/health'), tls: true }),
    ];
    const started = performance.now();
    const record = await runProbe(plan('cross-vm', checks), { env: process.env, runId: 'run1', runDir });
    const elapsed = performance.now() - started;
    assert.deepEqual(record.errors, []);
    assert.ok(elapsed < TIMEOUT_MS * 3, `concurrent checks take about one timeout, not the sum (${elapsed} ms)`);

    const { points } = await readPoints(join(runDir, record.samples[0] ?? ''));
    const outcome: Record<string, string> = Object.fromEntries(
      select(points, 'vm_reachable').map((p): [string, string] => [
        p.tags['vm'] ?? '',
        p.value === 1 ? 'up' : (p.tags['reason'] ?? 'no reason'),
      ]),
    );
    assert.deepEqual(outcome, {
      main: 'up',
      'ai-stack': 'wrong-status',
      hung: 'timeout',
      down: 'refused',
      redis: 'up',
      'redis-wrongpass': 'auth',
      'redis-noauth': 'auth',
      'http-as-redis': 'protocol',
      'redis-as-http': 'protocol',
      tcp: 'up',
      'tcp-down': 'refused',
      'tls-on-plain': 'tls',
    });
    assert.equal(select(points, 'vm_check_duration').length, checks.length);
    const hung = select(points, 'vm_check_duration', { vm: 'hung' })[0]?.value ?? 0;
    assert.ok(hung >= TIMEOUT_MS - 5 && hung < TIMEOUT_MS + 300, `the hung check lasted ${hung} ms`);
    const critical = select(points, 'vm_reachable', { critical: 'true' });
    assert.deepEqual(
      critical.map((p) => p.value),
      [1, 1],
    );
    assert.deepEqual(select(points, 'vm_reachable', { vm: 'main' })[0]?.tags, {
      vm: 'main',
      service: 'main-svc',
      kind: 'http',
      critical: 'true',
    });
    assert.equal(record.details?.['reachable'], 3); // main, redis and tcp
    assert.deepEqual(record.details?.['criticalDown'], []);
    assert.match(record.faults.join('\n'), /hung\/hung-svc \(http 127\.0\.0\.1:\d+\) down: timeout/);
  });

  test('a critical service down is marked critical in its failed sample', async () => {
    const record = await runProbe(plan('cross-vm-critical', [check('redis', 'tcp', await freePort(), { critical: true })]), {
      env: process.env,
      runId: 'run1',
      runDir,
    });
    const { points } = await readPoints(join(runDir, record.samples[0] ?? ''));
    assert.deepEqual(select(points, 'vm_reachable', { critical: 'true' })[0]?.tags, {
      vm: 'redis',
      service: 'redis-svc',
      kind: 'tcp',
      critical: 'true',
      reason: 'refused',
    });
    assert.deepEqual(record.details?.['criticalDown'], ['redis/redis-svc']);
  });

  test('a plan without checks cannot run', async () => {
    const record = await runProbe(plan('cross-vm-empty', []), { env: process.env, runId: 'run1', runDir });
    assert.match(record.errors.join(), /no health checks/);
  });
});
