import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firConfig, EnvError } from '../lib/env.ts';
import { defaultStepTimeoutMs, stepTimeouts } from '../lib/fir-timeouts.ts';

const NONE = { process: undefined, summary: undefined, violations: undefined, narrative: undefined, fir: undefined, complete: undefined };

test('each step defaults above the backend: 65 s, and /process above OCR 120 s or ASR 180 s for files', () => {
  assert.deepEqual(stepTimeouts(NONE, 'text', 65_000), {
    process: 65_000,
    summary: 65_000,
    violations: 65_000,
    narrative: 65_000,
    fir: 65_000,
    complete: 65_000,
  });
  assert.equal(defaultStepTimeoutMs('process', 'image', 65_000), 125_000);
  assert.equal(defaultStepTimeoutMs('process', 'audio', 65_000), 185_000);
  assert.equal(defaultStepTimeoutMs('process', 'mixed', 65_000), 185_000);
  assert.equal(defaultStepTimeoutMs('summary', 'audio', 65_000), 65_000, 'only /process waits for OCR/ASR');
  assert.equal(defaultStepTimeoutMs('process', 'image', 300_000), 300_000, 'a longer shared timeout is kept');
});

test('an explicit step timeout wins over the default', () => {
  const t = stepTimeouts({ ...NONE, narrative: 1000, process: 2000 }, 'audio', 65_000);
  assert.equal(t.narrative, 1000);
  assert.equal(t.process, 2000);
  assert.equal(t.summary, 65_000);
});

const BASE = {
  LOADGATE_RUN_ID: 'r',
  LOADGATE_SCENARIO_ID: 's',
  LOADGATE_SUMMARY_PATH: '/tmp/x',
  LOADGATE_AFIRGEN_URL: 'http://127.0.0.20:8000',
  LOADGATE_AFIRGEN_VM: 'main',
  LOADGATE_AFIRGEN_KEY: 'k',
  LOADGATE_TEXT_LENGTH: '100',
};

test('firConfig reads the input and the step timeouts, naming a bad variable', () => {
  const cfg = firConfig({ ...BASE, LOADGATE_INPUT: 'image', LOADGATE_VIOLATIONS_TIMEOUT_MS: '9000' });
  assert.equal(cfg.input, 'image');
  assert.equal(cfg.timeouts.violations, 9000);
  assert.equal(cfg.timeouts.process, 125_000);
  assert.equal(firConfig(BASE).input, 'text', 'text by default');
  assert.throws(
    () => firConfig({ ...BASE, LOADGATE_INPUT: 'video' }),
    (e: unknown) => e instanceof EnvError && /LOADGATE_INPUT='video' is not one of text, image, audio, mixed/.test(e.message),
  );
  assert.throws(
    () => firConfig({ ...BASE, LOADGATE_FIR_TIMEOUT_MS: '0' }),
    /LOADGATE_FIR_TIMEOUT_MS='0' is not an integer in 1\.\.3600000/,
  );
});
