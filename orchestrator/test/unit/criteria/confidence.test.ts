/**
 * Deciding a criterion by its confidence bounds, at and either side of the limit, for every operator with a
 * direction; the sample counts a plan must warn about; which criteria keep their point comparison.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { criterionConfidence, decideBounds, minSamplesFor, rateInterval } from '../../../src/criteria/confidence.ts';
import { parseExpression, type Expression } from '../../../src/criteria/expression.ts';

const expr = (s: string): Expression => {
  const r = parseExpression(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const ramp = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i + 1);

test('a `<` criterion passes on its upper bound, fails on its lower bound, is inconclusive between', () => {
  const b = { low: 90, high: 110 };
  assert.equal(decideBounds(b, '<', 111), 'pass');
  assert.equal(decideBounds(b, '<', 110), 'inconclusive'); // the bound must be strictly below
  assert.equal(decideBounds(b, '<', 100), 'inconclusive');
  assert.equal(decideBounds(b, '<', 91), 'inconclusive');
  assert.equal(decideBounds(b, '<', 90), 'fail'); // low ≥ limit: wholly on the failing side
  assert.equal(decideBounds(b, '<=', 110), 'pass');
  assert.equal(decideBounds(b, '<=', 90), 'inconclusive');
  assert.equal(decideBounds(b, '<=', 89), 'fail');
});

test('a `>` criterion passes on its lower bound', () => {
  const b = { low: 90, high: 110 };
  assert.equal(decideBounds(b, '>', 89), 'pass');
  assert.equal(decideBounds(b, '>', 90), 'inconclusive');
  assert.equal(decideBounds(b, '>', 110), 'fail');
  assert.equal(decideBounds(b, '>=', 90), 'pass');
  assert.equal(decideBounds(b, '>=', 110), 'inconclusive');
  assert.equal(decideBounds(b, '>=', 111), 'fail');
});

test('a missing bound never passes', () => {
  assert.equal(decideBounds({ low: 5, high: undefined }, '<', 1e9), 'inconclusive');
  assert.equal(decideBounds({ low: 5, high: undefined }, '<', 5), 'fail');
  assert.equal(decideBounds({ low: undefined, high: undefined }, '<', 1), 'inconclusive');
});

test('the samples a percentile criterion needs', () => {
  assert.equal(minSamplesFor(0.95, 0.95, '<'), 59);
  assert.equal(minSamplesFor(0.99, 0.95, '<'), 299);
  assert.equal(minSamplesFor(0.95, 0.99, '<'), 90);
  assert.equal(minSamplesFor(0.5, 0.95, '<'), 5); // 1 − 0.5^5 = 0.969; 0.5^4 leaves 0.9375
  assert.equal(minSamplesFor(0.05, 0.95, '>'), 59); // the lower bound of p5 mirrors the upper of p95
  assert.equal(minSamplesFor(0.95, 0.95, '=='), undefined);
});

test('p(95)<limit over 100 samples 1..100: the bound and the decision', () => {
  // Upper rank for n = 100, q = .95, L = .95 is 99 (P(Bin ≤ 98) = 1 − 0.95^100 − 100·0.05·0.95^99 = 0.9629; rank 98 covers 0.8817).
  const c = criterionConfidence(expr('p(95)<100'), ramp(100), 0.95);
  assert.equal(c?.high, 99);
  assert.equal(c?.decision, 'pass');
  assert.equal(criterionConfidence(expr('p(95)<99'), ramp(100), 0.95)?.decision, 'inconclusive');
  assert.equal(c?.n, 100);
  assert.equal(c?.minSamples, 59);
});

test('ten samples: p(95) cannot pass at 0.95, but can fail', () => {
  const pass = criterionConfidence(expr('p(95)<1000'), ramp(10), 0.95);
  assert.equal(pass?.decision, 'inconclusive');
  assert.equal(pass?.high, null);
  assert.equal(criterionConfidence(expr('p(95)<8'), ramp(10), 0.95)?.decision, 'fail');
});

test('point-compared criteria and `confidence: none` carry no interval', () => {
  for (const e of ['avg<5', 'max<5', 'min>0', 'count>0', 'rate<0.01', 'value<3', 'p(95)==3'])
    assert.equal(criterionConfidence(expr(e), ramp(100), 0.95), undefined, e);
  assert.equal(criterionConfidence(expr('p(95)<100'), ramp(100), null), undefined);
  assert.equal(criterionConfidence(expr('med<100'), ramp(100), 0.95)?.decision, 'pass');
});

test('a rate carries a Wilson interval for information', () => {
  const r = rateInterval(Float64Array.from([0, 0, 0, 1]), 0.95);
  assert.ok(r && r.low < 0.25 && r.high > 0.25 && r.n === 4);
  assert.equal(rateInterval(new Float64Array(0), 0.95), undefined);
  assert.equal(rateInterval(Float64Array.of(1), null), undefined);
});
