import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatMessage, checkChatAnswer, checkStream, parseSse, turnContent } from '../lib/chat-protocol.ts';

const SID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const envelope = (data: object): string => JSON.stringify({ success: true, data, message: 'ok', request_id: 'r' });

test('the message has content, role user and the conversation UUID', () => {
  assert.deepEqual(chatMessage('hi', SID), { content: 'hi', role: 'user', session_id: SID });
  assert.ok(turnContent(0).trim().length > 0);
});

test('a chat answer is a success only with the full envelope for this conversation', () => {
  assert.equal(checkChatAnswer(200, envelope({ content: 'x', role: 'assistant', session_id: SID }), SID), undefined);
  assert.match(checkChatAnswer(500, '{}', SID) ?? '', /HTTP 500/);
  assert.match(checkChatAnswer(200, envelope({ content: 'x', role: 'assistant', session_id: 'other' }), SID) ?? '', /session_id/);
  assert.match(checkChatAnswer(200, envelope({ role: 'assistant', session_id: SID }), SID) ?? '', /content/);
  assert.match(checkChatAnswer(200, '{"success":false}', SID) ?? '', /success/);
});

const sse = (...events: object[]): string => events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('');

test('SSE: start … end is a success; an error event inside a 200 stream is a failure', () => {
  const good = parseSse(sse({ type: 'start' }, { type: 'chunk', content: 'a' }, { type: 'end' }));
  assert.deepEqual(
    good.map((e) => e.type),
    ['start', 'chunk', 'end'],
  );
  assert.equal(checkStream(200, good), undefined);
  assert.match(
    checkStream(200, parseSse(sse({ type: 'start' }, { type: 'error', content: 'boom' }, { type: 'end' }))) ?? '',
    /error event \(boom\)/,
  );
  assert.match(checkStream(200, parseSse(sse({ type: 'start' }, { type: 'chunk' }))) ?? '', /no end/);
  assert.match(checkStream(200, []) ?? '', /no events/);
  assert.match(checkStream(502, good) ?? '', /HTTP 502/);
  assert.equal(parseSse('data: not json\n\n: comment\n\ndata: {"type":"end"}\r\n\r\n').length, 1);
});

test("SSE as the real backend sends it: an error event's message, an error with no end, a stream with no answer", () => {
  assert.match(
    checkStream(200, parseSse(sse({ type: 'start' }, { type: 'error', message: 'Ollama timed out' }))) ?? '',
    /error event \(Ollama timed out\)/,
  );
  assert.match(checkStream(200, parseSse(sse({ type: 'start' }, { type: 'error' }))) ?? '', /error event \(no message\)/);
  assert.match(checkStream(200, parseSse(sse({ type: 'start' }, { type: 'end' }))) ?? '', /no answer/);
  assert.equal(checkStream(200, parseSse(sse({ type: 'start' }, { type: 'complete', content: 'x' }, { type: 'end' }))), undefined);
  assert.equal(checkStream(200, parseSse(sse({ type: 'start' }, { type: 'response', content: 'x' }, { type: 'end' }))), undefined);
});
