import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestTags, stepTags } from '../lib/tags.ts';
import { summaryLines, summaryOutputs } from '../lib/summary.ts';
import { chatConfig, EnvError, firConfig } from '../lib/env.ts';

test('request and sample tags', () => {
  assert.deepEqual(requestTags('summary', 'main', 'validate'), { step: 'summary', vm: 'main', name: 'validate' });
  assert.deepEqual(stepTags('process', 'main', { round: '2' }), { round: '2', step: 'process', vm: 'main' });
});

test('handleSummary output: the JSON at the given path, and short lines with threshold marks', () => {
  const data = { metrics: { x: { values: { count: 2, 'p(95)': 1.234 }, thresholds: { 'p(95)<1': { ok: false } } } } };
  const out = summaryOutputs(data, '/tmp/s.json');
  assert.equal(out['/tmp/s.json'], JSON.stringify(data));
  assert.deepEqual(summaryLines(data), ['x: count=2 p(95)=1.23  [✗ p(95)<1]']);
  assert.deepEqual(summaryLines(null), ['(no metrics)']);
});

const common = { LOADGATE_RUN_ID: 'r', LOADGATE_SCENARIO_ID: 's', LOADGATE_SUMMARY_PATH: '/s.json' };

test('scenario configs parse from the environment, and a missing value names the variable', () => {
  const fir = firConfig({
    ...common,
    LOADGATE_AFIRGEN_URL: 'http://127.0.0.20:8000',
    LOADGATE_AFIRGEN_VM: 'main',
    LOADGATE_AFIRGEN_KEY: 'k',
    LOADGATE_TEXT_LENGTH: '500',
  });
  assert.equal(fir.textLength, 500);
  assert.equal(fir.httpTimeoutMs, 65_000);
  assert.equal(fir.pauseMs, 0);
  assert.throws(
    () => firConfig({ ...common, LOADGATE_AFIRGEN_URL: 'http://127.0.0.20:8000', LOADGATE_AFIRGEN_VM: 'main' }),
    /LOADGATE_AFIRGEN_KEY is not set/,
  );
  const chat = chatConfig({
    ...common,
    LOADGATE_CHAT_URL: 'http://127.0.0.20:8001',
    LOADGATE_CHAT_VM: 'main',
    LOADGATE_TURNS: '3',
    LOADGATE_THINK_TIME_MS: '0',
  });
  assert.equal(chat.turns, 3);
  assert.throws(
    () =>
      chatConfig({
        ...common,
        LOADGATE_CHAT_URL: 'http://127.0.0.20:8001',
        LOADGATE_CHAT_VM: 'main',
        LOADGATE_TURNS: '0',
        LOADGATE_THINK_TIME_MS: '0',
      }),
    EnvError,
  );
});
