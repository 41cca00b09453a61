import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildK6Env, commandLine, paramEnvName } from '../../../../src/engines/k6/env.ts';
import { prepareK6 } from '../../../../src/engines/k6/prepare.ts';
import { redact } from '../../../../src/safety/redact.ts';
import { firPlan, SECRET_KEY } from './plan-fixture.ts';

test('the k6 environment carries targets, key, params and output paths, and not our own environment', () => {
  const env = buildK6Env(
    firPlan({ params: { textLength: 300, someNewKnob: true } }),
    'r1',
    { summary: '/s.json', dashboard: '/d.html' },
    {
      PATH: '/bin',
      AWS_SECRET_ACCESS_KEY: 'nope',
    },
  );
  assert.equal(env['LOADGATE_AFIRGEN_URL'], 'http://127.0.0.1:9');
  assert.equal(env['LOADGATE_AFIRGEN_VM'], 'main');
  assert.equal(env['LOADGATE_AFIRGEN_KEY'], SECRET_KEY);
  assert.equal(env['LOADGATE_TEXT_LENGTH'], '300');
  assert.equal(env['LOADGATE_PARAM_SOME_NEW_KNOB'], 'true');
  assert.equal(env['LOADGATE_SUMMARY_PATH'], '/s.json');
  assert.equal(env['K6_WEB_DASHBOARD_EXPORT'], '/d.html');
  assert.equal(env['K6_WEB_DASHBOARD_PORT'], '-1');
  assert.equal(env['K6_NO_USAGE_REPORT'], 'true');
  assert.equal(env['PATH'], '/bin');
  assert.equal(env['AWS_SECRET_ACCESS_KEY'], undefined);
});

test("k6's web dashboard is opt-in: without its path k6 gets none of its variables; prepareK6 asks for it only with dashboard", () => {
  const without = buildK6Env(firPlan(), 'r1', { summary: '/s.json' }, {});
  assert.deepEqual(
    Object.keys(without).filter((k) => k.startsWith('K6_WEB_DASHBOARD')),
    [],
  );
  const base = { runId: 'r1', runDir: '/runs/r1', env: {}, interactive: false };
  assert.equal(prepareK6(firPlan(), base).env['K6_WEB_DASHBOARD'], undefined);
  const asked = prepareK6(firPlan(), { ...base, dashboard: true }).env;
  assert.equal(asked['K6_WEB_DASHBOARD'], 'true');
  assert.equal(asked['K6_WEB_DASHBOARD_EXPORT'], join('/runs/r1', 'k6', 'fir-single', 'dashboard.html'));
});

test('the parameters that become the executor (concurrency, rounds) are not handed to k6: no script reads them', () => {
  const env = buildK6Env(firPlan({ params: { concurrency: 5, rounds: 2, textLength: 300 } }), 'r1', { summary: '/s', dashboard: '/d' }, {});
  assert.deepEqual(
    Object.keys(env).filter((k) => /CONCURRENCY|ROUNDS/.test(k)),
    [],
  );
  assert.equal(env['LOADGATE_TEXT_LENGTH'], '300');
});

test('param names map to the scripts variables', () => {
  assert.equal(paramEnvName('thinkTimeMs'), 'LOADGATE_THINK_TIME_MS');
  assert.equal(paramEnvName('pauseMs'), 'LOADGATE_PAUSE_MS');
});

test('the command line is redacted and quoted', () => {
  const line = commandLine({ LOADGATE_AFIRGEN_KEY: SECRET_KEY, PATH: '/bin', X: 'a b' }, '/k6', ['run', 'x.js'], [SECRET_KEY]);
  assert.equal(line, "env -i LOADGATE_AFIRGEN_KEY=*** X='a b' /k6 run x.js");
  assert.ok(!redact(`key ${SECRET_KEY}!`, [SECRET_KEY]).includes(SECRET_KEY));
  assert.equal(redact('nothing', ['']), 'nothing');
});

test("k6's logs and command line use the one redactor: a one-character key goes only where it stands whole", () => {
  // The k6 side of the run (stderr.log, stdout.log, command.txt) once used a naive split that read 'fail***d: proc***ss'.
  assert.equal(redact('fir flow failed: process: HTTP 400', ['e']), 'fir flow failed: process: HTTP 400');
  const line = commandLine({ LOADGATE_AFIRGEN_KEY: 'e', LOADGATE_RUN_ID: 'release' }, 'k6', ['run', 'fir-single.js'], ['e']);
  assert.match(line, /LOADGATE_AFIRGEN_KEY=\*\*\* /);
  assert.match(line, /LOADGATE_RUN_ID=release k6 run fir-single\.js/);
});
