import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyError } from '../../../src/probes/reasons.ts';

const withCode = (code: string, message = code): Error => Object.assign(new Error(message), { code });
const named = (name: string, message = name): Error => Object.assign(new Error(message), { name });

test('network errors map to the cross-VM reasons', () => {
  assert.equal(classifyError(withCode('ECONNREFUSED')), 'refused');
  assert.equal(classifyError(withCode('ETIMEDOUT')), 'timeout');
  assert.equal(classifyError(withCode('ENOTFOUND')), 'dns');
  assert.equal(classifyError(withCode('EAI_AGAIN')), 'dns');
  assert.equal(classifyError(withCode('ECONNRESET')), 'reset');
  assert.equal(classifyError(withCode('ERR_SSL_WRONG_VERSION_NUMBER')), 'tls');
  assert.equal(classifyError(withCode('DEPTH_ZERO_SELF_SIGNED_CERT')), 'tls');
  assert.equal(classifyError(withCode('HPE_INVALID_CONSTANT')), 'protocol');
});

test('node-redis errors and Redis error replies', () => {
  assert.equal(classifyError(named('TimeoutError')), 'timeout');
  assert.equal(classifyError(named('ConnectionTimeoutError')), 'timeout');
  assert.equal(classifyError(named('SocketClosedUnexpectedlyError')), 'reset');
  assert.equal(classifyError(new Error('WRONGPASS invalid username-password pair or user is disabled.')), 'auth');
  assert.equal(classifyError(new Error('NOAUTH Authentication required.')), 'auth');
});

test('file-system errors', () => {
  assert.equal(classifyError(withCode('ENOSPC')), 'no-space');
  assert.equal(classifyError(withCode('EROFS')), 'read-only');
  assert.equal(classifyError(withCode('EACCES')), 'permission');
  assert.equal(classifyError(withCode('EIO')), 'io');
});

test('wrapped errors are classified by their cause; unknown things are "error"', () => {
  assert.equal(classifyError(new Error('outer', { cause: withCode('ECONNREFUSED') })), 'refused');
  assert.equal(classifyError(new AggregateError([withCode('ECONNREFUSED')], 'all failed')), 'refused');
  assert.equal(classifyError(new Error('something else')), 'error');
  assert.equal(classifyError('a string'), 'error');
  assert.equal(classifyError(null), 'error');
  assert.equal(classifyError(withCode('EWHATEVER')), 'error');
});

test("node-redis's ReconnectStrategyError is classified by its original error", () => {
  const wrapped = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
    name: 'ReconnectStrategyError',
    originalError: withCode('ECONNREFUSED'),
  });
  assert.equal(classifyError(wrapped), 'refused');
});
