/**
 * AFIRGen's model layer: one shared semaphore for every model call (the violations fan-out included), per-call
 * timeouts that include the wait for a slot, and the circuit breaker. Deterministic delays, small numbers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, type LabConfig } from '../../../src/config.ts';
import { delaySampler, seededRng } from '../../../src/sim/random.ts';
import { ModelLayer } from '../../../src/services/afirgen-models.ts';
import type { HostState } from '../../../src/services/host.ts';

function layer(afirgen: Partial<LabConfig['afirgen']>): ModelLayer {
  const base = defaultConfig();
  const config: LabConfig = { ...base, deterministic: true, afirgen: { ...base.afirgen, ...afirgen } };
  const rng = seededRng(1);
  const state: HostState = { config, degraded: false, rng, delays: delaySampler('deterministic', rng) };
  return new ModelLayer(state);
}

async function fanOut(m: ModelLayer, n: number, ms: number, timeoutMs: number): Promise<{ ok: number; elapsed: number; maxWait: number }> {
  let maxWait = 0;
  const t0 = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: n }, () => m.call('model_server', ms, timeoutMs, (w) => (maxWait = Math.max(maxWait, w)), false)),
  );
  return { ok: outcomes.filter((o) => o === 'ok').length, elapsed: performance.now() - t0, maxWait };
}

describe('ModelLayer', { timeout: 10_000 }, () => {
  test('10 checks on 10 slots run in parallel: nobody queues', async () => {
    const m = layer({ modelSlots: 10 });
    const r = await fanOut(m, 10, 200, 5000);
    assert.equal(r.ok, 10);
    // Nobody waited behind another check: a queued check waits a whole check time (200 ms) for a slot, so any
    // wait under that is scheduling noise, not queueing — a ceiling far above the noise of a busy machine.
    assert.ok(r.maxWait < 200, `max wait ${r.maxWait} ms: a check queued behind another`);
    assert.ok(r.elapsed < 10 * 200, `took ${r.elapsed} ms (serial would be 2000)`);
    assert.equal(m.modelCalls, 10);
  });

  test('on 2 slots the same checks queue: about five check times, and queue wait is reported', async () => {
    const m = layer({ modelSlots: 2 });
    const r = await fanOut(m, 10, 20, 5000);
    assert.equal(r.ok, 10);
    assert.ok(r.elapsed >= 20 * 5 - 5, `took ${r.elapsed} ms`);
    assert.ok(r.maxWait >= 20 * 4 - 5, `max wait ${r.maxWait} ms`);
  });

  test('a timeout covers the queue wait: queued checks past it are dropped, not failed loudly', async () => {
    const m = layer({ modelSlots: 1 });
    // One slot, 50 ms per check, 120 ms timeout: the first always fits, the third cannot (it starts at 100 ms
    // at the earliest and would end at 150); the second fits unless the machine is very busy.
    const r = await fanOut(m, 5, 50, 120);
    assert.ok(r.ok >= 1 && r.ok <= 2, `${r.ok} checks kept`);
    assert.equal(m.timeouts, 5 - r.ok);
    assert.equal(m.slots.inUse, 0);
    assert.equal(m.slots.queued, 0);
  });

  test('a call slower than its timeout ends at the timeout with "timeout"', async () => {
    const m = layer({});
    const t0 = performance.now();
    assert.equal(await m.call('model_server', 200, 30, () => undefined), 'timeout');
    assert.ok(performance.now() - t0 < 150);
  });

  test('consecutive timeouts open the breaker; while open, calls fail at once; it closes again', async () => {
    const m = layer({ breakerFailures: 3, breakerOpenMs: 80 });
    for (let i = 0; i < 3; i++) assert.equal(await m.call('model_server', 20, 1, () => undefined), 'timeout');
    assert.equal(m.breakers.model_server.state().state, 'open');
    const t0 = performance.now();
    assert.equal(await m.call('model_server', 20, 1000, () => undefined), 'open');
    assert.ok(performance.now() - t0 < 10);
    // The other server's breaker is independent.
    assert.equal(await m.call('asr_ocr_server', 1, 1000, () => undefined), 'ok');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await m.call('model_server', 1, 1000, () => undefined), 'ok');
  });

  test('dropped violation checks do not trip the breaker', async () => {
    const m = layer({ breakerFailures: 2 });
    for (let i = 0; i < 4; i++) await m.call('model_server', 20, 1, () => undefined, false);
    assert.equal(m.breakers.model_server.state().state, 'closed');
  });

  test('configure moves the limits', async () => {
    const m = layer({ modelSlots: 10 });
    const next = defaultConfig();
    m.configure({ ...next, afirgen: { ...next.afirgen, modelSlots: 1, maxConcurrentProcess: 2 } });
    assert.equal(await m.slots.acquire(), true);
    assert.equal(await m.slots.acquire(20), false);
    assert.equal(await m.processSlots.acquire(), true);
    assert.equal(await m.processSlots.acquire(), true);
    assert.equal(await m.processSlots.acquire(20), false);
  });
});
