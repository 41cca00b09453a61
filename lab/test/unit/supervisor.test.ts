/**
 * The supervisor with stand-in service workers (a tiny CommonJS script, no sockets): state changes wait for
 * every worker, and a worker that dies does not leave the control endpoint waiting for it forever.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { defaultConfig } from '../../src/config.ts';
import { GroundTruthSink } from '../../src/ground-truth.ts';
import type { RunningRedis } from '../../src/redis-server.ts';
import { Supervisor } from '../../src/supervisor.ts';

/** Answers like a service worker; the `browser` one throws (an uncaught error kills its thread) on its first change. */
const FAKE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.postMessage({ type: 'applied', seq: 0, listening: true });
parentPort.on('message', (m) => {
  if (m.type === 'state') {
    if (workerData.service === 'browser') throw new Error('boom');
    parentPort.postMessage({ type: 'applied', seq: m.seq, listening: true });
  } else if (m.type === 'shutdown') {
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  }
});
`;

function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

describe('Supervisor', { timeout: 20_000 }, () => {
  let dir = '';
  let bundle = '';
  const lines: string[] = [];
  // Never connected: the supervisor only uses it for Redis faults, which these tests do not set.
  const redis: RunningRedis = { pid: -1, dir: '', admin: createClient(), stop: () => Promise.resolve() };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgate-supervisor-'));
    bundle = join(dir, 'fake-worker.cjs');
    await writeFile(bundle, FAKE_WORKER);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a worker that dies: later changes still complete, its service shows not listening, stop is prompt', async () => {
    const sup = new Supervisor(defaultConfig(), redis, new GroundTruthSink(undefined), (l) => lines.push(l));
    let stopped = false;
    try {
      await within(5000, sup.start(bundle, { host: '127.0.0.1', port: 1, password: undefined }, 'k', []), 'start');
      assert.ok(sup.listenerStates().every((s) => s.listening));
      const active = await within(3000, sup.addFault({ kind: 'latency', ms: 5 }), 'addFault after a worker died');
      assert.equal(active.fault.kind, 'latency');
      assert.equal(sup.listenerStates().find((s) => s.name === 'browser')?.listening, false);
      assert.ok(
        lines.some((l) => /browser/.test(l)),
        `logged: ${lines.join(' | ')}`,
      );
      await within(3000, sup.clearFaults(), 'clearFaults');
      const t0 = performance.now();
      await sup.stop();
      stopped = true;
      assert.ok(performance.now() - t0 < 1500, 'stop does not wait for the dead worker');
    } finally {
      // Whatever failed above, end every worker thread so this file's process can exit.
      if (!stopped) await sup.stop();
    }
  });
});
