/**
 * Every operator and every aggregation at its limit, just below and just above: a gate that is off by one
 * ulp or one sample at the edge passes what it should fail. "Just" is the next representable double, so a
 * tolerance of any size (`==` within 0.05, `<` read as `<=`) is caught.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../../src/criteria/expression.ts';
import { evaluate, type SampleSet } from '../../../src/criteria/evaluate.ts';
import { sortedCopy } from '../../../src/stats/percentile.ts';

const LIMIT = 2000;
const below = (x: number): number => x - (Math.abs(x) * Number.EPSILON || Number.MIN_VALUE);
const above = (x: number): number => x + (Math.abs(x) * Number.EPSILON || Number.MIN_VALUE);

function check(expression: string, set: SampleSet): boolean | undefined {
  const e = parseExpression(expression);
  assert.ok(e.ok, expression);
  return evaluate(e.value, set).ok;
}

const trend = (values: number[]): SampleSet => ({ type: 'trend', values: sortedCopy(values) });

test('every operator at, just below and just above its limit', () => {
  // [operator, at, below, above]
  const table: Array<[string, boolean, boolean, boolean]> = [
    ['<', false, true, false],
    ['<=', true, true, false],
    ['>', false, false, true],
    ['>=', true, false, true],
    ['==', true, false, false],
    ['===', true, false, false],
    ['!=', false, true, true],
  ];
  for (const [op, at, lo, hi] of table) {
    const got = [LIMIT, below(LIMIT), above(LIMIT)].map((x) => check(`max${op}${LIMIT}`, trend([x])));
    assert.deepEqual(got, [at, lo, hi], `max${op}${LIMIT} at / below / above`);
  }
  // == on a rate: exactly 0 failed holds; one failure in 10,000 (0.01 %) does not, nor does 4.9 %.
  const rate = (failed: number, n: number): SampleSet => ({
    type: 'rate',
    values: Float64Array.from({ length: n }, (_, i) => (i < failed ? 1 : 0)),
  });
  assert.equal(check('rate==0', rate(0, 10_000)), true);
  assert.equal(check('rate==0', rate(1, 10_000)), false);
  assert.equal(check('rate==0', rate(49, 1000)), false);
  assert.equal(check('rate!=0', rate(1, 10_000)), true);
  assert.equal(check('rate!=0', rate(0, 10_000)), false);
});

test('every aggregation computes its value exactly: the limit at, just below and just above it', () => {
  // Each case: the expression's aggregation, a sample set, and the value that aggregation must give.
  const cases: Array<[string, SampleSet, number]> = [
    ['avg', trend([1000, 2000, 3000, 6000]), 3000],
    ['min', trend([4000, 3000, 5000]), 3000],
    ['max', trend([1000, 3000, 2000]), 3000],
    ['med', trend([1000, 2000, 4000, 9000]), 3000],
    ['p(95)', trend(Array.from({ length: 21 }, (_, i) => i * 100)), 1900],
    ['p(90)', trend([0, 1000]), 900],
    ['p(100)', trend([5, 3000, 7]), 3000],
    ['p(0)', trend([3000, 4000]), 3000],
    ['rate', { type: 'rate', values: Float64Array.from([1, 0, 0, 1, 0, 0, 0, 0]) }, 0.25],
    ['count', { type: 'counter', values: Float64Array.from([1, 2, 3]) }, 6],
    ['rate', { type: 'counter', values: Float64Array.from([10, 20]), durationSeconds: 4 }, 7.5],
    ['count', { type: 'rate', values: Float64Array.from([1, 0, 1]) }, 2],
    ['value', { type: 'gauge', values: Float64Array.from([9, 1, 5]) }, 5],
  ];
  for (const [agg, set, value] of cases) {
    assert.equal(check(`${agg}<${value}`, set), false, `${agg} of the set is ${value}: not < itself`);
    assert.equal(check(`${agg}<=${value}`, set), true, `${agg}<=${value}`);
    assert.equal(check(`${agg}==${value}`, set), true, `${agg}==${value}`);
    assert.equal(check(`${agg}<${above(value)}`, set), true, `${agg}<just above ${value}`);
    assert.equal(check(`${agg}>${below(value)}`, set), true, `${agg}>just below ${value}`);
    assert.equal(check(`${agg}>${value}`, set), false, `${agg}>${value}`);
  }
});

test('percentiles interpolate between the samples either side, as k6 does', () => {
  // n = 11 → rank 0.95·10 = 9.5: halfway between the 10th and 11th samples.
  const set = trend([0, 1, 2, 3, 4, 5, 6, 7, 8, 1000, 2000]);
  assert.equal(check('p(95)==1500', set), true);
  assert.equal(check('med==5', set), true);
});

test('no samples is no data for every aggregation, never a pass', () => {
  for (const [expr, type] of [
    ['p(95)<1', 'trend'],
    ['avg<1', 'trend'],
    ['min<1', 'trend'],
    ['max<1', 'trend'],
    ['med<1', 'trend'],
    ['rate<1', 'rate'],
    ['count<1', 'counter'],
    ['rate<1', 'counter'],
    ['value<1', 'gauge'],
  ] as const) {
    assert.equal(check(expr, { type, values: new Float64Array(0), durationSeconds: 10 }), undefined, expr);
  }
  // A counter's rate with no duration to divide by is no number either.
  assert.equal(check('rate<1', { type: 'counter', values: Float64Array.of(3) }), undefined);
});
