/**
 * The plan's evidence check: which strict percentile criteria cannot be decided with the samples a profile
 * yields, with the number needed, the number possible and what to raise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceWarnings, maxIterations } from '../../../src/plan/evidence.ts';
import { LOCAL_GENERATOR, type RunPlan, type ScenarioPlan } from '../../../src/plan/types.ts';
import { criterion, firPlan } from '../engines/k6/plan-fixture.ts';
import { realPlan } from '../config/fixture.ts';

const runPlan = (scenarios: ScenarioPlan[]): RunPlan => ({
  profile: 'p',
  inventory: { file: 'i.yaml', name: 'i', lab: true },
  thresholdsDir: 'thresholds',
  rounds: 1,
  pauseMs: 0,
  scenarios,
  generators: [LOCAL_GENERATOR],
  secrets: [],
});
const p95 = { ...criterion('fir_e2e_duration', 'fir_e2e_duration', 'p(95)<30000'), confidence: 0.95 };

test('the shipped load, stress and soak profiles give every strict percentile enough evidence', async () => {
  for (const profile of ['load', 'stress', 'soak']) assert.deepEqual(evidenceWarnings(await realPlan({ profile, env: {} })), [], profile);
});

test('ten FIR flows for a p(95) at 0.95: needs 59, says how many rounds', () => {
  const fir = firPlan({
    id: 'fir-concurrency',
    scenario: 'fir-concurrency',
    executor: { type: 'per-vu-iterations', vus: 10, iterations: 1, maxDuration: '90s' },
    params: { concurrency: 10, rounds: 1 },
    criteria: [p95],
  });
  assert.deepEqual(evidenceWarnings(runPlan([fir])), [
    'fir-concurrency: fir_e2e_duration p(95)<30000 needs ≥ 59 samples at 0.95; this profile yields at most 10 — raise rounds to 6, or the criterion can only end INCONCLUSIVE',
  ]);
  // Six rounds of ten: 60 ≥ 59, no warning.
  const enough = {
    ...fir,
    executor: { type: 'per-vu-iterations' as const, vus: 10, iterations: 6, maxDuration: '90s' },
    params: { concurrency: 10, rounds: 6 },
  };
  assert.deepEqual(evidenceWarnings(runPlan([enough])), []);
});

test('shared iterations name the iterations to raise to; 0.99 needs more', () => {
  const fir = firPlan({
    executor: { type: 'shared-iterations', vus: 2, iterations: 20, maxDuration: '1m' },
    criteria: [{ ...p95, confidence: 0.99 }],
  });
  assert.match(
    evidenceWarnings(runPlan([fir]))[0] ?? '',
    /needs ≥ 90 samples at 0\.99; this profile yields at most 20 — raise iterations to 90/,
  );
});

test('no warning for advisory criteria, confidence none, point criteria, or a closed model whose yield depends on the target', () => {
  const base = { executor: { type: 'shared-iterations' as const, vus: 1, iterations: 1, maxDuration: '1m' } };
  assert.deepEqual(evidenceWarnings(runPlan([firPlan({ ...base, criteria: [{ ...p95, strict: false }] })])), []);
  assert.deepEqual(evidenceWarnings(runPlan([firPlan({ ...base, criteria: [{ ...p95, confidence: null }] })])), []);
  assert.deepEqual(evidenceWarnings(runPlan([firPlan({ ...base, criteria: [{ ...p95, expression: 'max<30000' }] })])), []);
  const closed = firPlan({ executor: { type: 'constant-vus', vus: 1, duration: '5s' }, criteria: [p95] });
  assert.deepEqual(evidenceWarnings(runPlan([closed])), []);
});

test('the canary yields one poll a second', () => {
  const canary = { ...criterion('canary_duration', 'canary_duration', 'p(99)<1000', 'canary'), confidence: 0.95 };
  const chat = firPlan({ id: 'chat', scenario: 'chat', executor: { type: 'constant-vus', vus: 5, duration: '45s' }, criteria: [canary] });
  assert.match(evidenceWarnings(runPlan([chat]))[0] ?? '', /needs ≥ 299 samples at 0\.95; this profile yields at most 46/);
});

test('arrival-rate executors: the iterations their rate schedule starts', () => {
  assert.equal(
    maxIterations({ type: 'constant-arrival-rate', rate: 4, timeUnit: '1s', duration: '5s', preAllocatedVUs: 1, maxVUs: 1 }),
    21,
  );
  // 5 → 20 over 30 s, 20 → 40, 40 → 80: 375 + 900 + 1800 = 3075 (+1 for the tick at 0).
  assert.equal(
    maxIterations({
      type: 'ramping-arrival-rate',
      startRate: 5,
      timeUnit: '1s',
      preAllocatedVUs: 1,
      maxVUs: 1,
      stages: [
        { duration: '30s', target: 20 },
        { duration: '30s', target: 40 },
        { duration: '30s', target: 80 },
      ],
    }),
    3076,
  );
  assert.equal(maxIterations({ type: 'constant-vus', vus: 3, duration: '1s' }), undefined);
});
