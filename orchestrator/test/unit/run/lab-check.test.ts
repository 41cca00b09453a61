/**
 * The "is a lab already running?" check (labEndpoints, allAnswer): a run of the cross-vm probe alone has no
 * preflight endpoints, and an empty list must never count as "running" — before, it did, so the run reused a
 * lab that was not there and FAILed every check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allAnswer, labEndpoints, preflightEndpoints } from '../../../src/run/preflight.ts';
import { startServer } from '../../helpers/server.ts';
import { realPlan } from '../config/fixture.ts';

test('cross-vm alone: no preflight endpoints, but the lab check has every service it checks', async () => {
  const plan = await realPlan({ scenarios: ['cross-vm'] });
  assert.deepEqual(preflightEndpoints(plan), []);
  const endpoints = labEndpoints(plan);
  const checks = plan.scenarios.flatMap((s) => (s.engine === 'probe' ? (s.checks ?? []) : []));
  assert.ok(checks.length >= 6, `${checks.length} checks`);
  assert.deepEqual(endpoints.map((e) => `${e.host}:${e.port}`).sort(), [...new Set(checks.map((c) => `${c.host}:${c.port}`))].sort());
});

test('a plan with k6 targets and probes: each endpoint once', async () => {
  const plan = await realPlan({ scenarios: ['chat', 'redis', 'cross-vm'] });
  const keys = labEndpoints(plan).map((e) => `${e.host}:${e.port}`);
  assert.equal(new Set(keys).size, keys.length);
  for (const e of preflightEndpoints(plan)) assert.ok(keys.includes(`${e.host}:${e.port}`), `${e.host}:${e.port}`);
});

test('allAnswer: false for no endpoints, true only when every one accepts', async (t) => {
  const server = await startServer((_req, res) => res.end());
  t.after(() => server.close());
  const up = { label: 'up', host: '127.0.0.1', port: server.port };
  assert.equal(await allAnswer([], 500, {}), false);
  assert.equal(await allAnswer([up], 500, {}), true);
  // A name pinned to the server's address is judged at the pin: no lookup of the name itself.
  assert.equal(await allAnswer([{ ...up, host: 'lab.invalid' }], 500, { 'lab.invalid': '127.0.0.1' }), true);
  const closed = await startServer((_req, res) => res.end());
  await closed.close();
  assert.equal(await allAnswer([up, { label: 'down', host: '127.0.0.1', port: closed.port }], 500, {}), false);
});
