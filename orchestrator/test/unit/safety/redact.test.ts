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

test('a short secret is replaced where it stands as a value, never inside ordinary words', () => {
  const line = 'LOADGATE_AFIRGEN_KEY=x k6 run --config options.json executor max<30000 "x" Bearer x redis://:x@127.0.0.23';
  assert.equal(
    redact(line, ['x']),
    'LOADGATE_AFIRGEN_KEY=*** k6 run --config options.json executor max<30000 "***" Bearer *** redis://:***@127.0.0.23',
  );
  // Regex characters in a short secret are literal.
  assert.equal(redact('pw=a.b* and a-b*', ['a.b*']), 'pw=*** and a-b*');
  // From 8 characters on, every occurrence goes, inside words too.
  assert.equal(redact('xs3cretpw1x', ['s3cretpw']), 'x***1x');
});
