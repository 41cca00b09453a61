// test-needs: lab
/**
 * AutoBot on the lab (contracts/autobot.md): the chat API's envelopes and errors, multi-turn conversations
 * checked in Redis, the SSE stream format (start, chunks, end; in-band errors), the health routes, the
 * frontend's /api proxy, and the Ollama-like queue. Deterministic mode, a 30 ms model time.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import {
  BACKEND_PORT,
  MAIN,
  UUID_RE,
  body,
  http,
  labForSuite,
  obj,
  postJson,
  sseEvents,
  str,
  waitFor,
  type HttpAnswer,
} from '../../helpers/lab.ts';

const CHAT_MS = 30;
const FRONTEND = '127.0.0.21';
const FRONTEND_PORT = 5173;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const chat = (b: unknown, path = '/api/chat'): Promise<HttpAnswer> => postJson(MAIN, BACKEND_PORT, path, b);

function assertEnvelope500(a: HttpAnswer): void {
  assert.equal(a.status, 500, a.text);
  const b = body(a);
  assert.equal(b['success'], false);
  const e = obj(b['error'], 'error');
  assert.equal(e['code'], 'INTERNAL_ERROR');
  assert.equal(typeof e['message'], 'string');
  assert.match(str(e['request_id']), UUID_RE);
}

function assert422(a: HttpAnswer, field?: string): void {
  assert.equal(a.status, 422, a.text);
  const detail = body(a)['detail'];
  assert.ok(Array.isArray(detail) && detail.length > 0, a.text);
  if (field !== undefined) assert.deepEqual(obj(detail[0])['loc'], ['body', field]);
}

describe('AutoBot on the lab', { timeout: 150_000 }, () => {
  const lab = labForSuite('autobot', { autobot: { chatMs: CHAT_MS, streamChunks: 4 } });

  test('GET /api/health: 200 {status: healthy, timestamp, service: autobot-backend}', async () => {
    const a = await http(MAIN, BACKEND_PORT, '/api/health');
    assert.equal(a.status, 200);
    const b = body(a);
    assert.deepEqual(Object.keys(b).sort(), ['service', 'status', 'timestamp']);
    assert.equal(b['status'], 'healthy');
    assert.equal(b['service'], 'autobot-backend');
    assert.match(str(b['timestamp']), ISO_UTC);
  });

  test('GET /api/system/health: components, cached 30 s in Redis cache:system_health', async () => {
    await lab.redis.del('cache:system_health');
    const a = await http(MAIN, BACKEND_PORT, '/api/system/health');
    assert.equal(a.status, 200);
    const b = body(a);
    assert.equal(b['status'], 'healthy');
    assert.deepEqual(Object.keys(obj(b['components'])).sort(), ['backend', 'config', 'conversation_files_db', 'logging']);
    const ttl = await lab.redis.ttl('cache:system_health');
    assert.ok(ttl > 0 && ttl <= 30, `ttl ${ttl}`);
    // The second answer is the cached one: same timestamp.
    const again = body(await http(MAIN, BACKEND_PORT, '/api/system/health'));
    assert.equal(again['timestamp'], b['timestamp']);
  });

  test('POST /api/chat: the success envelope with exactly the contract’s fields', async () => {
    const a = await chat({ content: 'What is AutoBot?', metadata: { source: 'test' } });
    assert.equal(a.status, 200, a.text);
    const b = body(a);
    assert.deepEqual(Object.keys(b).sort(), ['data', 'message', 'request_id', 'success']);
    assert.equal(b['success'], true);
    assert.equal(b['message'], 'Message processed successfully');
    assert.match(str(b['request_id']), UUID_RE);
    const d = obj(b['data'], 'data');
    assert.deepEqual(Object.keys(d).sort(), ['content', 'message_id', 'metadata', 'role', 'session_id', 'timestamp']);
    assert.equal(d['role'], 'assistant');
    assert.match(str(d['session_id']), UUID_RE);
    assert.match(str(d['message_id']), UUID_RE);
    assert.match(str(d['timestamp']), ISO_UTC);
    assert.deepEqual(d['metadata'], { source: 'test' });
    assert.ok(str(d['content']).length > 0);
    assert.ok(a.ms >= CHAT_MS - 2, `a turn takes the model time (${CHAT_MS} ms), took ${a.ms}`);
  });

  test('a multi-turn chat reads and appends chat:conversation:<session_id> (DB 0, TTL 24 h)', async () => {
    const sid = crypto.randomUUID();
    const replies: string[] = [];
    for (const [i, content] of ['first question', 'second question', 'third question'].entries()) {
      const path = i === 1 ? '/api/chat/message' : '/api/chat';
      const a = await chat({ content, session_id: sid }, path);
      assert.equal(a.status, 200, a.text);
      const d = obj(body(a)['data']);
      assert.equal(d['session_id'], sid);
      replies.push(str(d['content']));
    }
    // The reply numbers its turn from the history it read: proof each turn read what the last one wrote.
    assert.match(replies[2] ?? '', /answer 3 to: third question/);
    const key = `chat:conversation:${sid}`;
    const stored = (await lab.redis.lRange(key, 0, -1)).map((t) => obj(JSON.parse(t)));
    assert.deepEqual(
      stored.map((m) => [m['role'], m['content']]),
      [
        ['user', 'first question'],
        ['assistant', replies[0]],
        ['user', 'second question'],
        ['assistant', replies[1]],
        ['user', 'third question'],
        ['assistant', replies[2]],
      ],
    );
    const ttl = await lab.redis.ttl(key);
    assert.ok(ttl > 86_400 - 60 && ttl <= 86_400, `ttl ${ttl}`);
  });

  test('a session id that starts with a UUID is accepted and used as the key', async () => {
    const sid = `${crypto.randomUUID()}-web`;
    assert.equal((await chat({ content: 'hello', session_id: sid })).status, 200);
    assert.equal(await lab.redis.lLen(`chat:conversation:${sid}`), 2);
  });

  test('errors: 422 for schema failures, the 500 envelope for a non-UUID session or blank content', async () => {
    assert422(await chat({}), 'content');
    assert422(await chat({ content: '' }), 'content');
    assert422(await chat({ content: 'x'.repeat(50_001) }), 'content');
    assert422(await chat({ content: 'hi', role: 'robot' }), 'role');
    // The original suite's body: wrong field, non-UUID session.
    assert422(await chat({ message: 'What is AutoBot?', session_id: 'load_test_1_1700000000' }), 'content');
    assert422(
      await http(MAIN, BACKEND_PORT, '/api/chat', { method: 'POST', body: '{"content":', headers: { 'content-type': 'application/json' } }),
    );
    assertEnvelope500(await chat({ content: 'hi', session_id: 'load_test_1_1700000000' }));
    assertEnvelope500(await chat({ content: '   ' }));
  });

  test('wrong method 405, unknown path 404, and no 429 on the chat routes', async () => {
    assert.equal((await http(MAIN, BACKEND_PORT, '/api/chat')).status, 405);
    assert.equal((await http(MAIN, BACKEND_PORT, '/api/nope')).status, 404);
    // 120 turns in a burst (6 waves of 20): all 200; the chat routes have no rate limit.
    const statuses: number[] = [];
    for (let wave = 0; wave < 6; wave++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => chat({ content: 'burst' })));
      statuses.push(...answers.map((a) => a.status));
    }
    assert.deepEqual([...new Set(statuses)], [200]);
  });

  test('POST /api/chat/stream: SSE headers; start, chunks, end; the chunks make the stored reply', async () => {
    const sid = crypto.randomUUID();
    const a = await chat({ content: 'stream me an answer please', session_id: sid }, '/api/chat/stream');
    assert.equal(a.status, 200);
    assert.match(String(a.headers['content-type']), /^text\/event-stream/);
    assert.equal(a.headers['cache-control'], 'no-cache');
    assert.equal(a.headers['x-accel-buffering'], 'no');
    const events = sseEvents(a.text);
    const first = events[0];
    const last = events.at(-1);
    assert.ok(first && last);
    assert.equal(first['type'], 'start');
    assert.equal(first['session_id'], sid);
    const requestId = str(first['request_id']);
    assert.match(requestId, UUID_RE);
    assert.deepEqual(last, { type: 'end', request_id: requestId });
    const chunks = events.slice(1, -1);
    assert.ok(chunks.length >= 2 && chunks.length <= 4, `${chunks.length} chunks`);
    for (const c of chunks) assert.equal(c['type'], 'chunk');
    const text = chunks.map((c) => str(c['content'])).join('');
    const stored = await lab.redis.lRange(`chat:conversation:${sid}`, -1, -1);
    assert.equal(obj(JSON.parse(stored[0] ?? 'null'))['content'], text);
    // Chunks are paced over the model time.
    assert.ok(a.ms >= CHAT_MS - 2, `stream took ${a.ms} ms`);
  });

  test('POST /api/chats/{chat_id}/message: the web UI’s stream, kept under the chat id', async () => {
    const id = crypto.randomUUID();
    const a = await postJson(MAIN, BACKEND_PORT, `/api/chats/${id}/message`, { message: 'hello from the UI' });
    assert.equal(a.status, 200);
    const events = sseEvents(a.text);
    assert.deepEqual(
      events.map((e) => e['type']),
      ['start', ...events.slice(1, -1).map(() => 'chunk'), 'end'],
    );
    assert.equal(events[0]?.['session_id'], id);
    assert.equal(await lab.redis.lLen(`chat:conversation:${id}`), 2);
    assert422(await postJson(MAIN, BACKEND_PORT, `/api/chats/${id}/message`, { content: 'wrong field' }), 'message');
    assertEnvelope500(await postJson(MAIN, BACKEND_PORT, '/api/chats/not-a-uuid/message', { message: 'hi' }));
    // A bad body on the stream route is a plain 422, not an event stream.
    const bad = await chat({}, '/api/chat/stream');
    assert422(bad, 'content');
  });

  test('an error inside a stream is an `error` event with HTTP 200, then `end`', async () => {
    const id = await lab.control.setFault({ kind: 'error-rate', rate: 1, route: 'POST /api/chat/stream' });
    try {
      const a = await chat({ content: 'this will fail' }, '/api/chat/stream');
      assert.equal(a.status, 200);
      const events = sseEvents(a.text);
      assert.deepEqual(
        events.map((e) => e['type']),
        ['start', 'error', 'end'],
      );
      const err = events[1];
      assert.ok(err);
      assert.equal(typeof err['content'], 'string');
      assert.equal(err['request_id'], events[0]?.['request_id']);
      // Only the targeted route fails.
      assert.equal((await chat({ content: 'still fine' })).status, 200);
    } finally {
      await lab.control.clearFault(id);
    }
    const ok = sseEvents((await chat({ content: 'fine again' }, '/api/chat/stream')).text);
    assert.ok(!ok.some((e) => e['type'] === 'error'));
  });

  test('a client that hangs up mid-stream: the service carries on, ground truth records status 0', async () => {
    const since = (await lab.control.groundTruth({ service: 'autobot-backend' })).at(-1)?.seq ?? 0;
    await lab.control.setConfig({ autobot: { chatMs: 300 } });
    try {
      await new Promise<void>((resolve, reject) => {
        const payload = JSON.stringify({ content: 'I will not wait for this' });
        const req = request(
          {
            host: MAIN,
            port: BACKEND_PORT,
            path: '/api/chat/stream',
            method: 'POST',
            agent: false,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
          },
          (res) => {
            res.once('data', () => {
              // The start event arrived: hang up while the chunks are still to come.
              req.destroy();
              resolve();
            });
          },
        );
        req.setTimeout(3000, () => req.destroy(new Error('timeout')));
        req.on('error', (e) => (e.message === 'timeout' ? reject(e) : undefined));
        req.end(payload);
      });
      // The turn goes on without its client; the service keeps answering.
      await new Promise((r) => setTimeout(r, 400));
      assert.equal((await http(MAIN, BACKEND_PORT, '/api/health')).status, 200);
      assert.equal((await chat({ content: 'still here' })).status, 200);
      // Records come in 100 ms batches, so `since` may predate earlier streams' records: look for this one.
      const rec = await waitFor('the hung-up stream record (status 0)', async () => {
        const r = await lab.control.groundTruth({ service: 'autobot-backend', route: '/api/chat/stream', since });
        return r.find((x) => x.status === 0);
      });
      assert.equal(rec.method, 'POST');
    } finally {
      await lab.control.setConfig({ autobot: { chatMs: CHAT_MS } });
    }
  });

  test('the frontend serves HTML at / and proxies /api/* to main:8001', async () => {
    const page = await http(FRONTEND, FRONTEND_PORT, '/');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.text, /<!DOCTYPE html>/);
    const health = await http(FRONTEND, FRONTEND_PORT, '/api/health');
    assert.equal(health.status, 200);
    assert.equal(body(health)['service'], 'autobot-backend');
    const sid = crypto.randomUUID();
    const turn = await postJson(FRONTEND, FRONTEND_PORT, '/api/chat', { content: 'through the proxy', session_id: sid });
    assert.equal(turn.status, 200);
    assert.equal(obj(body(turn)['data'])['session_id'], sid);
    assert.equal(await lab.redis.lLen(`chat:conversation:${sid}`), 2);
    const stream = await postJson(FRONTEND, FRONTEND_PORT, '/api/chat/stream', { content: 'stream via proxy' });
    assert.equal(stream.status, 200);
    assert.equal(sseEvents(stream.text).at(-1)?.['type'], 'end');
    assert422(await postJson(FRONTEND, FRONTEND_PORT, '/api/chat', {}), 'content');
    assert.equal((await http(FRONTEND, FRONTEND_PORT, '/not-there')).status, 404);
  });

  test('like one Ollama: with chatParallel 1 concurrent turns queue, and ground truth shows the waits', async () => {
    const TURN_MS = 150;
    const since = (await lab.control.groundTruth({ service: 'autobot-backend' })).at(-1)?.seq ?? 0;
    await lab.control.setConfig({ autobot: { chatParallel: 1, chatMs: TURN_MS } });
    try {
      const t0 = performance.now();
      const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => chat({ content: `queued ${i}` })));
      const elapsed = performance.now() - t0;
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200, 200],
      );
      // One slot: the four model times cannot overlap, however the requests arrived.
      assert.ok(elapsed >= 4 * TURN_MS - 5, `4 turns on one slot took ${Math.round(elapsed)} ms`);
      const records = await waitFor('4 ground-truth records', async () => {
        const r = (await lab.control.groundTruth({ service: 'autobot-backend', route: '/api/chat', since })).filter(
          (x) => x.serviceTimeMs >= TURN_MS - 2,
        );
        return r.length >= 4 ? r : undefined;
      });
      const waits = records.map((r) => r.queueWaitMs).sort((x, y) => x - y);
      // Arrivals are a few ms apart: the last turn waited for at least one whole turn (ideally three).
      assert.ok((waits.at(-1) ?? 0) >= TURN_MS - 10, `waits ${waits.map(Math.round).join(', ')}`);
      assert.ok(records.every((r) => r.serviceTimeMs >= r.queueWaitMs + TURN_MS - 2));
    } finally {
      await lab.control.setConfig({ autobot: { chatParallel: 16, chatMs: CHAT_MS } });
    }
  });
});
