/** FIR numbers and the rendered FIR. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIR_NUMBER_RE, firNumberFor, renderFir } from '../../../src/services/afirgen-text.ts';

describe('FIR numbers and text', { timeout: 5000 }, () => {
  test('FIR- + the first 8 hex of the session + - + local time YYYYmmddHHMMSS', () => {
    const at = new Date(2026, 0, 2, 3, 4, 5);
    const n = firNumberFor('0a1b2c3d-0000-4000-8000-000000000000', at);
    assert.equal(n, 'FIR-0a1b2c3d-20260102030405');
    assert.match(n, FIR_NUMBER_RE);
  });

  test('the format check rejects near misses', () => {
    for (const bad of [
      'FIR-0A1B2C3D-20260102030405',
      'FIR-0a1b2c3-20260102030405',
      'FIR-0a1b2c3d-2026010203040',
      'fir-0a1b2c3d-20260102030405',
      'FIR-0a1b2c3d-20260102030405x',
    ]) {
      assert.doesNotMatch(bad, FIR_NUMBER_RE);
    }
  });

  test('the rendered FIR carries its number and is about 2 KB', () => {
    const at = new Date();
    const n = firNumberFor('0a1b2c3d-0000-4000-8000-000000000000', at);
    const s = {
      session_id: '0a1b2c3d-0000-4000-8000-000000000000',
      status: 'awaiting_validation' as const,
      current_step: 'fir_narrative_review' as const,
      awaiting_validation: true,
      created_at: at.toISOString(),
      last_activity: at.toISOString(),
      transcript: 'A short complaint.',
      violations: [{ db: 'bns', section: 'BNS 303', text: 'Theft.' }],
    };
    const text = renderFir(n, s, at);
    assert.ok(text.includes(`FIR No.: ${n}`));
    assert.ok(text.includes('BNS 303'));
    assert.ok(text.length >= 2048 && text.length < 2200, `length ${text.length}`);
  });
});
