import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkFirRecord,
  complaintText,
  FIR_NUMBER_RE,
  parseProcessAnswer,
  parseValidateAnswer,
  validateStepFor,
} from '../lib/fir-protocol.ts';

test("each /validate call is named by the server-side work, from the step before it (the contract's table)", () => {
  assert.equal(validateStepFor('transcript_review'), 'summary');
  assert.equal(validateStepFor('summary_review'), 'violations');
  assert.equal(validateStepFor('violations_review'), 'narrative');
  assert.equal(validateStepFor('fir_narrative_review'), 'fir');
  assert.equal(validateStepFor('final_review'), 'complete');
  assert.equal(validateStepFor('nonsense'), undefined);
});

test('process answers', () => {
  const ok = parseProcessAnswer(200, JSON.stringify({ success: true, session_id: 'abc', current_step: 'transcript_review' }));
  assert.deepEqual(ok, { ok: true, value: { sessionId: 'abc', currentStep: 'transcript_review' } });
  assert.deepEqual(parseProcessAnswer(429, ''), { ok: false, error: 'process: HTTP 429' });
  assert.equal(parseProcessAnswer(200, '{"success":false,"error":"processing_error:x"}').ok, false);
  assert.equal(parseProcessAnswer(200, 'not json').ok, false);
  assert.equal(parseProcessAnswer(200, '{"success":true}').ok, false);
});

test('validate answers: violations counted, completion and FIR number read', () => {
  const v = parseValidateAnswer(
    200,
    JSON.stringify({ success: true, current_step: 'violations_review', content: { violations: [{}, {}, {}], summary: 's' } }),
  );
  assert.deepEqual(v, { ok: true, value: { currentStep: 'violations_review', completed: false, violations: 3 } });
  const done = parseValidateAnswer(
    200,
    JSON.stringify({
      success: true,
      current_step: 'final_review',
      completed: true,
      content: { fir_number: 'FIR-0123abcd-20260101120000' },
    }),
  );
  assert.deepEqual(done, { ok: true, value: { currentStep: 'final_review', completed: true, firNumber: 'FIR-0123abcd-20260101120000' } });
  assert.equal(parseValidateAnswer(500, '{"detail":"x"}').ok, false);
  assert.equal(parseValidateAnswer(200, '{"success":true}').ok, false);
});

test('FIR numbers and records', () => {
  assert.match('FIR-0123abcd-20260101120000', FIR_NUMBER_RE);
  for (const bad of [
    'FIR-0123ABCD-20260101120000',
    'FIR-0123abc-20260101120000',
    'FIR-0123abcd-2026010112000',
    'fir-0123abcd-20260101120000',
  ])
    assert.doesNotMatch(bad, FIR_NUMBER_RE);
  const n = 'FIR-0123abcd-20260101120000';
  assert.equal(checkFirRecord(200, JSON.stringify({ fir_number: n }), n), undefined);
  assert.match(checkFirRecord(200, JSON.stringify({ fir_number: 'other' }), n) ?? '', /does not carry/);
  assert.match(checkFirRecord(404, '', n) ?? '', /HTTP 404/);
});

test('complaint text: exact length, safe characters, varied by seed', () => {
  for (const len of [10, 11, 200, 5000]) {
    const t = complaintText(len, 7);
    assert.equal(t.length, len);
    assert.match(t, /^[a-z .]+$/);
  }
  assert.notEqual(complaintText(200, 1), complaintText(200, 2));
});
