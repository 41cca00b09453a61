/**
 * The lab's config document (the `--config` file and the control `PUT /config` body): defaults scale with the
 * time scale, overrides are effective milliseconds, and every bad key or value is rejected with its location.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyConfigDocument, DEFAULT_RATE_LIMIT_REQUESTS, DEFAULT_TIME_SCALE, defaultConfig } from '../../src/config.ts';
import { BadInput } from '../../src/errors.ts';

function rejects(doc: unknown, message: RegExp): void {
  assert.throws(
    () => applyConfigDocument(defaultConfig(), doc, 'lab.json'),
    (e: unknown) => e instanceof BadInput && message.test(e.message),
  );
}

describe('defaultConfig', { timeout: 5000 }, () => {
  test('the 1.0 scale is the contracts’ documented times', () => {
    const c = defaultConfig(1);
    assert.equal(c.autobot.chatMs, 3000);
    assert.equal(c.afirgen.summaryMs, 4000);
    assert.equal(c.afirgen.violationTimeoutMs, 8000);
    assert.equal(c.afirgen.summaryTimeoutMs, 60_000);
    assert.equal(c.afirgen.breakerOpenMs, 60_000);
    // Limits are counts, not times: never scaled.
    assert.equal(c.afirgen.modelSlots, 10);
    assert.equal(c.afirgen.maxConcurrentProcess, 15);
    assert.equal(c.afirgen.breakerFailures, 5);
    assert.equal(c.afirgen.violationChecks, 10);
  });

  test('the default profile (scale 0.1): chat median 300 ms, a whole FIR in about 2 s', () => {
    const c = defaultConfig();
    assert.equal(c.timeScale, DEFAULT_TIME_SCALE);
    assert.equal(c.autobot.chatMs, 300);
    const a = c.afirgen;
    const fir = a.processTextMs + a.summaryMs + a.retrievalMs + a.violationCheckMs + a.narrativeMs + a.firBuildMs;
    assert.ok(fir >= 1500 && fir <= 2500, `a whole FIR takes ${fir} ms at the default scale`);
    assert.equal(c.afirgen.rateLimitRequests, DEFAULT_RATE_LIMIT_REQUESTS);
    assert.equal(c.deterministic, false);
    assert.equal(c.quirks, false);
  });

  test('scale 0 gives zero delays (limits unchanged)', () => {
    const c = defaultConfig(0);
    assert.equal(c.autobot.chatMs, 0);
    assert.equal(c.afirgen.summaryMs, 0);
    assert.equal(c.afirgen.modelSlots, 10);
  });
});

describe('applyConfigDocument', { timeout: 5000 }, () => {
  test('an empty document changes nothing', () => {
    const base = defaultConfig();
    assert.deepEqual(applyConfigDocument(base, {}).config, base);
  });

  test('overrides are effective milliseconds, not scaled again', () => {
    const { config } = applyConfigDocument(defaultConfig(0.1), { afirgen: { summaryMs: 200 }, autobot: { chatMs: 60, chatParallel: 1 } });
    assert.equal(config.afirgen.summaryMs, 200);
    assert.equal(config.afirgen.narrativeMs, 400);
    assert.equal(config.autobot.chatMs, 60);
    assert.equal(config.autobot.chatParallel, 1);
  });

  test('timeScale re-derives every default but keeps the mode switches', () => {
    const base = { ...defaultConfig(), deterministic: true, seed: 9, zeroDelay: false, quirks: true };
    const { config } = applyConfigDocument(base, { timeScale: 1, afirgen: { firBuildMs: 5 } });
    assert.equal(config.timeScale, 1);
    assert.equal(config.autobot.chatMs, 3000);
    assert.equal(config.afirgen.firBuildMs, 5);
    assert.equal(config.deterministic, true);
    assert.equal(config.seed, 9);
    assert.equal(config.quirks, true);
  });

  test('quirks, seed and faults', () => {
    const { config, faults } = applyConfigDocument(defaultConfig(), {
      quirks: true,
      seed: 123,
      faults: [
        { kind: 'degraded', service: 'ai-stack' },
        { kind: 'latency', ms: 10 },
      ],
    });
    assert.equal(config.quirks, true);
    assert.equal(config.seed, 123);
    assert.deepEqual(faults, [
      { kind: 'degraded', service: 'ai-stack' },
      { kind: 'latency', ms: 10 },
    ]);
  });

  test('bad documents are rejected with the location of the problem', () => {
    rejects(null, /^lab\.json: must be a JSON object$/);
    rejects([], /^lab\.json: must be a JSON object$/);
    rejects({ timescale: 1 }, /^lab\.json\.timescale: unknown setting$/);
    rejects({ timeScale: -1 }, /^lab\.json\.timeScale: must be a number >= 0$/);
    rejects({ timeScale: '1' }, /lab\.json\.timeScale/);
    rejects({ quirks: 'yes' }, /^lab\.json\.quirks: must be true or false$/);
    rejects({ seed: 1.5 }, /^lab\.json\.seed: must be an integer$/);
    rejects({ autobot: 3 }, /^lab\.json\.autobot: must be an object$/);
    rejects({ autobot: { chatMedianMs: 1 } }, /^lab\.json\.autobot\.chatMedianMs: unknown setting$/);
    rejects({ afirgen: { summaryMs: -5 } }, /^lab\.json\.afirgen\.summaryMs: must be a number >= 0$/);
    rejects({ afirgen: { summaryMs: '5' } }, /lab\.json\.afirgen\.summaryMs/);
    rejects({ afirgen: { summaryMs: Number.POSITIVE_INFINITY } }, /lab\.json\.afirgen\.summaryMs/);
    rejects({ faults: { kind: 'down' } }, /^lab\.json\.faults: must be a list$/);
    rejects({ faults: [{ kind: 'down', service: 'afirgen' }, { kind: 'latency' }] }, /^lab\.json\.faults\[1\]\.ms:/);
  });
});
