// test-needs: lab
/**
 * AFIRGen on the lab (contracts/afirgen.md): auth, /process inputs and errors, the five-call /validate step
 * machine ending in an FIR that GET /fir/{n} returns, sessions in Redis, status/fir/list/authenticate errors,
 * /health's exact shape, the rate limit, timeouts (504), dropped violation checks, the circuit breaker, the
 * model semaphore, and the as-shipped quirks switch. Deterministic mode with small step times.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AFIRGEN_PORT,
  LAB_KEY,
  MAIN,
  UUID_RE,
  body,
  http,
  labForSuite,
  obj,
  str,
  waitFor,
  type HttpAnswer,
  type HttpOptions,
} from '../../helpers/lab.ts';

const FIR_RE = /^FIR-[a-f0-9]{8}-\d{14}$/;
const TEXT = 'My mobile phone was stolen from my bag at the central bus stand at 7 pm yesterday.';
const STEPS = {
  afirgen: { processTextMs: 5, summaryMs: 20, retrievalMs: 5, violationCheckMs: 10, narrativeMs: 20, firBuildMs: 5, ocrMs: 10, asrMs: 10 },
};
const KEY = { 'x-api-key': LAB_KEY };

const get = (path: string, headers: Record<string, string> = KEY): Promise<HttpAnswer> => http(MAIN, AFIRGEN_PORT, path, { headers });
const post = (path: string, opts: HttpOptions = {}): Promise<HttpAnswer> =>
  http(MAIN, AFIRGEN_PORT, path, { method: 'POST', ...opts, headers: { ...KEY, ...opts.headers } });
const validate = (b: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> =>
  post('/validate', { body: JSON.stringify(b), headers: { 'content-type': 'application/json', ...headers } });
const processText = (text = TEXT): Promise<HttpAnswer> => post(`/process?text=${encodeURIComponent(text)}`);

function multipart(name: string, filename: string, type: string, data: Buffer): { body: Buffer; headers: Record<string, string> } {
  const b = 'labtestboundary';
  const head = `--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${b}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
  };
}

function detail(a: HttpAnswer, status: number): string {
  assert.equal(a.status, status, a.text);
  return JSON.stringify(body(a)['detail']);
}

async function newSession(): Promise<string> {
  const a = await processText();
  assert.equal(a.status, 200, a.text);
  return str(body(a)['session_id']);
}

describe('AFIRGen on the lab', { timeout: 150_000 }, () => {
  // The lab's default key: AFIRGEN_API_KEY unset.
  const env = { ...process.env };
  delete env['AFIRGEN_API_KEY'];
  const lab = labForSuite('afirgen', STEPS, { env });

  test('GET /health: no auth, the exact shape, rate-limit headers', async () => {
    const a = await get('/health', {});
    assert.equal(a.status, 200);
    const b = body(a);
    assert.deepEqual(Object.keys(b).sort(), [
      'asr_ocr_server',
      'concurrency',
      'database',
      'kb_cache_size',
      'kb_collections',
      'magic_available',
      'model_server',
      'reliability',
      'session_persistence',
      'status',
    ]);
    assert.equal(b['status'], 'healthy');
    const ms = obj(b['model_server']);
    assert.deepEqual(Object.keys(ms).sort(), ['message', 'models_loaded', 'status']);
    assert.deepEqual(Object.keys(obj(ms['models_loaded'])).sort(), ['bns_check', 'fir_summariser', 'summariser']);
    assert.deepEqual(Object.keys(obj(obj(b['asr_ocr_server'])['models'])).sort(), ['dots_ocr', 'whisper']);
    assert.equal(b['database'], 'connected');
    assert.deepEqual(b['concurrency'], { max_concurrent_requests: 15, max_concurrent_model_calls: 10, http_pool_size: 20 });
    const rel = obj(b['reliability']);
    assert.deepEqual(Object.keys(rel).sort(), ['circuit_breakers', 'graceful_shutdown', 'health_monitor']);
    assert.deepEqual(Object.keys(obj(rel['graceful_shutdown'])).sort(), ['active_requests', 'is_shutting_down', 'shutdown_timeout']);
    assert.ok(a.headers['x-ratelimit-limit'] !== undefined && a.headers['x-ratelimit-window'] !== undefined);
  });

  test('auth: a missing or wrong key is 401; X-API-Key and Bearer both work', async () => {
    detail(await get('/list_firs', {}), 401);
    detail(await get('/list_firs', { 'x-api-key': 'wrong' }), 401);
    detail(await get('/list_firs', { authorization: 'Bearer wrong' }), 401);
    detail(await get('/list_firs', { authorization: LAB_KEY }), 401);
    assert.equal((await get('/list_firs')).status, 200);
    assert.equal((await get('/list_firs', { authorization: `Bearer ${LAB_KEY}` })).status, 200);
    // A CORS preflight needs no key.
    const preflight = await http(MAIN, AFIRGEN_PORT, '/process', { method: 'OPTIONS' });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    const unauth = await get('/list_firs', {});
    assert.ok(unauth.headers['x-ratelimit-limit'] !== undefined, 'rate-limit headers on every response');
  });

  test('POST /process with text: the contract’s envelope, the session stored in Redis', async () => {
    const a = await processText();
    assert.equal(a.status, 200, a.text);
    const b = body(a);
    assert.deepEqual(b, {
      success: true,
      session_id: b['session_id'],
      fir_number: null,
      fir_content: null,
      error: null,
      steps: [],
      requires_validation: true,
      current_step: 'transcript_review',
      content_for_validation: { transcript: TEXT },
    });
    const sid = str(b['session_id']);
    assert.match(sid, UUID_RE);
    const ttl = await lab.redis.ttl(`afirgen:session:${sid}`);
    assert.ok(ttl > 3500 && ttl <= 3600, `session ttl ${ttl}`);
    // The form field works too (the intended behaviour).
    const form = await post('/process', {
      body: new URLSearchParams({ text: TEXT }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 200, form.text);
  });

  test('POST /process with an image or audio file: OCR/ASR first, steps ocr_done / asr_done', async () => {
    const img = multipart('image', 'complaint.png', 'image/png', Buffer.from('PNG image bytes'));
    const a = await post('/process', img);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(body(a)['steps'], ['ocr_done']);
    assert.equal(body(a)['current_step'], 'transcript_review');
    const wav = multipart('audio', 'complaint.wav', 'audio/wav', Buffer.from('RIFF audio bytes'));
    const b = await post('/process', wav);
    assert.equal(b.status, 200, b.text);
    assert.deepEqual(body(b)['steps'], ['asr_done']);
  });

  test('POST /process input errors: 400, 413, 415', async () => {
    detail(await post('/process'), 400);
    detail(await processText('too short'), 400);
    detail(await processText('<script>alert(1)</script> in my complaint'), 400);
    detail(await post(`/process?text=${'x'.repeat(50_001)}`), 413);
    // Text of any valid length may come in the query string (as shipped, the only place it is read).
    assert.equal((await processText(`${TEXT} ${'y'.repeat(50_000 - TEXT.length - 1)}`)).status, 200);
    detail(await post('/process', multipart('image', 'scan.gif', 'image/gif', Buffer.from('GIF89a'))), 415);
    detail(await post('/process', multipart('audio', 'talk.ogg', 'audio/ogg', Buffer.from('OggS'))), 415);
    const both = multipart('image', 'a.png', 'image/png', Buffer.from('PNG'));
    detail(await post(`/process?text=${encodeURIComponent(TEXT)}`, both), 400);
  });

  test('the five-call /validate flow ends in an FIR that GET /fir/{n} returns', async () => {
    const sid = await newSession();
    const expected: [string, string[]][] = [
      ['summary_review', ['original_transcript', 'summary']],
      ['violations_review', ['summary', 'violations']],
      ['fir_narrative_review', ['fir_narrative']],
      ['final_review', ['fir_content', 'fir_number']],
      ['final_review', ['fir_content', 'fir_number']],
    ];
    let last: Record<string, unknown> = {};
    for (const [i, [step, keys]] of expected.entries()) {
      const a = await validate({ session_id: sid, approved: true });
      assert.equal(a.status, 200, `call ${i + 1}: ${a.text}`);
      const b = body(a);
      assert.equal(b['success'], true);
      assert.equal(b['session_id'], sid);
      assert.equal(typeof b['message'], 'string');
      assert.equal(b['current_step'], step, `call ${i + 1}`);
      assert.deepEqual(Object.keys(obj(b['content'])).sort(), keys, `call ${i + 1}`);
      assert.equal(b['requires_validation'], i < 4, `call ${i + 1}`);
      if (i === 1) {
        const v = obj(b['content'])['violations'];
        assert.ok(Array.isArray(v) && v.length === 10, 'ten checks, none dropped');
        assert.deepEqual(Object.keys(obj(v[0])).sort(), ['db', 'section', 'text']);
      }
      last = b;
    }
    assert.equal(last['completed'], true);
    const fir = str(obj(last['content'])['fir_number']);
    assert.match(fir, FIR_RE);
    assert.ok(fir.startsWith(`FIR-${sid.slice(0, 8)}-`));
    assert.ok(str(obj(last['content'])['fir_content']).length >= 2048);

    const status = body(await get(`/session/${sid}/status`));
    assert.deepEqual(Object.keys(status).sort(), [
      'awaiting_validation',
      'created_at',
      'current_step',
      'last_activity',
      'session_id',
      'status',
    ]);
    assert.equal(status['status'], 'completed');
    assert.equal(status['awaiting_validation'], false);

    const f = await get(`/fir/${fir}`);
    assert.equal(f.status, 200);
    const fb = body(f);
    assert.deepEqual(Object.keys(fb).sort(), ['created_at', 'finalized_at', 'fir_number', 'status']);
    assert.equal(fb['fir_number'], fir);
    assert.equal(fb['finalized_at'], null);
    const content = body(await get(`/fir/${fir}/content`));
    assert.deepEqual(Object.keys(content).sort(), ['content', 'created_at', 'finalized_at', 'fir_number', 'status']);
    assert.ok(str(content['content']).includes(fir));
    assert.ok(await lab.redis.exists(`afirgen:fir:${fir}`));

    const list = body(await get('/list_firs?limit=100'));
    assert.equal(list['limit'], 100);
    assert.equal(list['offset'], 0);
    const records = list['records'];
    assert.ok(Array.isArray(records) && records.length === list['count']);
    assert.ok(records.some((r) => obj(r)['fir_number'] === fir));
    assert.deepEqual(Object.keys(obj(records[0])).sort(), ['created_at', 'fir_number', 'status']);

    // A completed session no longer awaits validation.
    assert.match(detail(await validate({ session_id: sid, approved: true }), 400), /not awaiting validation/);

    // /authenticate: wrong key 401, unknown FIR 404, then finalized once, then 400.
    const auth = (b: unknown): Promise<HttpAnswer> =>
      post('/authenticate', { body: JSON.stringify(b), headers: { 'content-type': 'application/json' } });
    detail(await auth({ fir_number: fir, auth_key: 'wrong' }), 401);
    detail(await auth({ fir_number: 'FIR-00000000-20260101000000', auth_key: LAB_KEY }), 404);
    assert.equal((await auth({ fir_number: fir })).status, 422);
    const ok = await auth({ fir_number: fir, auth_key: LAB_KEY });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(Object.keys(body(ok)).sort(), ['fir_number', 'message', 'success']);
    assert.equal(body(ok)['success'], true);
    detail(await auth({ fir_number: fir, auth_key: LAB_KEY }), 400);
    const finalized = body(await get(`/fir/${fir}`));
    assert.equal(finalized['status'], 'finalized');
    assert.equal(typeof finalized['finalized_at'], 'string');
  });

  test('approved: false answers 200 and does not advance', async () => {
    const sid = await newSession();
    const a = await validate({ session_id: sid, approved: false, user_input: 'the time was 7:30 pm' });
    assert.equal(a.status, 200);
    assert.equal(body(a)['current_step'], 'transcript_review');
    assert.deepEqual(body(a)['content'], { message: 'Please provide corrections or additional input' });
    assert.equal(body(await validate({ session_id: sid, approved: true }))['current_step'], 'summary_review');
  });

  test('/validate errors: 422 for a bad body, 404 for an unknown session', async () => {
    const sid = await newSession();
    detail(await validate({ session_id: sid.toUpperCase(), approved: true }), 422);
    detail(await validate({ session_id: 'nope', approved: true }), 422);
    detail(await validate({ session_id: sid }), 422);
    detail(await validate({ session_id: sid, approved: 'yes' }), 422);
    detail(await validate({ session_id: sid, approved: true, user_input: 'x'.repeat(10_001) }), 422);
    detail(await post('/validate', { body: 'not json', headers: { 'content-type': 'application/json' } }), 422);
    detail(await validate({ session_id: crypto.randomUUID(), approved: true }), 404);
  });

  test('status, FIR and list errors: 400 bad format, 404 unknown, 422 out of range; 405 and 404 routes', async () => {
    detail(await get('/session/not-a-uuid/status'), 400);
    detail(await get(`/session/${crypto.randomUUID()}/status`), 404);
    detail(await get('/fir/FIR-123'), 400);
    detail(await get('/fir/FIR-00000000-20260101000000'), 404);
    detail(await get('/fir/FIR-00000000-20260101000000/content'), 404);
    for (const q of ['limit=0', 'limit=101', 'offset=-1', 'limit=ten']) assert.equal((await get(`/list_firs?${q}`)).status, 422, q);
    assert.equal(body(await get('/list_firs'))['limit'], 20);
    assert.equal((await get('/process')).status, 405);
    assert.equal((await get('/nothing-here')).status, 404);
    const metrics = body(await get('/metrics'));
    assert.equal(typeof metrics['requests_total'], 'number');
    assert.ok(obj(body(await get('/reliability'))['circuit_breakers'])['model_server']);
  });

  test('the model semaphore serialises the violations fan-out; ground truth records the step and the wait', async () => {
    const sid = await newSession();
    await validate({ session_id: sid, approved: true });
    await lab.control.setConfig({ afirgen: { modelSlots: 2 } });
    try {
      const a = await validate({ session_id: sid, approved: true });
      assert.equal(a.status, 200);
      // Retrieval 5 ms, then 10 checks of 10 ms on 2 slots: five rounds.
      assert.ok(a.ms >= 5 + 5 * 10 - 3, `violations step took ${a.ms} ms`);
      // Records reach the control endpoint in batches (every 100 ms): poll for the one of this call.
      const rec = await waitFor('the violations record', async () => {
        const r = await lab.control.groundTruth({ service: 'afirgen', route: '/validate' });
        return r.find((x) => x.step === 'summary_review' && x.serviceTimeMs >= 5 + 5 * 10 - 3);
      });
      assert.equal(rec.status, 200);
      assert.ok(rec.queueWaitMs >= 4 * 10 - 5, `queue wait ${rec.queueWaitMs}`);
    } finally {
      await lab.control.setConfig({ afirgen: { modelSlots: 10 } });
    }
  });

  test('at most maxConcurrentProcess /process at once: the rest queue (ground truth shows the wait)', async () => {
    await lab.control.setConfig({ afirgen: { maxConcurrentProcess: 2, processTextMs: 100 } });
    try {
      const t0 = performance.now();
      const answers = await Promise.all(Array.from({ length: 4 }, () => processText()));
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200, 200],
      );
      assert.ok(performance.now() - t0 >= 2 * 100 - 5, 'two rounds of two');
      const ids = new Set(answers.map((a) => str(body(a)['session_id'])));
      assert.equal(ids.size, 4);
      const waited = await waitFor('records of queued /process calls', async () => {
        const r = (await lab.control.groundTruth({ service: 'afirgen', route: '/process' })).filter((x) => x.queueWaitMs >= 100 - 10);
        return r.length >= 1 ? r : undefined;
      });
      assert.ok(waited.length >= 1);
    } finally {
      await lab.control.setConfig({ afirgen: { maxConcurrentProcess: 15, processTextMs: 5 } });
    }
  });

  test('sessions live in Redis: a session survives the FIR service going down and coming back', async () => {
    const sid = await newSession();
    assert.equal((await validate({ session_id: sid, approved: true })).status, 200);
    const id = await lab.control.setFault({ kind: 'down', service: 'afirgen' });
    await lab.control.clearFault(id);
    const a = await validate({ session_id: sid, approved: true });
    assert.equal(a.status, 200, a.text);
    assert.equal(body(a)['current_step'], 'violations_review');
  });

  test('violation checks past their timeout are dropped silently: 200 with fewer violations', async () => {
    const sid = await newSession();
    await validate({ session_id: sid, approved: true });
    await lab.control.setConfig({ afirgen: { violationTimeoutMs: 5 } });
    try {
      const a = await validate({ session_id: sid, approved: true });
      assert.equal(a.status, 200, a.text);
      assert.deepEqual(obj(body(a)['content'])['violations'], []);
      assert.equal(body(a)['current_step'], 'violations_review');
    } finally {
      await lab.control.setConfig({ afirgen: { violationTimeoutMs: 800 } });
    }
  });

  test('a model call past its timeout is 504; five in a row open the breaker (500), which closes again', async () => {
    const sid = await newSession();
    await lab.control.setConfig({ afirgen: { summaryTimeoutMs: 5, breakerOpenMs: 300 } });
    try {
      for (let i = 0; i < 5; i++) {
        assert.equal(detail(await validate({ session_id: sid, approved: true }), 504), '"Processing timeout - please try again"');
      }
      const open = await validate({ session_id: sid, approved: true });
      assert.match(detail(open, 500), /Validation failed: Circuit breaker model_server is OPEN/);
      const health = body(await get('/health', {}));
      assert.equal(obj(obj(obj(health['reliability'])['circuit_breakers'])['model_server'])['state'], 'open');
    } finally {
      await lab.control.setConfig({ afirgen: { summaryTimeoutMs: 6000 } });
    }
    const closed = await waitFor(
      'the breaker to close',
      async () => {
        const a = await validate({ session_id: sid, approved: true });
        return a.status === 200 ? a : undefined;
      },
      3000,
    );
    assert.equal(body(closed)['current_step'], 'summary_review');
  });

  test('rate limit: over the limit 429 with Retry-After; /health and unauthenticated requests are not counted', async () => {
    // The limit is per client address: this test's client is 127.0.0.77, fresh to the limiter.
    const client = (path: string, headers: Record<string, string> = KEY): Promise<HttpAnswer> =>
      http(MAIN, AFIRGEN_PORT, path, { headers, localAddress: '127.0.0.77' });
    await lab.control.setConfig({ afirgen: { rateLimitRequests: 3, rateLimitWindowS: 60 } });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await client('/list_firs', {})).status, 401);
      for (let i = 0; i < 5; i++) assert.equal((await client('/health', {})).status, 200);
      for (let i = 0; i < 3; i++) assert.equal((await client('/list_firs')).status, 200, `request ${i + 1}`);
      const over = await client('/list_firs');
      assert.equal(over.status, 429);
      const b = body(over);
      assert.equal(b['error'], 'too_many_requests');
      assert.equal(typeof b['detail'], 'string');
      assert.equal(over.headers['retry-after'], '60');
      assert.equal(over.headers['x-ratelimit-limit'], '3');
      assert.equal(over.headers['x-ratelimit-window'], '60');
      // Another client is not affected.
      assert.equal((await http(MAIN, AFIRGEN_PORT, '/list_firs', { headers: KEY, localAddress: '127.0.0.78' })).status, 200);
    } finally {
      await lab.control.setConfig({ afirgen: { rateLimitRequests: 100_000 } });
    }
    assert.equal((await get('/list_firs')).status, 200);
  });

  test('the as-shipped quirks, behind one switch, and off again', async () => {
    const imageSession = async (): Promise<string> => {
      const a = await post('/process', multipart('image', 'c.jpg', 'image/jpeg', Buffer.from('JPEG')));
      assert.equal(a.status, 200, a.text);
      return str(body(a)['session_id']);
    };
    await lab.control.setQuirks(true);
    try {
      const noKey = await get('/list_firs', {});
      assert.equal(noKey.status, 500);
      assert.match(String(noKey.headers['content-type']), /^text\/plain/);
      assert.equal(noKey.headers['connection'], 'close');
      const form = await post('/process', {
        body: new URLSearchParams({ text: TEXT }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.match(detail(form, 400), /No input provided/);
      const textSid = str(body(await processText())['session_id']);
      assert.match(detail(await validate({ session_id: textSid, approved: true }), 400), /Session not awaiting validation/);
      const sid = await imageSession();
      for (let i = 0; i < 3; i++) assert.equal((await validate({ session_id: sid, approved: true })).status, 200);
      assert.match(
        detail(await validate({ session_id: sid, approved: true }), 500),
        /get_fir_data\(\) takes 1 positional argument but 2 were given/,
      );
    } finally {
      await lab.control.setQuirks(false);
    }
    detail(await get('/list_firs', {}), 401);
    const sid = await newSession();
    assert.equal((await validate({ session_id: sid, approved: true })).status, 200);
  });
});
