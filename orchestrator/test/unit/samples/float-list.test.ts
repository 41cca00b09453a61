import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FloatList } from '../../../src/samples/float-list.ts';
import { ResultsError } from '../../../src/errors.ts';

const fill = (list: FloatList, n: number, from = 0): void => {
  for (let i = 0; i < n; i++) list.push(from + i * 0.5);
};

test('a small list: every value in arrival order, exactly length of them; drain empties it', () => {
  const list = new FloatList();
  fill(list, 1000);
  assert.equal(list.length, 1000);
  const out = list.drain();
  assert.equal(out.length, 1000);
  assert.equal(out[0], 0);
  assert.equal(out[999], 499.5);
  assert.equal(list.length, 0);
  list.push(7);
  assert.deepEqual([...list.drain()], [7]);
});

test('a large list grows in a resizable buffer and is handed over without a copy, shrunk to fit', () => {
  const list = new FloatList();
  const n = 1_500_000; // past the small limit and past one 8 MiB commit step
  fill(list, n);
  const out = list.drain();
  assert.equal(out.length, n);
  assert.equal(out.buffer.byteLength, n * 8, 'the buffer is shrunk to exactly the values');
  assert.ok(out.buffer instanceof ArrayBuffer && out.buffer.resizable, 'the same resizable buffer, not a copy');
  for (const i of [0, 65_535, 65_536, 1_114_111, 1_114_112, n - 1]) assert.equal(out[i], i * 0.5, `value ${i}`);
  // The verdict sorts it in place.
  out.reverse();
  out.sort();
  assert.equal(out[0], 0);
  assert.equal(out[n - 1], (n - 1) * 0.5);
});

test('a list past its maximum is a ResultsError that says why, not a RangeError', () => {
  const list = new FloatList(100_000);
  fill(list, 100_000);
  assert.throws(
    () => list.push(1),
    (err: unknown) => err instanceof ResultsError && /more than 100,000 samples for one metric.*split the run/.test(err.message),
  );
});
