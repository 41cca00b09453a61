/**
 * One parameter spec: the profile check (config/params.ts), the k6 scripts' environment parser
 * (k6/lib/env.ts) and the probes (probes/context.ts) accept exactly the same ranges and fall back to the
 * same defaults. Each bound is tried from both sides on every reader, so a range typed again anywhere fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATALOG } from '../../../src/catalog.ts';
import { checkParam, paramDefaults, requiredParams } from '../../../src/config/params.ts';
import { specParam } from '../../../src/probes/context.ts';
import { ENV, PARAM_ENV } from '../../../../k6/lib/env-names.ts';
import { chatConfig, firConfig, type EnvSource } from '../../../../k6/lib/env.ts';
import { PARAM_SPEC, RETRY_CAP_MS } from '../../../../k6/lib/param-spec.ts';

const base: EnvSource = {
  [ENV.runId]: 'r',
  [ENV.scenarioId]: 's',
  [ENV.summaryPath]: '/tmp/s.json',
  [ENV.afirgenUrl]: 'http://127.0.0.20:8000',
  [ENV.afirgenVm]: 'afirgen',
  [ENV.afirgenKey]: 'k',
  [ENV.chatUrl]: 'http://127.0.0.20:8001',
  [ENV.chatVm]: 'backend',
  [ENV.textLength]: '600',
  [ENV.turns]: '3',
  [ENV.thinkTimeMs]: '1000',
};

/** The k6 side: parse the environment of a kind's script with one parameter set to `value`. */
function k6Accepts(kind: string, name: string, value: number): boolean {
  const variable = PARAM_ENV[name];
  assert.ok(variable, `${name} has an environment variable`);
  const parse = kind.startsWith('fir') ? firConfig : chatConfig;
  try {
    parse({ ...base, [variable]: String(value) });
    return true;
  } catch {
    return false;
  }
}

test('every k6 kind: the scripts accept exactly the range the profile check accepts, and use the same defaults', () => {
  let tried = 0;
  for (const [kind, spec] of Object.entries(CATALOG)) {
    if (spec.engine !== 'k6') continue;
    // concurrency and rounds shape the executor; no script reads them.
    for (const [name, p] of Object.entries(spec.params)) {
      if (p.type !== 'integer' || name === 'concurrency' || name === 'rounds') continue;
      for (const value of [p.min - 1, p.min, p.max, p.max + 1]) {
        const config = checkParam(kind, name, value) === undefined;
        assert.equal(k6Accepts(kind, name, value), config, `${kind}.${name} = ${value}: k6 and the config layer agree`);
        tried++;
      }
    }
  }
  assert.ok(tried >= 40, `bounds tried: ${tried}`);
  const fir = firConfig(base);
  const chat = chatConfig(base);
  const defaults = paramDefaults('fir-concurrency');
  assert.equal(fir.pauseMs, defaults['pauseMs']);
  assert.equal(fir.textVia, defaults['textVia']);
  assert.equal(fir.httpTimeoutMs, defaults['httpTimeoutMs']);
  assert.equal(fir.input, defaults['input']);
  // The Retry-After cap has no built-in default: config derives it per scenario (config/retry-cap.ts) and always
  // passes it; a script started by hand falls back to the same window the derivation starts from.
  assert.equal(paramDefaults('chat')['retryMaxWaitMs'], undefined);
  assert.equal(chat.retryMaxWaitMs, RETRY_CAP_MS);
});

test('the turns bound is the config layer’s 100, not the 1000 the k6 parser once had', () => {
  assert.equal(k6Accepts('chat', 'turns', 100), true);
  assert.equal(k6Accepts('chat', 'turns', 101), false);
  assert.match(checkParam('chat', 'turns', 101) ?? '', /between 1 and 100/);
});

test('every probe kind: the probe accepts exactly the range the profile check accepts, and uses the same default', () => {
  let tried = 0;
  for (const [kind, spec] of Object.entries(CATALOG)) {
    if (spec.engine !== 'probe') continue;
    for (const [name, p] of Object.entries(spec.params)) {
      // The probes' lower bound is 1 (a probe of zero operations is none); every probe integer starts there.
      if (p.type !== 'integer' || p.min !== 1) continue;
      for (const value of [p.min - 1, p.min, p.max, p.max + 1]) {
        const config = checkParam(kind, name, value) === undefined;
        let probe = true;
        try {
          specParam({ [name]: value }, name, p, 1);
        } catch {
          probe = false;
        }
        assert.equal(probe, config, `${kind}.${name} = ${value}: the probe and the config layer agree`);
        tried++;
      }
      if (p.default !== undefined) assert.equal(specParam({}, name, p), paramDefaults(kind)[name]);
    }
  }
  assert.ok(tried >= 30, `bounds tried: ${tried}`);
  // The drifted bounds, pinned at the value the config layer enforced.
  assert.equal(PARAM_SPEC.redis.operations.max, 100_000);
  assert.equal(PARAM_SPEC.mixed.fileBytes.max, 16 * 1024 * 1024);
  assert.deepEqual(requiredParams('fir-concurrency'), ['concurrency']);
});
