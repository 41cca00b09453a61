import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afirgenAuthProblem, afirgenHealthProblem, AUTH_TRIES, type SeenAnswer } from '../lib/preflight.ts';

const answer = (status: number, body: string, contentType = 'application/json'): SeenAnswer => ({ status, body, contentType, error: '' });

test('health: healthy and degraded are usable; unhealthy names the dependency error; other answers name their status', () => {
  assert.equal(afirgenHealthProblem(answer(200, '{"status":"healthy"}')), undefined);
  assert.equal(afirgenHealthProblem(answer(200, '{"status":"degraded"}')), undefined);
  assert.equal(
    afirgenHealthProblem(answer(200, '{"status":"unhealthy","error":"model server unreachable"}')),
    "GET /health answered 200 with status 'unhealthy' (model server unreachable): a dependency is down",
  );
  assert.equal(afirgenHealthProblem(answer(200, 'ok', 'text/plain')), "GET /health answered 200 with status '-': a dependency is down");
  assert.equal(afirgenHealthProblem(answer(503, 'down', 'text/plain')), 'GET /health answered 503 "down"');
  assert.equal(
    afirgenHealthProblem({ status: 0, body: null, contentType: undefined, error: 'dial: connection refused' }),
    'GET /health got no answer (dial: connection refused)',
  );
});

test('auth: a 401 is a rejected key at once; the same 500 text/plain on every try gets the API-key hint', () => {
  assert.equal(
    afirgenAuthProblem('/list_firs', [answer(401, '{"detail":"Invalid API key"}')]),
    'GET /list_firs with the API key answered 401 "{\\"detail\\":\\"Invalid API key\\"}": the API key was rejected',
  );
  const plain = Array.from({ length: AUTH_TRIES }, () => answer(500, 'Internal Server Error', 'text/plain; charset=utf-8'));
  assert.equal(
    afirgenAuthProblem('/list_firs', plain),
    `GET /list_firs answered 500 "Internal Server Error" on all ${AUTH_TRIES} tries as text/plain — AFIRGen answers a wrong or missing API key that way: check its apiKey`,
  );
  const json503 = Array.from({ length: AUTH_TRIES }, () => answer(503, '{"detail":"Server is shutting down"}'));
  assert.match(afirgenAuthProblem('/list_firs', json503) ?? '', /^GET \/list_firs answered 503 .*shutting down.* on all 3 tries$/);
});

test('auth: a 2xx, a 429, a passing 5xx or a mix of 5xx is not a preflight failure', () => {
  assert.equal(afirgenAuthProblem('/list_firs', [answer(200, '{"records":[]}')]), undefined);
  assert.equal(afirgenAuthProblem('/list_firs', [answer(429, '{"error":"too_many_requests"}')]), undefined);
  assert.equal(afirgenAuthProblem('/list_firs', [answer(500, 'x', 'text/plain'), answer(200, '{}')]), undefined);
  assert.equal(afirgenAuthProblem('/list_firs', [answer(500, 'x'), answer(502, 'y'), answer(500, 'x')]), undefined);
  assert.equal(afirgenAuthProblem('/list_firs', []), undefined);
});
