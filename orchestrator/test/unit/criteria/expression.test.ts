import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregationFits, parseExpression, parseSelector } from '../../../src/criteria/expression.ts';
import { evaluate } from '../../../src/criteria/evaluate.ts';
import { sortedCopy } from '../../../src/stats/percentile.ts';

test('parses the aggregations k6 knows', () => {
  for (const src of [
    'p(95)<2000',
    'p(99.9) <= 10',
    'rate<0.01',
    'count>0',
    'avg<100',
    'med>=1',
    'min>0',
    'max<5000',
    'value==1',
    'rate!=0',
  ]) {
    assert.equal(parseExpression(src).ok, true, src);
  }
});

test('rejects malformed expressions with a message that quotes them', () => {
  for (const src of ['p(95)<<2', 'p95<2', 'rate<', 'foo<1', 'p(101)<1', '']) {
    const r = parseExpression(src);
    assert.equal(r.ok, false, src);
    if (!r.ok) assert.ok(r.error.includes(`'${src}'`), r.error);
  }
});

test('aggregations must fit the metric type', () => {
  const p95 = parseExpression('p(95)<1');
  const rate = parseExpression('rate<1');
  assert.ok(p95.ok && rate.ok);
  if (!p95.ok || !rate.ok) return;
  assert.equal(aggregationFits(p95.value.aggregation, 'trend'), true);
  assert.equal(aggregationFits(p95.value.aggregation, 'rate'), false);
  assert.equal(aggregationFits(rate.value.aggregation, 'rate'), true);
  assert.equal(aggregationFits(rate.value.aggregation, 'counter'), true);
  assert.equal(aggregationFits(rate.value.aggregation, 'gauge'), false);
});

test('selectors carry tag filters', () => {
  const r = parseSelector('fir_step_duration{step:summary,vm:main}');
  assert.ok(r.ok);
  if (r.ok) assert.deepEqual(r.value.tags, { step: 'summary', vm: 'main' });
  assert.equal(parseSelector('x{step}').ok, false);
  assert.equal(parseSelector('x{a:1,a:2}').ok, false);
  assert.equal(parseSelector('9bad').ok, false);
});

test('evaluation: no data is neither pass nor fail', () => {
  const e = parseExpression('p(95)<10');
  assert.ok(e.ok);
  if (!e.ok) return;
  assert.deepEqual(evaluate(e.value, { type: 'trend', values: new Float64Array(0) }), { observed: undefined, ok: undefined, samples: 0 });
  const r = evaluate(e.value, { type: 'trend', values: sortedCopy([1, 2, 3, 50]) });
  assert.equal(r.ok, false);
  assert.equal(r.samples, 4);
});

test('evaluation: rate and counter as k6 counts them', () => {
  const rate = parseExpression('rate<0.5');
  const count = parseExpression('count>2');
  assert.ok(rate.ok && count.ok);
  if (!rate.ok || !count.ok) return;
  assert.equal(evaluate(rate.value, { type: 'rate', values: Float64Array.from([1, 0, 0, 0]) }).observed, 0.25);
  assert.equal(evaluate(count.value, { type: 'counter', values: Float64Array.from([1, 1, 1]) }).ok, true);
  assert.equal(evaluate(rate.value, { type: 'counter', values: Float64Array.from([1, 1]), durationSeconds: 4 }).observed, 0.5);
});
