import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregationFits, aggregationName, parseExpression, parseSelector } from '../../../src/criteria/expression.ts';
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

test('the expression grammar: whitespace anywhere between tokens, decimals in p(N), exponents; nothing before or after', () => {
  const parsed = (src: string): unknown => {
    const r = parseExpression(src);
    return r.ok ? [aggregationName(r.value.aggregation), r.value.operator, r.value.threshold, r.value.source] : r.error;
  };
  assert.deepEqual(parsed('  p( 99.95 )  <=  1.5e-3  '), ['p(99.95)', '<=', 0.0015, '  p( 99.95 )  <=  1.5e-3  ']);
  assert.deepEqual(parsed('p(99.9)<10'), ['p(99.9)', '<', 10, 'p(99.9)<10']);
  assert.deepEqual(parsed('p(0)>=-2'), ['p(0)', '>=', -2, 'p(0)>=-2']);
  assert.deepEqual(parsed('p(100)!=3.25'), ['p(100)', '!=', 3.25, 'p(100)!=3.25']);
  assert.deepEqual(parsed('count===12e2'), ['count', '===', 1200, 'count===12e2']);
  for (const [src, op] of [
    ['value==1', '=='],
    ['min>1', '>'],
    ['max<1', '<'],
    ['avg>=1', '>='],
    ['med<=1', '<='],
    ['rate!=1', '!='],
  ] as const) {
    assert.deepEqual(parsed(src), [src.slice(0, src.indexOf(op)), op, 1, src], src);
  }
  // Anything before the aggregation or after the number is not k6's grammar.
  for (const src of ['xrate<1', 'rate<1x', 'rate<1 x', 'x p(95)<1', 'p(95)x<1', 'rate<1.', 'rate<.5', 'p(9a)<1', 'rate<=>1']) {
    assert.equal(parseExpression(src).ok, false, src);
  }
  assert.match(String(parsed('p(100.5)<1')), /^'p\(100.5\)<1': percentile 100.5 is outside 0–100$/);
  // A number too large for a double is refused, not compared as Infinity.
  assert.equal(parsed('count<1e999'), "'count<1e999': '1e999' is not a finite number");
});

test('every aggregation fits exactly the metric types k6 allows it on', () => {
  const fits = (src: string): string[] => {
    const r = parseExpression(src);
    assert.ok(r.ok, src);
    return (['trend', 'rate', 'counter', 'gauge'] as const).filter((t) => aggregationFits(r.value.aggregation, t));
  };
  assert.deepEqual(fits('p(95)<1'), ['trend']);
  for (const agg of ['avg', 'min', 'max', 'med']) assert.deepEqual(fits(`${agg}<1`), ['trend'], agg);
  assert.deepEqual(fits('rate<1'), ['rate', 'counter']);
  assert.deepEqual(fits('count<1'), ['counter']);
  assert.deepEqual(fits('value<1'), ['gauge']);
});

test('selectors: surrounding and inner whitespace trimmed, the source kept as written, nothing after the tags', () => {
  assert.deepEqual(parseSelector('  http_req_duration  '), {
    ok: true,
    value: { source: '  http_req_duration  ', metric: 'http_req_duration', tags: {} },
  });
  assert.deepEqual(parseSelector('fir_step_duration{ step : summary , vm:main }'), {
    ok: true,
    value: { source: 'fir_step_duration{ step : summary , vm:main }', metric: 'fir_step_duration', tags: { step: 'summary', vm: 'main' } },
  });
  assert.deepEqual(parseSelector('_m9{url:http://h:1/x}'), {
    ok: true,
    value: { source: '_m9{url:http://h:1/x}', metric: '_m9', tags: { url: 'http://h:1/x' } },
  });
  for (const src of ['x{a:1}y', 'x{a:1', 'x{a:{b}}', 'x y', 'x{}', 'x{:1}', 'x{a:}', 'x{ : }', 'x{a:1,}', 'x-y']) {
    assert.equal(parseSelector(src).ok, false, src);
  }
  const twice = parseSelector('x{a:1, a :2}');
  assert.deepEqual(twice, { ok: false, error: "'x{a:1, a :2}': tag 'a' is filtered twice" });
  const bad = parseSelector('x{ step }');
  assert.deepEqual(bad, { ok: false, error: "'x{ step }': tag filter 'step' must be 'tag:value'" });
});
