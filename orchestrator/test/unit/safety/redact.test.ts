import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact, redactValue } from '../../../src/safety/redact.ts';

test('every occurrence of every secret is replaced, longest first', () => {
  assert.equal(redact('key=abc123 again abc123', ['abc123']), 'key=*** again ***');
  assert.equal(redact('pw=abcdef', ['abc', 'abcdef']), 'pw=***');
  assert.equal(redact('nothing here', []), 'nothing here');
  assert.equal(redact('empty secrets are ignored', ['']), 'empty secrets are ignored');
});

test('deep redaction reaches nested strings and leaves other values alone', () => {
  assert.deepEqual(redactValue({ a: ['x-s3cr3t'], b: { c: 's3cr3t', n: 5, t: true } }, ['s3cr3t']), {
    a: ['x-***'],
    b: { c: '***', n: 5, t: true },
  });
});
