/**
 * The semaphore behind the simulated Ollama and AFIRGen's model slots: a parallelism limit where excess
 * callers wait, in arrival order, and a caller whose deadline passes leaves the queue without a slot.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Semaphore, sleep } from '../../../src/sim/semaphore.ts';

/** Lets pending promise callbacks run. */
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Semaphore', { timeout: 10_000 }, () => {
  test('up to the limit acquire at once; the excess waits', async () => {
    const s = new Semaphore(2);
    assert.equal(await s.acquire(), true);
    assert.equal(await s.acquire(), true);
    let third = false;
    void s.acquire().then(() => (third = true));
    await tick();
    assert.equal(third, false);
    assert.equal(s.inUse, 2);
    assert.equal(s.queued, 1);
    s.release();
    await tick();
    assert.equal(third, true);
    assert.equal(s.inUse, 2);
    assert.equal(s.queued, 0);
  });

  test('like one Ollama (limit 1): waiters are served first in, first out', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const order: number[] = [];
    const waiting = [1, 2, 3, 4].map((n) => s.acquire().then(() => order.push(n)));
    await tick();
    assert.equal(s.queued, 4);
    for (let i = 0; i < 4; i++) {
      s.release();
      await tick();
    }
    await Promise.all(waiting);
    assert.deepEqual(order, [1, 2, 3, 4]);
  });

  test('work under a limit of 1 runs one at a time', async () => {
    const s = new Semaphore(1);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        await s.acquire();
        running++;
        peak = Math.max(peak, running);
        await sleep(2);
        running--;
        s.release();
      }),
    );
    assert.equal(peak, 1);
  });

  test('a deadline that passes while queued resolves false, holds no slot, and leaves the queue', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const t0 = performance.now();
    const got = await s.acquire(30);
    assert.equal(got, false);
    assert.ok(performance.now() - t0 >= 25);
    assert.equal(s.queued, 0);
    assert.equal(s.inUse, 1);
    s.release();
    assert.equal(s.inUse, 0);
  });

  test('a deadline does not fire once the slot was granted', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const p = s.acquire(50);
    s.release();
    assert.equal(await p, true);
    await sleep(70);
    assert.equal(s.inUse, 1);
  });

  test('raising the limit admits waiters; the limit never drops below 1', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    let admitted = 0;
    const ps = [s.acquire(), s.acquire()].map((p) => p.then(() => admitted++));
    await tick();
    assert.equal(admitted, 0);
    s.setLimit(3);
    await Promise.all(ps);
    assert.equal(admitted, 2);
    assert.equal(s.inUse, 3);
    const t = new Semaphore(5);
    t.setLimit(0);
    assert.equal(await t.acquire(), true);
    let second = false;
    void t.acquire().then(() => (second = true));
    await tick();
    assert.equal(second, false);
  });

  test('release never takes the count below zero', () => {
    const s = new Semaphore(1);
    s.release();
    assert.equal(s.inUse, 0);
  });

  test('sleep(0) and negative sleeps resolve at once: before any timer or I/O callback can run', async () => {
    let turned = false;
    const timer = setTimeout(() => (turned = true), 0);
    setImmediate(() => (turned = true));
    await sleep(0);
    await sleep(-5);
    assert.equal(turned, false, 'the event loop turned: the sleep waited for a timer');
    clearTimeout(timer);
  });
});
