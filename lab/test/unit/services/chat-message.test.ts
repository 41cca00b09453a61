/** AutoBot's ChatMessage schema: 422 for schema failures, the 500 envelope for semantic ones, defaults. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkChatMessage, sessionIdOk } from '../../../src/services/chat-message.ts';

const UUID = '3f2c8a4e-1b2d-4c3e-8f4a-5b6c7d8e9f00';

describe('checkChatMessage', { timeout: 5000 }, () => {
  test('a minimal message gets the contract’s defaults and a fresh uuid4 session', () => {
    const r = checkChatMessage({ content: 'What is AutoBot?' });
    assert.ok(r.ok);
    assert.equal(r.value.role, 'user');
    assert.equal(r.value.message_type, 'text');
    assert.deepEqual(r.value.metadata, {});
    assert.match(r.value.session_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('a session id that is a UUID or starts with one is kept', () => {
    for (const sid of [UUID, `${UUID}-chat-2`]) {
      const r = checkChatMessage({ content: 'hi', session_id: sid, role: 'system', metadata: { a: 1 } });
      assert.ok(r.ok);
      assert.equal(r.value.session_id, sid);
      assert.equal(r.value.role, 'system');
      assert.deepEqual(r.value.metadata, { a: 1 });
    }
  });

  test('schema failures are 422 with FastAPI-style detail entries', () => {
    const cases: [unknown, string][] = [
      [{}, 'content'],
      [{ content: '' }, 'content'],
      [{ content: 5 }, 'content'],
      [{ content: 'x'.repeat(50_001) }, 'content'],
      [{ content: 'hi', role: 'admin' }, 'role'],
      [{ content: 'hi', session_id: 12 }, 'session_id'],
      [{ content: 'hi', message_type: 1 }, 'message_type'],
      [{ content: 'hi', metadata: [] }, 'metadata'],
    ];
    for (const [body, field] of cases) {
      const r = checkChatMessage(body);
      assert.ok(!r.ok && r.status === 422, JSON.stringify(body).slice(0, 80));
      assert.deepEqual(r.detail[0]?.loc, ['body', field]);
      assert.equal(typeof r.detail[0]?.msg, 'string');
    }
    const notObject = checkChatMessage('hello');
    assert.ok(!notObject.ok && notObject.status === 422);
    assert.deepEqual(notObject.detail[0]?.loc, ['body']);
  });

  test('the old suite’s body (message instead of content) is a 422 naming content', () => {
    const r = checkChatMessage({ message: 'What is AutoBot?', session_id: 'load_test_1_1700000000' });
    assert.ok(!r.ok && r.status === 422);
    assert.equal(r.detail[0]?.type, 'missing');
  });

  test('semantic failures take the 500 envelope: non-UUID session, whitespace-only content', () => {
    const badSession = checkChatMessage({ content: 'hi', session_id: 'load_test_1_1700000000' });
    assert.ok(!badSession.ok && badSession.status === 500);
    assert.match(badSession.message, /session_id/);
    const blank = checkChatMessage({ content: '   \n' });
    assert.ok(!blank.ok && blank.status === 500);
  });

  test('sessionIdOk', () => {
    assert.equal(sessionIdOk(UUID), true);
    assert.equal(sessionIdOk(UUID.toUpperCase()), true);
    assert.equal(sessionIdOk(`${UUID}xyz`), true);
    assert.equal(sessionIdOk(UUID.slice(0, 35)), false);
    assert.equal(sessionIdOk('not-a-uuid'), false);
  });
});
