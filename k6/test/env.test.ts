import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvError, optionalChoice, optionalInt, requireInt, requireString, requireUrl, TEXT_VIA } from '../lib/env.ts';

test('a missing variable aborts with its name', () => {
  assert.throws(
    () => requireString({}, 'LOADGATE_CHAT_URL'),
    (e: unknown) => e instanceof EnvError && e.message.includes('LOADGATE_CHAT_URL is not set'),
  );
});

test('integers are range-checked', () => {
  assert.equal(requireInt({ N: '5' }, 'N', 1, 10), 5);
  assert.throws(() => requireInt({ N: '0' }, 'N', 1, 10), /N='0' is not an integer in 1..10/);
  assert.throws(() => requireInt({ N: '2.5' }, 'N', 1, 10), EnvError);
  assert.equal(optionalInt({}, 'N', 3, 1, 10), 3);
});

test('base URLs have no path', () => {
  assert.equal(requireUrl({ U: 'http://127.0.0.20:8001' }, 'U'), 'http://127.0.0.20:8001');
  assert.throws(() => requireUrl({ U: 'http://127.0.0.20:8001/' }, 'U'), EnvError);
  assert.throws(() => requireUrl({ U: 'ftp://x' }, 'U'), EnvError);
});

test('a choice: its default when unset, the value when listed, an error naming the variable and the choices otherwise', () => {
  assert.equal(optionalChoice({}, 'V', TEXT_VIA, 'form'), 'form');
  assert.equal(optionalChoice({ V: 'query' }, 'V', TEXT_VIA, 'form'), 'query');
  assert.throws(
    () => optionalChoice({ V: 'body' }, 'V', TEXT_VIA, 'form'),
    (e: unknown) => e instanceof EnvError && e.message.includes("V='body' is not one of form, query"),
  );
});
