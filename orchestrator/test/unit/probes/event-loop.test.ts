import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { DEFAULT_STALL_LIMIT_MS, startLoopMonitor } from '../../../src/probes/event-loop.ts';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Deliberately blocking: this is the stall the monitor must see.
  }
}

test('a 30 ms stall in the middle of the watched period is seen and called blocked', { timeout: 10_000 }, async () => {
  const monitor = startLoopMonitor();
  await sleep(20);
  busy(30);
  await sleep(20);
  const health = monitor.stop();
  assert.equal(health.limitMs, DEFAULT_STALL_LIMIT_MS);
  assert.ok(health.maxStallMs >= 25 && health.maxStallMs < 200, `max stall ${health.maxStallMs}`);
  assert.equal(health.blocked, true);
});

test(
  'a stall late in the period is seen too (the whole duration is watched, not the first milliseconds)',
  { timeout: 10_000 },
  async () => {
    const monitor = startLoopMonitor();
    await sleep(150);
    busy(25);
    await sleep(5);
    assert.equal(monitor.stop().blocked, true);
  },
);

test('an idle loop is not blocked; the limit is configurable', { timeout: 10_000 }, async () => {
  // A generous limit: on a busy 2-core CI machine an idle timer can still be late by a few ms.
  const idle = startLoopMonitor(50);
  await sleep(50);
  const health = idle.stop();
  assert.equal(health.blocked, false, `max stall ${health.maxStallMs}`);
  assert.ok(health.p99Ms <= health.maxStallMs);

  const strict = startLoopMonitor(1);
  await sleep(10);
  busy(8);
  await sleep(5);
  assert.equal(strict.stop().blocked, true);
});
