/**
 * The "is a lab already running?" check (labAnswers): a run of the cross-vm probe alone has no preflight
 * endpoints, and an empty list must never count as "running" — before, it did, so the run reused a lab that
 * was not there and FAILed every check. Endpoints here are a loopback server the test starts and a closed port.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { RunPlan } from '../../../src/plan/types.ts';
import { labAnswers, labEndpoints, preflightEndpoints } from '../../../src/run/preflight.ts';
import { startServer } from '../../helpers/server.ts';
import { realPlan } from '../config/fixture.ts';

async function ports(t: TestContext): Promise<{ up: number; down: number }> {
  const up = await startServer((_req, res) => res.end());
  t.after(() => up.close());
  const closed = await startServer((_req, res) => res.end());
  await closed.close();
  return { up: up.port, down: closed.port };
}

/** The plan with every check (or k6 target) at 127.0.0.1, the first at `first` and the rest at `rest`. */
function moved(plan: RunPlan, first: number, rest: number): RunPlan {
  let n = 0;
  const port = (): number => (n++ === 0 ? first : rest);
  return {
    ...plan,
    scenarios: plan.scenarios.map((s) =>
      s.engine === 'probe'
        ? { ...s, checks: s.checks?.map((c) => ({ ...c, host: '127.0.0.1', port: port() })) }
        : { ...s, targets: Object.fromEntries(Object.entries(s.targets).map(([k, v]) => [k, { ...v, host: '127.0.0.1', port: port() }])) },
    ),
  };
}

test('cross-vm alone: no preflight endpoints; the lab check uses its checks, and one answering is a running lab', async (t) => {
  const plan = await realPlan({ scenarios: ['cross-vm'] });
  assert.deepEqual(preflightEndpoints(plan), []);
  assert.ok(labEndpoints(plan).length >= 6, 'every service it checks');
  const { up, down } = await ports(t);
  assert.equal(await labAnswers(moved(plan, down, down), 500, {}), false, 'nothing answers: start the lab');
  // A lab with one VM switched down (a chaos test's browser) is still running: that VM is the probe's finding.
  assert.equal(await labAnswers(moved(plan, down, up), 500, {}), true);
});

test('k6 targets: every one must answer, as preflight will demand', async (t) => {
  const plan = await realPlan({ scenarios: ['chat'] });
  assert.ok(preflightEndpoints(plan).length >= 1);
  const { up, down } = await ports(t);
  assert.equal(await labAnswers(moved(plan, up, up), 500, {}), true);
  assert.equal(await labAnswers(moved(plan, down, up), 500, {}), false);
  // A name pinned to the server's address is judged at the pin: no lookup of the name itself.
  const named = moved(plan, up, up);
  const pinnedByName: RunPlan = {
    ...named,
    scenarios: named.scenarios.map((s) =>
      s.engine === 'k6'
        ? { ...s, targets: Object.fromEntries(Object.entries(s.targets).map(([k, v]) => [k, { ...v, host: 'lab.invalid' }])) }
        : s,
    ),
  };
  assert.equal(await labAnswers(pinnedByName, 500, { 'lab.invalid': '127.0.0.1' }), true);
});

test('a plan with no endpoint at all is never a running lab', async () => {
  const plan = await realPlan({ scenarios: ['cross-vm'] });
  assert.equal(await labAnswers({ ...plan, scenarios: [] }, 500, {}), false);
});
