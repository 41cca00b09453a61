import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANSWER_CHARS, AnswerBudget, answerText, failureTags } from '../lib/failure-sample.ts';

const answer = (
  status: number,
  body: unknown,
  error_code = 0,
  error = '',
): { status: number; body: unknown; error_code: number; error: string } => ({
  status,
  body,
  error_code,
  error,
});

test("an answer is kept as its first characters, k6's error text when nothing was answered, never as binary", () => {
  assert.equal(answerText(answer(400, '{"detail":"No input provided"}')), '{"detail":"No input provided"}');
  const long = answerText(answer(500, 'x'.repeat(1000)));
  assert.equal(long.length, ANSWER_CHARS + 1);
  assert.ok(long.endsWith('…'));
  assert.equal(answerText(answer(0, null, 1050, 'request timeout')), 'request timeout');
  assert.match(answerText(answer(200, '\u0000\u0001PNG')), /binary answer/);
});

test('failure tags carry step, name, status and k6 error code; answers only within the per-key budget', () => {
  const budget = new AnswerBudget(2);
  const a = answer(500, 'boom');
  const first = failureTags('fir', 'validate', 'main', 'fir: validate: HTTP 500', a, budget, { round: '1' });
  assert.deepEqual(first, {
    round: '1',
    step: 'fir',
    name: 'validate',
    vm: 'main',
    status: '500',
    reason: 'fir: validate: HTTP 500',
    answer: 'boom',
  });
  assert.equal(failureTags('fir', 'validate', 'main', 'r', a, budget).answer, 'boom');
  assert.equal(failureTags('fir', 'validate', 'main', 'r', a, budget).answer, undefined, 'the third answer of a key is not kept');
  const timeout = failureTags('narrative', 'validate', 'main', 'r', answer(0, null, 1050, 'request timeout'), budget, {}, 60000);
  assert.equal(timeout.timeout_s, '60');
  assert.equal(timeout.error_code, '1050');
  assert.equal(timeout.status, '0');
  assert.equal(timeout.answer, 'request timeout', 'another key has its own budget');
  assert.equal(failureTags('x', 'y', 'main', 'r', undefined, budget).status, '0');
});

test('a 429 whose Retry-After exceeded the cap keeps both in seconds; other statuses never carry them', () => {
  const budget = new AnswerBudget();
  const over = { askedMs: 60_000, capMs: 10_000 };
  const limited = failureTags(
    'process',
    'process',
    'main',
    'r',
    answer(429, '{"error":"too_many_requests"}', 1429, ''),
    budget,
    {},
    65_000,
    over,
  );
  assert.equal(limited.retry_after_s, '60');
  assert.equal(limited.retry_cap_s, '10');
  const other = failureTags('process', 'process', 'main', 'r', answer(500, 'x', 1500, ''), budget, {}, 65_000, over);
  assert.equal(other.retry_after_s, undefined);
});
