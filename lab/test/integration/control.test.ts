// test-needs: lab
/**
 * The control endpoint (lab/src/control.ts) driven through the orchestrator's LabControl: every fault switch
 * shows its effect and clearing it restores service; a fault given at start is active from the first request;
 * ground truth has one record per request with the right route and status; bad control input is a 400 with a
 * message. Deterministic, zero-delay lab, so every delay measured here is the fault's.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { LabError } from '../../../orchestrator/src/errors.ts';
import type { LabControl } from '../../../orchestrator/src/lab/control.ts';
import {
  AFIRGEN_PORT,
  BACKEND_PORT,
  LAB_KEY,
  MAIN,
  body,
  http,
  isRecord,
  obj,
  postJson,
  labForSuite,
  waitFor,
  type HttpAnswer,
} from '../helpers/lab.ts';

const NPU = '127.0.0.22';
const NPU_PORT = 8081;
const AI = '127.0.0.24';
const AI_PORT = 8080;
const BROWSER = '127.0.0.25';
const BROWSER_PORT = 3000;
const CONTROL_PORT = 8099;

const control = (path: string, method = 'GET', b?: unknown): Promise<HttpAnswer> =>
  http(MAIN, CONTROL_PORT, path, { method, ...(b === undefined ? {} : { body: typeof b === 'string' ? b : JSON.stringify(b) }) });
const chat = (timeoutMs = 5000): Promise<HttpAnswer> =>
  http(MAIN, BACKEND_PORT, '/api/chat', {
    method: 'POST',
    body: JSON.stringify({ content: 'fault test', session_id: 'f0000000-0000-4000-8000-000000000001' }),
    headers: { 'content-type': 'application/json' },
    timeoutMs,
  });

/** Sends `n` requests one after another and returns their times. */
async function times(n: number, f: () => Promise<HttpAnswer>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await f()).ms);
  return out;
}

function connectError(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'answered',
    (e: unknown) => {
      const code = isRecord(e) ? e['code'] : undefined;
      return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
    },
  );
}

function tcpConnects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
    s.on('connect', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

async function listening(control: LabControl, name: string): Promise<boolean> {
  const services = (await control.state())['services'];
  assert.ok(Array.isArray(services));
  const s = services.map((x) => obj(x)).find((x) => x['name'] === name);
  return s?.['listening'] === true;
}

/**
 * After a slowing fault is cleared: polls until three requests in a row answer under 150 ms and returns their
 * times, or, past a 10 s ceiling (far above the 300 ms stall still under way), the last three.
 */
async function fastAgain(request: () => Promise<{ ms: number }>): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  let last: number[] = [];
  while (Date.now() < deadline) {
    last = [...last, (await request()).ms].slice(-3);
    if (last.length === 3 && last.every((ms) => ms < 150)) break;
  }
  return last;
}

describe('lab control: faults and ground truth', { timeout: 150_000 }, () => {
  const lab = labForSuite('control', { faults: [{ kind: 'degraded', service: 'ai-stack' }] }, { zeroDelay: true });

  test('a fault from the start config is active from the first request: ai-stack degraded answers 503', async () => {
    const a = await http(AI, AI_PORT, '/health');
    assert.equal(a.status, 503);
    assert.equal(body(a)['status'], 'degraded');
    const faults = body(await control('/faults'))['faults'];
    assert.ok(Array.isArray(faults) && faults.length === 1);
    await lab.control.clearFaults();
    const b = await http(AI, AI_PORT, '/health');
    assert.equal(b.status, 200);
    assert.equal(body(b)['status'], 'healthy');
  });

  test('degraded: ai-stack 503; the others say degraded with 200; clearing restores healthy', async () => {
    const ids = await Promise.all(
      (['ai-stack', 'npu-worker', 'afirgen', 'autobot-backend'] as const).map((service) =>
        lab.control.setFault({ kind: 'degraded', service }),
      ),
    );
    assert.equal((await http(AI, AI_PORT, '/health')).status, 503);
    const npu = await http(NPU, NPU_PORT, '/health');
    assert.equal(npu.status, 200);
    assert.equal(body(npu)['status'], 'degraded');
    const fir = await http(MAIN, AFIRGEN_PORT, '/health');
    assert.equal(fir.status, 200);
    assert.equal(body(fir)['status'], 'degraded');
    assert.equal(body(await http(MAIN, BACKEND_PORT, '/api/system/health'))['status'], 'degraded');
    for (const id of ids) await lab.control.clearFault(id);
    assert.equal((await http(AI, AI_PORT, '/health')).status, 200);
    assert.equal(body(await http(MAIN, AFIRGEN_PORT, '/health'))['status'], 'healthy');
  });

  test('latency: per service, per route and per VM; clearing removes it', async () => {
    // 250 ms added against an unloaded answer of a few ms; "fast" is anything under 200 ms, which leaves room
    // for a busy machine.
    const svc = await lab.control.setFault({ kind: 'latency', ms: 250, service: 'npu-worker' });
    const slow = await http(NPU, NPU_PORT, '/health');
    assert.ok(slow.ms >= 248, `npu-worker took ${slow.ms} ms`);
    assert.ok((await http(BROWSER, BROWSER_PORT, '/health')).ms < 200, 'another service is not slowed');
    await lab.control.clearFault(svc);
    assert.ok((await http(NPU, NPU_PORT, '/health')).ms < 200);

    const route = await lab.control.setFault({ kind: 'latency', ms: 250, service: 'afirgen', route: 'GET /fir/{fir_number}' });
    const hit = await http(MAIN, AFIRGEN_PORT, '/fir/FIR-00000000-20260101000000', { headers: { 'x-api-key': LAB_KEY } });
    assert.ok(hit.ms >= 248, `the targeted route took ${hit.ms} ms`);
    assert.ok((await http(MAIN, AFIRGEN_PORT, '/health')).ms < 200, 'another route is not slowed');
    await lab.control.clearFault(route);

    const vm = await lab.control.setFault({ kind: 'latency', ms: 250, vm: 'main' });
    assert.ok((await http(MAIN, BACKEND_PORT, '/api/health')).ms >= 248);
    assert.ok((await http(MAIN, AFIRGEN_PORT, '/health')).ms >= 248);
    assert.ok((await http(BROWSER, BROWSER_PORT, '/health')).ms < 200);
    await lab.control.clearFault(vm);
    assert.ok((await http(MAIN, BACKEND_PORT, '/api/health')).ms < 200);
  });

  test('error-rate: rate 1 always fails with the given status; 0.5 fails about half; clearing restores', async () => {
    const all = await lab.control.setFault({ kind: 'error-rate', rate: 1, status: 503, service: 'browser' });
    const a = await http(BROWSER, BROWSER_PORT, '/health');
    assert.equal(a.status, 503);
    assert.equal(typeof body(a)['detail'], 'string');
    // The chat API fails with its own 500 envelope.
    const chatFault = await lab.control.setFault({ kind: 'error-rate', rate: 1, route: 'POST /api/chat' });
    const c = await chat();
    assert.equal(c.status, 500);
    assert.equal(obj(body(c)['error'])['code'], 'INTERNAL_ERROR');
    await lab.control.clearFault(chatFault);
    await lab.control.clearFault(all);
    assert.equal((await http(BROWSER, BROWSER_PORT, '/health')).status, 200);

    const half = await lab.control.setFault({ kind: 'error-rate', rate: 0.5, service: 'npu-worker' });
    let failed = 0;
    const n = 200;
    for (let i = 0; i < n; i++) if ((await http(NPU, NPU_PORT, '/health')).status === 500) failed++;
    assert.ok(failed > n * 0.35 && failed < n * 0.65, `${failed} of ${n} failed at rate 0.5`);
    await lab.control.clearFault(half);
    const after = await Promise.all(Array.from({ length: 20 }, () => http(NPU, NPU_PORT, '/health')));
    assert.deepEqual([...new Set(after.map((x) => x.status))], [200]);
  });

  test('a seed set at run time restarts the random sequence: the same seed fails the same requests', async () => {
    const id = await lab.control.setFault({ kind: 'error-rate', rate: 0.5, service: 'npu-worker' });
    const pattern = async (seed: number): Promise<string> => {
      await lab.control.setConfig({ seed });
      let out = '';
      for (let i = 0; i < 24; i++) out += (await http(NPU, NPU_PORT, '/health')).status === 200 ? '.' : 'x';
      return out;
    };
    try {
      const a = await pattern(11);
      const b = await pattern(12);
      const again = await pattern(11);
      assert.equal(again, a, `seed 11 twice: ${a} vs ${again} (seed 12: ${b})`);
      assert.notEqual(b, a);
    } finally {
      await lab.control.clearFault(id);
    }
  });

  test('down: the listener closes (connection refused) and comes back when cleared', async () => {
    const id = await lab.control.setFault({ kind: 'down', service: 'afirgen' });
    assert.equal(await connectError(http(MAIN, AFIRGEN_PORT, '/health')), 'ECONNREFUSED');
    assert.equal(await listening(lab.control, 'afirgen'), false);
    assert.equal((await http(MAIN, BACKEND_PORT, '/api/health')).status, 200, 'the other service on main stays up');
    await lab.control.clearFault(id);
    // The frontend's proxy answers 502 while the backend is down.
    const backend = await lab.control.setFault({ kind: 'down', service: 'autobot-backend' });
    const proxied = await http('127.0.0.21', 5173, '/api/health');
    assert.equal(proxied.status, 502);
    assert.match(String(body(proxied)['detail']), /proxy error/);
    await lab.control.clearFault(backend);
    assert.equal((await http('127.0.0.21', 5173, '/api/health')).status, 200);
    assert.equal((await http(MAIN, AFIRGEN_PORT, '/health')).status, 200);
    assert.equal(await listening(lab.control, 'afirgen'), true);
  });

  test('blackhole: TCP connects but nothing ever answers; clearing restores HTTP', async () => {
    const id = await lab.control.setFault({ kind: 'blackhole', service: 'npu-worker' });
    assert.equal(await tcpConnects(NPU, NPU_PORT), true);
    const t0 = performance.now();
    assert.equal(await connectError(http(NPU, NPU_PORT, '/health', { timeoutMs: 300 })), 'timeout');
    assert.ok(performance.now() - t0 >= 290);
    assert.equal(await listening(lab.control, 'npu-worker'), false);
    await lab.control.clearFault(id);
    assert.equal((await http(NPU, NPU_PORT, '/health')).status, 200);
  });

  test('stall: the service’s event loop freezes for ms every everyMs; other services are not touched', async () => {
    const id = await lab.control.setFault({ kind: 'stall', service: 'browser', ms: 300, everyMs: 400 });
    let stalled: number[] = [];
    const other: number[] = [];
    try {
      // About 1 s of back-to-back requests spans at least two stalls.
      const deadline = performance.now() + 1000;
      while (performance.now() < deadline) {
        const [b, n] = await Promise.all([http(BROWSER, BROWSER_PORT, '/health'), http(NPU, NPU_PORT, '/health')]);
        stalled.push(b.ms);
        other.push(n.ms);
      }
    } finally {
      await lab.control.clearFault(id);
    }
    assert.ok(Math.max(...stalled) >= 150, `max browser time ${Math.max(...stalled)} ms`);
    // Each npu-worker request ran alongside a browser one and is timed on its own: another worker thread.
    assert.ok(Math.max(...other) < 150, `max npu-worker time ${Math.max(...other)} ms`);
    // A stall already under way when the fault was cleared runs to its end (300 ms); after that the browser
    // answers fast again. Polled, not slept: bounded by a 10 s ceiling far above one stall.
    stalled = await fastAgain(() => http(BROWSER, BROWSER_PORT, '/health'));
    assert.ok(Math.max(...stalled) < 150, `after clearing: ${stalled.join(', ')}`);
  });

  test('redis-slow: chat turns (real Redis I/O) slow down; clearing restores', async () => {
    assert.ok((await chat()).ms < 150);
    const id = await lab.control.setFault({ kind: 'redis-slow', ms: 300, everyMs: 400 });
    let slow: number[];
    try {
      slow = await times(8, () => chat());
    } finally {
      await lab.control.clearFault(id);
    }
    assert.ok(Math.max(...slow) >= 150, `chat times under redis-slow: ${slow.map(Math.round).join(', ')}`);
    // A DEBUG SLEEP already under way when the fault was cleared runs to its end; then chat is fast again.
    const fast = await fastAgain(() => chat());
    assert.ok(Math.max(...fast) < 150, `after clearing: ${fast.map(Math.round).join(', ')}`);
  });

  test('redis-pause WRITE: chat turns hang on the write; GET /api/health does not; clearing unpauses at once', async () => {
    const id = await lab.control.setFault({ kind: 'redis-pause', ms: 10_000, mode: 'WRITE' });
    const pending = chat(8000);
    try {
      assert.equal(await connectError(chat(300)), 'timeout');
      assert.equal((await http(MAIN, BACKEND_PORT, '/api/health')).status, 200);
    } finally {
      await lab.control.clearFault(id);
    }
    const t0 = performance.now();
    const held = await pending;
    assert.equal(held.status, 200);
    assert.ok(performance.now() - t0 < 1000, 'the held turn finishes soon after clearing');
    assert.ok((await chat()).ms < 300);
  });

  test('redis-pause ALL: every Redis command waits out the pause, then chat answers', async () => {
    const id = await lab.control.setFault({ kind: 'redis-pause', ms: 400, mode: 'ALL' });
    try {
      const a = await chat();
      assert.equal(a.status, 200);
      assert.ok(a.ms >= 250, `chat took ${a.ms} ms under a 400 ms pause`);
    } finally {
      await lab.control.clearFault(id);
    }
    assert.ok((await chat()).ms < 300);
  });

  test('redis-pause ALL cleared early: service comes back at once, not when the pause would have ended', async () => {
    const id = await lab.control.setFault({ kind: 'redis-pause', ms: 5000, mode: 'ALL' });
    const pending = chat(8000);
    await new Promise((r) => setTimeout(r, 100));
    await lab.control.clearFault(id);
    const t0 = performance.now();
    const a = await pending;
    assert.equal(a.status, 200);
    assert.ok(performance.now() - t0 < 1000, `the held turn finished ${Math.round(performance.now() - t0)} ms after clearing`);
  });

  test('ground truth: one record per request, with its route template, method and status', async () => {
    // Manual runs may send their own traffic to a running lab (`loadgate run` reuses one), so this test
    // identifies its requests: unique literal paths for the one-record-per-request count, and statuses
    // nothing else sends for the route templates.
    const since = (await lab.control.groundTruth()).at(-1)?.seq ?? 0;
    const t0 = Date.now();
    const tag = crypto.randomUUID().slice(0, 8);
    const key = { 'x-api-key': LAB_KEY };
    const unique: [string, string, number, Promise<HttpAnswer>][] = [];
    for (let i = 0; i < 4; i++) {
      unique.push(['autobot-backend', `/api/gt-${tag}-${i}`, 404, http(MAIN, BACKEND_PORT, `/api/gt-${tag}-${i}`)]);
      unique.push(['browser', `/gt-${tag}-${i}`, 404, http(BROWSER, BROWSER_PORT, `/gt-${tag}-${i}`)]);
      unique.push(['afirgen', `/gt-${tag}-${i}`, 401, http(MAIN, AFIRGEN_PORT, `/gt-${tag}-${i}`)]);
    }
    const templated: [string, string, string, number, Promise<HttpAnswer>][] = [
      ['afirgen', 'GET', '/fir/{fir_number}', 400, http(MAIN, AFIRGEN_PORT, `/fir/FIR-${tag}`, { headers: key })],
      [
        'afirgen',
        'GET',
        '/session/{session_id}/status',
        404,
        http(MAIN, AFIRGEN_PORT, `/session/${crypto.randomUUID()}/status`, { headers: key }),
      ],
      [
        'autobot-backend',
        'POST',
        '/api/chats/{chat_id}/message',
        200,
        postJson(MAIN, BACKEND_PORT, `/api/chats/${crypto.randomUUID()}/message`, { message: 'hi' }),
      ],
    ];
    const answers = await Promise.all([...unique.map((u) => u[3]), ...templated.map((t) => t[4])]);
    const wantStatus = [...unique.map((u) => u[2]), ...templated.map((t) => t[3])];
    answers.forEach((a, i) => assert.equal(a.status, wantStatus[i], `request ${i}`));
    const records = await waitFor('a record for every request', async () => {
      const r = await lab.control.groundTruth({ since });
      const complete =
        unique.every(([svc, path]) => r.some((x) => x.service === svc && x.route === path)) &&
        templated.every(([svc, , route, status]) => r.some((x) => x.service === svc && x.route === route && x.status === status));
      return complete ? r : undefined;
    });
    for (const [svc, path, status] of unique) {
      const mine = records.filter((r) => r.service === svc && r.route === path);
      assert.equal(mine.length, 1, `${path}: ${mine.length} records`);
      assert.equal(mine[0]?.method, 'GET');
      assert.equal(mine[0]?.status, status);
    }
    for (const r of records.filter((x) => x.route.includes(tag))) {
      assert.ok(r.startMs >= t0 - 5 && r.startMs <= Date.now(), 'arrival time in the test’s window');
      assert.ok(r.serviceTimeMs >= 0 && r.queueWaitMs >= 0 && r.queueWaitMs <= r.serviceTimeMs + 0.001);
      assert.notEqual(r.vm, '');
    }
    // The filters narrow what the endpoint returns.
    const byRoute = await lab.control.groundTruth({ since, service: 'browser', route: `/gt-${tag}-0`, method: 'GET' });
    assert.equal(byRoute.length, 1);
    assert.equal((await lab.control.groundTruth({ since, limit: 3 })).length, 3);
    assert.equal((await lab.control.groundTruth({ since, route: `/gt-${tag}-0`, method: 'POST' })).length, 0);
  });

  test('control routes: state, 201/204/404 answers, and bad input is a 400 with a message', async () => {
    assert.equal((await control('/health')).status, 200);
    const state = body(await control('/state'));
    assert.deepEqual(Object.keys(state).sort(), ['config', 'faults', 'redis', 'services']);
    const created = await control('/faults', 'POST', { kind: 'latency', ms: 1, service: 'browser' });
    assert.equal(created.status, 201);
    const c = body(created);
    assert.equal(typeof c['id'], 'string');
    assert.deepEqual(c['fault'], { kind: 'latency', ms: 1, service: 'browser' });
    assert.equal((await control(`/faults/${String(c['id'])}`, 'DELETE')).status, 204);
    assert.equal((await control(`/faults/${String(c['id'])}`, 'DELETE')).status, 404);
    assert.equal((await control('/faults', 'DELETE')).status, 204);
    assert.equal((await control('/nope')).status, 404);

    const bad: [string, string, unknown, RegExp][] = [
      ['/faults', 'POST', { kind: 'melt' }, /kind: must be one of/],
      ['/faults', 'POST', { kind: 'down', service: 'redis' }, /service: must name an HTTP service/],
      ['/faults', 'POST', '{not json', /body is not JSON/],
      ['/config', 'PUT', { autobot: { chatMs: -1 } }, /body\.autobot\.chatMs: must be a number >= 0/],
      ['/config', 'PUT', { faults: [{ kind: 'degraded', service: 'browser' }] }, /use POST \/faults at run time/],
      ['/quirks', 'PUT', { enabled: 'yes' }, /body\.enabled: must be true or false/],
      ['/ground-truth?since=abc', 'GET', undefined, /since must be a non-negative integer/],
    ];
    for (const [path, method, b, re] of bad) {
      const a = await control(path, method, b);
      assert.equal(a.status, 400, `${method} ${path}`);
      assert.match(String(body(a)['error']), re);
    }
    // The typed client turns the 400 into a LabError carrying the lab's message.
    await assert.rejects(
      lab.control.setFault({ kind: 'stall', service: 'browser', ms: 0, everyMs: 100 }),
      (e: unknown) => e instanceof LabError && /ms: must be a number in \[1, 60000\]/.test(e.message),
    );

    // PUT /config answers the new config and the services use it.
    const cfg = await control('/config', 'PUT', { autobot: { chatMs: 80 }, seed: 3 });
    assert.equal(cfg.status, 200);
    assert.equal(obj(body(cfg)['autobot'])['chatMs'], 80);
    assert.equal(body(await control('/config'))['seed'], 3);
  });
});
