import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatPlan, redactedPlan } from '../../../src/plan/print.ts';
import { realPlan } from '../config/fixture.ts';
import { productionHost } from '../../helpers/production.ts';

test('the text plan names every target URL, executor, load, duration and criterion; secrets redacted', async () => {
  const plan = await realPlan({
    inventory: join(process.cwd(), 'vm-inventory.yaml'),
    env: { AFIRGEN_API_KEY: 'sekrit-api-key', AUTOBOT_REDIS_PASSWORD: 'redis-pw-9' },
  });
  const text = formatPlan(plan);
  assert.doesNotMatch(text, /sekrit-api-key|redis-pw-9/);
  assert.match(text, /api key: \*\*\*/);
  const [main, redis, browser] = ['main', 'redis', 'browser'].map(productionHost);
  for (const url of [`http://${main}:8000`, `http://${main}:8001`, `redis://${redis}:6379/0`, `http://${browser}:3000/health`]) {
    assert.ok(text.includes(url), url);
  }
  assert.match(text, /executor: per-vu-iterations: 10 VUs × 1 iterations, max 90s/);
  assert.match(text, /executor: constant-vus: 50 VUs for 45s/);
  assert.match(text, /chat_turn_duration p\(95\)<2000 {2}\[strict, k6\] {2}\S+chat\.yaml:\d+/);
  assert.match(text, /nothing was sent/);
});

test('the JSON plan drops the secrets list and redacts every secret value', async () => {
  const plan = await realPlan({
    inventory: join(process.cwd(), 'vm-inventory.yaml'),
    env: { AFIRGEN_API_KEY: 'sekrit-api-key', AUTOBOT_REDIS_PASSWORD: 'redis-pw-9' },
  });
  const json = JSON.stringify(redactedPlan(plan));
  assert.doesNotMatch(json, /sekrit-api-key|redis-pw-9/);
  assert.doesNotMatch(json, /"secrets"/);
  assert.match(json, /"apiKey":"\*\*\*"/);
  assert.match(json, /"password":"\*\*\*"/);
  // The negative: without redaction the secret would be there.
  assert.match(JSON.stringify(plan), /sekrit-api-key/);
});

test('ramping and arrival-rate executors print their stages', async () => {
  const text = formatPlan(await realPlan({ profile: 'stress' }));
  assert.match(text, /ramping-vus: VUs 0 → 50 \(30s\) → 100 \(30s\) → 150 \(30s\) → 200 \(30s\) → 0 \(15s\)/);
  assert.match(text, /ramping-arrival-rate: rate per 1s 5 → 20 \(30s\) → 40 \(30s\) → 80 \(30s\)/);
});
