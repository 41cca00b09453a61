import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeScenarios } from '../../../src/plan/place.ts';
import type { GeneratorPlan, RunPlan } from '../../../src/plan/types.ts';
import { parseLabGenerators } from '../../../src/run/lab-generators.ts';
import { firPlan } from '../engines/k6/plan-fixture.ts';

const gen = (name: string): GeneratorPlan => ({
  kind: 'ssh',
  name,
  host: '127.0.0.31',
  port: 2222,
  user: 'u',
  knownHosts: '/k',
  workdir: '/w',
  k6: { path: '/k6' },
});
const runPlan = (vus: number): RunPlan => ({
  profile: 'smoke',
  inventory: { file: 'i.yaml', name: 'lab', lab: true },
  thresholdsDir: 't',
  rounds: 1,
  pauseMs: 0,
  scenarios: [firPlan({ executor: { type: 'constant-vus', vus, duration: '1s' } })],
  generators: [{ kind: 'local', name: 'local' }],
  secrets: [],
});

test('every k6 scenario spread over every generator, in order; the plan names those generators', () => {
  const placed = placeScenarios(runPlan(50), [gen('gen-1'), gen('gen-2'), gen('gen-3')]);
  assert.ok('plan' in placed);
  const s = placed.plan.scenarios[0];
  assert.ok(s?.engine === 'k6');
  assert.deepEqual(
    s.segments.map((x) => [x.generator, x.segment.value, x.load.vus]),
    [
      ['gen-1', '0:1/3', 17],
      ['gen-2', '1/3:2/3', 17],
      ['gen-3', '2/3:1', 16],
    ],
  );
  assert.deepEqual(
    placed.plan.generators.map((g) => g.name),
    ['gen-1', 'gen-2', 'gen-3'],
  );
});

test('a segment that would get 0 VUs is a problem naming the scenario and the most generators that work', () => {
  const placed = placeScenarios(runPlan(2), [gen('gen-1'), gen('gen-2'), gen('gen-3')]);
  assert.ok('problems' in placed);
  assert.match(placed.problems[0] ?? '', /: 3 generators would leave a segment with 0 VUs; at most 2 work for its constant-vus executor$/);
});

test("the lab's generators file: parsed, not cast; a missing field is named", () => {
  const entry = { name: 'gen-1', host: '127.0.0.31', port: 2222, user: 'root', identityFile: '/i', knownHosts: '/k', workdir: '/w' };
  assert.deepEqual(parseLabGenerators(JSON.stringify([entry]), '/k6'), [{ kind: 'ssh', ...entry, k6: { path: '/k6' } }]);
  assert.throws(() => parseLabGenerators(JSON.stringify([{ ...entry, user: 1 }]), '/k6'), /entry 0 has no 'user'/);
  assert.throws(() => parseLabGenerators('[]', '/k6'), /lists no host/);
  assert.throws(() => parseLabGenerators('{', '/k6'), /is not JSON/);
});
