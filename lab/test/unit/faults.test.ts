/**
 * Fault parsing: every kind with its defaults, and every kind of bad fault rejected with a message that names
 * the offending field. Also which requests a latency / error-rate target covers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BadInput } from '../../src/errors.ts';
import { parseFault, targetMatches } from '../../src/faults.ts';
import { SERVICE_NAMES } from '../../src/topology.ts';

function rejects(v: unknown, message: RegExp): void {
  assert.throws(
    () => parseFault(v),
    (e: unknown) => e instanceof BadInput && message.test(e.message),
  );
}

describe('parseFault: good faults', { timeout: 5000 }, () => {
  test('latency with and without a target', () => {
    assert.deepEqual(parseFault({ kind: 'latency', ms: 200 }), { kind: 'latency', ms: 200 });
    assert.deepEqual(parseFault({ kind: 'latency', ms: 50, service: 'afirgen', vm: 'main', route: 'POST /validate' }), {
      kind: 'latency',
      ms: 50,
      service: 'afirgen',
      vm: 'main',
      route: 'POST /validate',
    });
  });

  test('error-rate: status defaults to 500 and is rounded', () => {
    assert.deepEqual(parseFault({ kind: 'error-rate', rate: 0.25 }), { kind: 'error-rate', rate: 0.25, status: 500 });
    assert.equal(parseFault({ kind: 'error-rate', rate: 1, status: 503 }).kind, 'error-rate');
    const f = parseFault({ kind: 'error-rate', rate: 1, status: 502.4 });
    assert.ok(f.kind === 'error-rate' && f.status === 502);
  });

  test('down, blackhole, degraded name a service; stall has ms and everyMs', () => {
    for (const kind of ['down', 'blackhole', 'degraded'] as const) {
      assert.deepEqual(parseFault({ kind, service: 'ai-stack' }), { kind, service: 'ai-stack' });
    }
    assert.deepEqual(parseFault({ kind: 'stall', service: 'browser', ms: 200, everyMs: 1000 }), {
      kind: 'stall',
      service: 'browser',
      ms: 200,
      everyMs: 1000,
    });
  });

  test('redis-slow defaults everyMs to 1000; redis-pause defaults to 10 s of ALL', () => {
    assert.deepEqual(parseFault({ kind: 'redis-slow', ms: 100 }), { kind: 'redis-slow', ms: 100, everyMs: 1000 });
    assert.deepEqual(parseFault({ kind: 'redis-pause' }), { kind: 'redis-pause', ms: 10_000, mode: 'ALL' });
    assert.deepEqual(parseFault({ kind: 'redis-pause', ms: 500, mode: 'WRITE' }), { kind: 'redis-pause', ms: 500, mode: 'WRITE' });
  });

  test('every service name of the topology is accepted', () => {
    for (const service of SERVICE_NAMES) assert.equal(parseFault({ kind: 'down', service }).kind, 'down');
  });
});

describe('parseFault: bad faults give a clear error', { timeout: 5000 }, () => {
  test('not an object, or no known kind', () => {
    rejects(null, /fault: must be an object with a 'kind'/);
    rejects([{ kind: 'down' }], /must be an object/);
    rejects('latency', /must be an object/);
    rejects({}, /fault\.kind: must be one of latency, error-rate, down/);
    rejects({ kind: 'explode' }, /fault\.kind: must be one of/);
  });

  test('numbers missing, not numbers, or out of range', () => {
    rejects({ kind: 'latency' }, /fault\.ms: must be a number in \[0, 3600000\]/);
    rejects({ kind: 'latency', ms: '100' }, /fault\.ms/);
    rejects({ kind: 'latency', ms: -1 }, /fault\.ms/);
    rejects({ kind: 'latency', ms: Number.NaN }, /fault\.ms/);
    rejects({ kind: 'error-rate', rate: 1.5 }, /fault\.rate: must be a number in \[0, 1\]/);
    rejects({ kind: 'error-rate', rate: 0.5, status: 404 }, /fault\.status: must be a number in \[500, 599\]/);
    rejects({ kind: 'stall', service: 'browser', ms: 0, everyMs: 100 }, /fault\.ms/);
    rejects({ kind: 'stall', service: 'browser', ms: 10, everyMs: 5 }, /fault\.everyMs/);
    rejects({ kind: 'stall', service: 'browser', ms: 10 }, /fault\.everyMs/);
    rejects({ kind: 'redis-slow' }, /fault\.ms/);
    rejects({ kind: 'redis-pause', ms: 0 }, /fault\.ms/);
  });

  test('services, VMs, routes and modes that do not exist', () => {
    rejects({ kind: 'down' }, /fault\.service: must name an HTTP service/);
    rejects({ kind: 'down', service: 'redis' }, /fault\.service/);
    rejects({ kind: 'latency', ms: 1, service: 'nope' }, /fault\.service/);
    rejects({ kind: 'latency', ms: 1, vm: 'db' }, /fault\.vm: unknown VM/);
    rejects({ kind: 'latency', ms: 1, route: 'validate' }, /fault\.route: must be '\/path' or 'METHOD \/path'/);
    rejects({ kind: 'latency', ms: 1, route: 'post /validate' }, /fault\.route/);
    rejects({ kind: 'redis-pause', mode: 'READ' }, /fault\.mode: must be ALL or WRITE/);
  });

  test('the message for a bad service lists every service a fault can name', () => {
    try {
      parseFault({ kind: 'down', service: 'nope' });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof BadInput);
      for (const name of SERVICE_NAMES) assert.match(e.message, new RegExp(`\\b${name}\\b`));
    }
  });

  test('the location prefix is the caller’s', () => {
    assert.throws(
      () => parseFault({ kind: 'latency' }, 'lab.json.faults[2]'),
      (e: unknown) => e instanceof BadInput && e.message.startsWith('lab.json.faults[2].ms:'),
    );
  });
});

describe('targetMatches', { timeout: 5000 }, () => {
  const afirgen = { name: 'afirgen' as const, vm: 'main' as const };
  const backend = { name: 'autobot-backend' as const, vm: 'main' as const };
  const route = '/session/{session_id}/status';
  const path = '/session/0b5b6a4e-0000-4000-8000-000000000000/status';

  test('an empty target covers everything', () => {
    assert.equal(targetMatches({}, afirgen, 'GET', path, route), true);
  });

  test('service and vm narrow it', () => {
    assert.equal(targetMatches({ service: 'afirgen' }, afirgen, 'GET', path, route), true);
    assert.equal(targetMatches({ service: 'afirgen' }, backend, 'GET', '/api/health', '/api/health'), false);
    assert.equal(targetMatches({ vm: 'main' }, backend, 'GET', '/api/health', '/api/health'), true);
    assert.equal(targetMatches({ vm: 'browser' }, backend, 'GET', '/api/health', '/api/health'), false);
  });

  test('a route matches the template or the literal path, with an optional method', () => {
    assert.equal(targetMatches({ route }, afirgen, 'GET', path, route), true);
    assert.equal(targetMatches({ route: path }, afirgen, 'GET', path, route), true);
    assert.equal(targetMatches({ route: `GET ${route}` }, afirgen, 'GET', path, route), true);
    assert.equal(targetMatches({ route: `POST ${route}` }, afirgen, 'GET', path, route), false);
    assert.equal(targetMatches({ route: '/fir/{fir_number}' }, afirgen, 'GET', path, route), false);
  });
});
