import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { placeScenarios } from '../../../src/plan/placement.ts';
import { formatPlan, redactedPlan } from '../../../src/plan/print.ts';
import type { GeneratorPlan } from '../../../src/plan/types.ts';
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

test('per k6 scenario, each generator’s segment and the VUs, iterations or rate it gets; none of it without generators', async () => {
  const plan = await realPlan({ profile: 'smoke', scenarios: ['chat', 'chat-open', 'chat-stream', 'redis'] });
  assert.doesNotMatch(formatPlan(plan), /generators/);
  const gens = [1, 2].map((i): GeneratorPlan => ({
    kind: 'ssh',
    name: `gen-${i}`,
    host: `127.0.0.3${i}`,
    port: 22,
    user: 'loadgate',
    knownHosts: '/k',
    workdir: '/w',
    k6: i === 1 ? { copy: true } : { path: '/opt/k6' },
    ...(i === 2 ? { cores: 4 } : {}),
  }));
  const r = placeScenarios(plan, gens);
  assert.ok('plan' in r);
  const text = formatPlan(r.plan);
  assert.match(
    text,
    /^generators gen-1 loadgate@127\.0\.0\.31:22 \(k6 copied\), gen-2 loadgate@127\.0\.0\.32:22 \(k6 \/opt\/k6, 4 cores\)$/m,
  );
  assert.match(text, /^ {4}generators: gen-1 0:1\/2 3 VUs · gen-2 1\/2:1 2 VUs$/m);
  assert.match(text, /^ {4}generators: gen-1 0:1\/2 3 VUs, 2 per 1s · gen-2 1\/2:1 2 VUs, 2 per 1s$/m);
  assert.match(text, /^ {4}generators: gen-1 0:1\/2 1 VUs, 2 iterations · gen-2 1\/2:1 1 VUs, 2 iterations$/m);
  assert.equal(text.match(/^ {4}generators:/gm)?.length, 3, 'probes are on no generator');
});

test('chat at 50 VUs over three generators prints 17/17/16', async () => {
  const gens = [1, 2, 3].map((i): GeneratorPlan => ({
    kind: 'ssh',
    name: `gen-${i}`,
    host: `127.0.0.3${i}`,
    port: 22,
    user: 'u',
    knownHosts: '/k',
    workdir: '/w',
    k6: { copy: true },
  }));
  const r = placeScenarios(await realPlan({ scenarios: ['chat'] }), gens);
  assert.ok('plan' in r);
  assert.match(formatPlan(r.plan), /^ {4}generators: gen-1 0:1\/3 17 VUs · gen-2 1\/3:2\/3 17 VUs · gen-3 2\/3:1 16 VUs$/m);
});
