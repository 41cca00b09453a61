import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redisConfValue } from '../../src/redis-conf.ts';

test('redisConfValue: one double-quoted argument whatever the value holds', () => {
  assert.equal(redisConfValue('plain'), '"plain"');
  assert.equal(redisConfValue('a b'), '"a b"');
  assert.equal(redisConfValue('say "hi"'), '"say \\"hi\\""');
  assert.equal(redisConfValue('back\\slash'), '"back\\\\slash"');
  assert.equal(redisConfValue("it's"), `"it's"`);
  assert.equal(redisConfValue('one\ntwo\r\t'), '"one\\x0atwo\\x0d\\x09"');
  assert.equal(redisConfValue('é'), '"\\xc3\\xa9"');
  assert.ok(!redisConfValue('x\nrequirepass y').includes('\n'), 'no newline can reach the file');
});
