/** Stored sessions and FIRs are parsed, not trusted: anything that does not fit counts as absent. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFir, parseSession } from '../../../src/services/afirgen-store.ts';

const SESSION = {
  session_id: '0a1b2c3d-0000-4000-8000-000000000000',
  status: 'awaiting_validation',
  current_step: 'summary_review',
  awaiting_validation: true,
  created_at: '2026-01-01T00:00:00.000Z',
  last_activity: '2026-01-01T00:00:01.000Z',
  transcript: 'complaint',
  summary: 'sum',
  violations: [{ db: 'bns', section: 'BNS 303', text: 't' }, 'junk'],
};

describe('parseSession / parseFir', { timeout: 5000 }, () => {
  test('a stored session round-trips; junk violations are dropped', () => {
    const s = parseSession(JSON.stringify(SESSION));
    assert.ok(s);
    assert.equal(s.current_step, 'summary_review');
    assert.equal(s.summary, 'sum');
    assert.deepEqual(s.violations, [{ db: 'bns', section: 'BNS 303', text: 't' }]);
  });

  test('missing, unparsable or ill-shaped sessions are undefined', () => {
    assert.equal(parseSession(null), undefined);
    assert.equal(parseSession('{not json'), undefined);
    assert.equal(parseSession('[]'), undefined);
    assert.equal(parseSession(JSON.stringify({ ...SESSION, current_step: 'done' })), undefined);
    assert.equal(parseSession(JSON.stringify({ ...SESSION, status: 'weird' })), undefined);
    assert.equal(parseSession(JSON.stringify({ ...SESSION, transcript: 5 })), undefined);
    assert.equal(parseSession(JSON.stringify({ ...SESSION, awaiting_validation: 'yes' })), undefined);
  });

  test('FIR records', () => {
    const fir = {
      fir_number: 'FIR-0a1b2c3d-20260101000000',
      status: 'pending',
      created_at: '2026-01-01T00:00:00.000Z',
      finalized_at: null,
      content: 'text',
      session_id: SESSION.session_id,
    };
    assert.deepEqual(parseFir(JSON.stringify(fir)), fir);
    assert.equal(parseFir(JSON.stringify({ ...fir, status: 'archived' })), undefined);
    assert.equal(parseFir(JSON.stringify({ ...fir, content: undefined })), undefined);
    assert.equal(parseFir(null), undefined);
    assert.equal(parseFir('nope'), undefined);
  });
});
