/** A criterion's window: its written forms, and where it falls in each executor's planned timeline. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWindow, resolveWindow } from '../../../src/plan/window.ts';
import type { ExecutorPlan } from '../../../src/plan/types.ts';

const CONSTANT: ExecutorPlan = { type: 'constant-vus', vus: 2, duration: '60s' };
const RAMP: ExecutorPlan = {
  type: 'ramping-vus',
  startVUs: 0,
  stages: [
    { duration: '10s', target: 5 },
    { duration: '30s', target: 5 },
    { duration: '20s', target: 10 },
    { duration: '5s', target: 0 },
  ],
};

test('parseWindow reads each written form and says what is wrong with the rest', () => {
  assert.deepEqual(parseWindow('steady'), { ok: true, value: { kind: 'steady' } });
  assert.deepEqual(parseWindow('last 60s'), { ok: true, value: { kind: 'last', ms: 60_000 } });
  assert.deepEqual(parseWindow({ from: '30s', to: '1m30s' }), { ok: true, value: { kind: 'range', fromMs: 30_000, toMs: 90_000 } });
  assert.deepEqual(parseWindow({ steady: { warmup: '15s' } }), { ok: true, value: { kind: 'steady', warmupMs: 15_000 } });
  assert.deepEqual(parseWindow({ from: '90s', to: '30s' }), {
    ok: false,
    path: ['to'],
    error: 'the window must end after it starts: from 90s, to 30s',
  });
  assert.equal(parseWindow({ from: '30s', to: '30s' }).ok, false);
  assert.deepEqual(parseWindow({ from: 30, to: '90s' }), {
    ok: false,
    path: ['from'],
    error: "'30' is not a duration (e.g. '500ms', '30s', '2m', '1m30s')",
  });
  assert.deepEqual(parseWindow('last 60x'), { ok: false, path: [], error: "'60x' is not a duration (e.g. '500ms', '30s', '2m', '1m30s')" });
  const warm = parseWindow('warm');
  assert.ok(!warm.ok && /^'warm' is not a window/.test(warm.error));
  assert.deepEqual(parseWindow({ from: '1s' }), { ok: false, path: [], error: "missing required key 'to' (e.g. { from: 30s, to: 90s })" });
  assert.deepEqual(parseWindow({ steady: { warmup: '5s' }, to: '9s' }), {
    ok: false,
    path: ['to'],
    error: "unknown key 'to' beside 'steady'",
  });
});

test('steady on a ramp: from the end of its first stage to the start of its ramp-down', () => {
  const r = resolveWindow({ kind: 'steady' }, RAMP, undefined);
  assert.deepEqual(r, { ok: true, value: { written: 'steady', fromMs: 10_000, toMs: 60_000 } });
  // A ramp has no warm-up to set: its first stage is the warm-up.
  assert.equal(resolveWindow({ kind: 'steady', warmupMs: 5000 }, RAMP, undefined).ok, false);
});

test('steady on a constant executor: after 10 % of the duration, else the file’s or the criterion’s warm-up', () => {
  assert.deepEqual(resolveWindow({ kind: 'steady' }, CONSTANT, undefined), {
    ok: true,
    value: { written: 'steady', fromMs: 6000, toMs: 60_000 },
  });
  assert.deepEqual(resolveWindow({ kind: 'steady' }, CONSTANT, 20_000), {
    ok: true,
    value: { written: 'steady (warm-up 20 s)', fromMs: 20_000, toMs: 60_000 },
  });
  // The criterion's own warm-up beats the file's.
  assert.deepEqual(resolveWindow({ kind: 'steady', warmupMs: 15_000 }, CONSTANT, 20_000), {
    ok: true,
    value: { written: 'steady (warm-up 15 s)', fromMs: 15_000, toMs: 60_000 },
  });
  assert.deepEqual(resolveWindow({ kind: 'steady', warmupMs: 60_000 }, CONSTANT, undefined), {
    ok: false,
    error: "the warm-up of 60 s leaves nothing of the constant-vus scenario's planned 60 s",
  });
});

test('last and from/to must lie inside the planned duration; iteration-bound executors take only from/to', () => {
  assert.deepEqual(resolveWindow({ kind: 'last', ms: 20_000 }, CONSTANT, undefined), {
    ok: true,
    value: { written: 'last 20 s', fromMs: 40_000, toMs: 60_000 },
  });
  assert.deepEqual(resolveWindow({ kind: 'last', ms: 61_000 }, CONSTANT, undefined), {
    ok: false,
    error: "the window's 61 s are longer than the constant-vus scenario's planned 60 s",
  });
  // Exactly the planned end is inside; a millisecond past it is not.
  assert.equal(resolveWindow({ kind: 'range', fromMs: 30_000, toMs: 60_000 }, CONSTANT, undefined).ok, true);
  assert.deepEqual(resolveWindow({ kind: 'range', fromMs: 30_000, toMs: 60_001 }, CONSTANT, undefined), {
    ok: false,
    error: "the window ends at 60.001 s, after the constant-vus scenario's planned 60 s",
  });
  const iterations: ExecutorPlan = { type: 'shared-iterations', vus: 2, iterations: 40, maxDuration: '30s' };
  assert.equal(resolveWindow({ kind: 'range', fromMs: 0, toMs: 10_000 }, iterations, undefined).ok, true);
  assert.deepEqual(resolveWindow({ kind: 'steady' }, iterations, undefined), {
    ok: false,
    error: 'a steady window needs a planned duration; shared-iterations ends when its iterations are done (use { from, to })',
  });
});
