import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIT_ARRIVAL_POOL, fitGenerators, generatorsUsed, idleSegmentProblem, placeScenarios } from '../../../src/plan/placement.ts';
import { maxGenerators, placeOn } from '../../../src/plan/segments.ts';
import type { ExecutorPlan, GeneratorPlan, K6ScenarioPlan, RunPlan } from '../../../src/plan/types.ts';
import { realPlan } from '../config/fixture.ts';

const gen = (i: number): GeneratorPlan => ({
  kind: 'ssh',
  name: `gen-${i}`,
  host: `127.0.0.${30 + i}`,
  port: 2222,
  user: 'loadgate',
  knownHosts: '/tmp/known_hosts',
  workdir: '/tmp/work',
  k6: { copy: true },
});
const three = [gen(1), gen(2), gen(3)];

const k6 = (plan: RunPlan, id: string): K6ScenarioPlan => {
  const s = plan.scenarios.find((x) => x.id === id);
  assert.ok(s?.engine === 'k6', id);
  return s;
};

const placed = (r: ReturnType<typeof placeScenarios>): RunPlan => {
  assert.ok('plan' in r, 'problems' in r ? r.problems.join('\n') : '');
  return r.plan;
};

test('placeScenarios: chat at 50 VUs over 3 generators gets 17/17/16 with the one sequence; probes stay unplaced', async () => {
  const plan = await realPlan({ scenarios: ['chat', 'fir-concurrency', 'redis'] });
  const out = placed(placeScenarios(plan, three));
  assert.deepEqual(
    k6(out, 'chat').segments.map((s) => [s.generator, s.segment.value, s.segment.sequence, s.load.vus]),
    [
      ['gen-1', '0:1/3', '0,1/3,2/3,1', 17],
      ['gen-2', '1/3:2/3', '0,1/3,2/3,1', 17],
      ['gen-3', '2/3:1', '0,1/3,2/3,1', 16],
    ],
  );
  // fir-concurrency 10 VUs × 1 round: 4/3/3 VUs and as many iterations.
  assert.deepEqual(
    k6(out, 'fir-concurrency').segments.map((s) => [s.load.vus, s.load.iterations]),
    [
      [4, 4],
      [3, 3],
      [3, 3],
    ],
  );
  const redis = out.scenarios.find((s) => s.id === 'redis');
  assert.deepEqual(
    redis,
    plan.scenarios.find((s) => s.id === 'redis'),
  );
  assert.deepEqual(out.generators, three);
  // The input plan is untouched (still on this machine).
  assert.deepEqual(
    k6(plan, 'chat').segments.map((s) => s.generator),
    ['local'],
  );
});

test('placeScenarios: a segment with 0 VUs is refused, naming the scenario, its VUs and the largest count that works', async () => {
  const plan = await realPlan({ profile: 'smoke', scenarios: ['fir-single', 'chat', 'chat-stream', 'chat-open'] });
  const r = placeScenarios(plan, [...three, gen(4), gen(5), gen(6)]);
  assert.ok('problems' in r);
  assert.deepEqual(r.problems, [
    'fir-single: shared-iterations with 1 VU and 1 iteration over 6 generators leaves gen-2 (segment 1/6:2/6) 0 VUs; at most 1 generator works — place it on fewer or raise its VUs',
    'chat: constant-vus with 5 VUs over 6 generators leaves gen-6 (segment 5/6:1) 0 VUs; at most 5 generators work — place it on fewer or raise its VUs',
    'chat-open: constant-arrival-rate with 5 pre-allocated VUs over 6 generators leaves gen-6 (segment 5/6:1) 0 VUs; at most 5 generators work — place it on fewer or raise its VUs',
    'chat-stream: shared-iterations with 2 VUs and 4 iterations over 6 generators leaves gen-3 (segment 2/6:3/6) 0 VUs; at most 2 generators work — place it on fewer or raise its VUs',
  ]);
  // At 5 generators chat and chat-open fit exactly.
  const five = placeScenarios(plan, [...three, gen(4), gen(5)]);
  assert.ok('problems' in five);
  assert.deepEqual(
    five.problems.map((p) => p.split(':')[0]),
    ['fir-single', 'chat-stream'],
  );
});

test('placeScenarios with fit: a scenario too small for every generator goes on the first ones it can feed', async () => {
  const plan = await realPlan({ profile: 'smoke', scenarios: ['fir-single', 'chat', 'redis'] });
  const out = placed(placeScenarios(plan, three, { fit: true }));
  assert.deepEqual(
    k6(out, 'fir-single').segments.map((s) => [s.generator, s.segment.value]),
    [['gen-1', '0:1']],
  );
  assert.deepEqual(
    k6(out, 'chat').segments.map((s) => [s.generator, s.load.vus]),
    [
      ['gen-1', 2],
      ['gen-2', 2],
      ['gen-3', 1],
    ],
  );
  // Without a k6 scenario on it, a generator is not in the plan.
  const firOnly = placed(placeScenarios(await realPlan({ profile: 'smoke', scenarios: ['fir-single'] }), three, { fit: true }));
  assert.deepEqual(
    firOnly.generators.map((g) => g.name),
    ['gen-1'],
  );
});

test('placeScenarios with fit: an arrival-rate pool is split only as far as two pre-allocated VUs per segment', async () => {
  // smoke's chat-open: 4/s with 5 pre-allocated VUs — 2/2/1 over three dropped iterations; fit gives 3/2 over two.
  const plan = await realPlan({ profile: 'smoke', scenarios: ['chat-open'] });
  const out = placed(placeScenarios(plan, three, { fit: true }));
  assert.deepEqual(
    k6(out, 'chat-open').segments.map((s) => [s.generator, s.segment.value, s.load.vus]),
    [
      ['gen-1', '0:1/2', 3],
      ['gen-2', '1/2:1', 2],
    ],
  );
  // Without fit the configured placement stands (three generators, 2/2/1): only fit chooses how far to spread.
  assert.deepEqual(
    k6(placed(placeScenarios(plan, three)), 'chat-open').segments.map((s) => s.load.vus),
    [2, 2, 1],
  );
  const rate = (preAllocatedVUs: number): ExecutorPlan => ({
    type: 'constant-arrival-rate',
    rate: 10,
    timeUnit: '1s',
    duration: '10s',
    preAllocatedVUs,
    maxVUs: 50,
  });
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((n) => fitGenerators(rate(n))),
    [1, 1, 1, 2, 2, 3, 3],
  );
  const ramp: ExecutorPlan = { type: 'ramping-arrival-rate', startRate: 1, timeUnit: '1s', preAllocatedVUs: 9, maxVUs: 9, stages: [] };
  assert.equal(fitGenerators(ramp), 4);
  // Closed-model executors are not pooled: fit feeds every generator it can.
  assert.equal(fitGenerators({ type: 'constant-vus', vus: 5, duration: '5s' }), 5);
  assert.ok(fitGenerators(rate(6)) * FIT_ARRIVAL_POOL <= 6 && maxGenerators(rate(6)) === 6);
});

test('placeScenarios: no generators, or one given twice, is a problem, not a plan', async () => {
  const plan = await realPlan({ scenarios: ['chat'] });
  assert.deepEqual(placeScenarios(plan, []), { problems: ['no generators to place the k6 scenarios on'] });
  assert.deepEqual(placeScenarios(plan, [gen(1), gen(2), gen(1)]), { problems: ['generator gen-1 is given more than once'] });
});

test('one generator is always fine: the whole scenario, as without any generators', () => {
  const e: ExecutorPlan = { type: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 0 }] };
  assert.equal(idleSegmentProblem('x', e, placeOn(e, ['gen-1'])), undefined);
});

test('the zero-VU check and maxGenerators agree for every executor and generator count', () => {
  const executors: ExecutorPlan[] = [
    { type: 'shared-iterations', vus: 5, iterations: 3, maxDuration: '1m' },
    { type: 'shared-iterations', vus: 2, iterations: 20, maxDuration: '1m' },
    { type: 'per-vu-iterations', vus: 4, iterations: 2, maxDuration: '1m' },
    { type: 'constant-vus', vus: 7, duration: '1m' },
    {
      type: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: '1m', target: 6 },
        { duration: '1m', target: 2 },
      ],
    },
    { type: 'constant-arrival-rate', rate: 9, timeUnit: '1s', duration: '1m', preAllocatedVUs: 3, maxVUs: 8 },
    { type: 'ramping-arrival-rate', startRate: 1, timeUnit: '1s', preAllocatedVUs: 4, maxVUs: 9, stages: [{ duration: '1m', target: 5 }] },
  ];
  for (const e of executors) {
    for (let n = 2; n <= 10; n++) {
      const names = Array.from({ length: n }, (_, i) => `gen-${i + 1}`);
      const problem = idleSegmentProblem('x', e, placeOn(e, names));
      assert.equal(problem === undefined, n <= maxGenerators(e), `${e.type} over ${n}: ${problem ?? 'fine'}`);
    }
  }
});

test('generatorsUsed keeps the candidates some k6 scenario is placed on, in their order', async () => {
  const plan = placed(placeScenarios(await realPlan({ scenarios: ['chat'] }), [gen(2), gen(1)]));
  assert.deepEqual(
    generatorsUsed(plan.scenarios, three).map((g) => g.name),
    ['gen-1', 'gen-2'],
  );
});
