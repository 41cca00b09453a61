import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutAtLastNewline } from '../../../src/samples/whole-lines.ts';

test('cutAtLastNewline: whole lines up to the last newline, the rest kept as the next tail', () => {
  const none = cutAtLastNewline(Buffer.alloc(0), Buffer.from('{"a":'));
  assert.equal(none.whole, undefined);
  assert.equal(none.tail.toString(), '{"a":');
  const two = cutAtLastNewline(none.tail, Buffer.from('1}\n{"b":2}\n{"c"'));
  assert.equal(two.whole?.toString(), '{"a":1}\n{"b":2}\n');
  assert.equal(two.tail.toString(), '{"c"');
  const exact = cutAtLastNewline(Buffer.alloc(0), Buffer.from('x\n'));
  assert.equal(exact.whole?.toString(), 'x\n');
  assert.equal(exact.tail.length, 0);
  // A multi-byte character split across chunks stays whole in the tail until its line ends.
  const split = Buffer.from('é\n');
  const first = cutAtLastNewline(Buffer.alloc(0), split.subarray(0, 1));
  assert.equal(first.whole, undefined);
  assert.equal(cutAtLastNewline(first.tail, split.subarray(1)).whole?.toString('utf8'), 'é\n');
});
