/**
 * The runner with the real k6 and the real bundled scripts, against small fake targets this test starts
 * on 127.0.0.1: the contracts' requests, tags, metrics, retries, fail-fast setup, thresholds and exit
 * codes, the dashboard export, and summary percentiles that equal those recomputed from raw samples.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { requireK6 } from '../../../../src/toolchain.ts';
import { runK6Scenario, type K6RunContext } from '../../../../src/engines/k6/runner.ts';
import { percentileSorted, sortedCopy } from '../../../../src/stats/percentile.ts';
import type { K6ScenarioPlan } from '../../../../src/plan/types.ts';
import { FAKE_KEY, startChatFake, startFirFake, type ChatFake, type FirFake } from './fake-targets.ts';
import { ensureBundled, k6Criterion, plan, readPoints, target, values } from './k6-helpers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('k6 runner, real k6, fake loopback targets', { timeout: 90_000 }, () => {
  let dir = '';
  let fir: FirFake;
  let chat: ChatFake;
  let ctx: K6RunContext;
  before(async () => {
    const [k6] = await Promise.all([requireK6(), ensureBundled()]);
    dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-int-'));
    fir = await startFirFake({ process: 20, summary: 40, violations: 60, narrative: 30, fir: 10, complete: 5 });
    chat = await startChatFake(5);
    ctx = { env: process.env, runId: 'run-int', runDir: dir, k6: { path: k6.path, version: k6.version }, gracePeriodMs: 5000 };
  });
  after(async () => {
    await fir.server.close();
    await chat.server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const firPlan = (id: string, extra: Partial<K6ScenarioPlan> = {}): K6ScenarioPlan =>
    plan(
      id,
      'fir-single',
      { type: 'shared-iterations', vus: 1, iterations: 3, maxDuration: '30s' },
      { afirgen: target(fir.server.url) },
      { textLength: 120 },
      {
        apiKey: FAKE_KEY,
        ...extra,
      },
    );

  test('fir-single: the contract flow, every step timed by its meaning, tags, summary', async () => {
    const record = await runK6Scenario(
      firPlan('fir-single', { criteria: [k6Criterion('fir_step_duration{step:violations}', 'p(50)<5000')] }),
      ctx,
    );
    assert.equal(record.k6?.outcome, 'ok', record.errors.join('\n'));
    assert.deepEqual(record.errors, []);
    const points = await readPoints(join(dir, record.samples[0] ?? ''));
    for (const [step, delay] of Object.entries({ process: 20, summary: 40, violations: 60, narrative: 30, fir: 10, complete: 5 })) {
      const v = values(points, 'fir_step_duration', { step });
      assert.equal(v.length, 3, step);
      assert.ok(
        v.every((x) => x >= delay && x < delay + 200),
        `${step}: ${v.join(', ')}`,
      );
    }
    assert.deepEqual(values(points, 'fir_completed'), [1, 1, 1]);
    assert.deepEqual(values(points, 'fir_violations'), [3, 3, 3]);
    assert.equal(values(points, 'fir_e2e_duration').length, 3);
    const req = points.find((p) => p.metric === 'http_req_duration' && p.tags['name'] === 'validate');
    assert.deepEqual(
      { scenario: req?.tags['scenario'], run_id: req?.tags['run_id'], vm: req?.tags['vm'] },
      { scenario: 'fir-single', run_id: 'run-int', vm: 'main' },
    );
    assert.ok(['summary', 'violations', 'narrative', 'fir', 'complete'].includes(req?.tags['step'] ?? ''));
    assert.ok(points.some((p) => p.metric === 'http_req_duration' && p.tags['name'] === 'fir' && p.tags['step'] === 'fetch'));
    // The contract's request shapes, and the key in a header.
    const process = fir.received.find((r) => r.path === '/process');
    assert.equal(new URLSearchParams(process?.body).get('text')?.length, 120);
    assert.ok(fir.received.filter((r) => r.path !== '/health').every((r) => r.apiKey === FAKE_KEY));
    assert.deepEqual(record.k6.thresholds, [{ selector: 'fir_step_duration{step:violations}', expression: 'p(50)<5000', ok: true }]);
    assert.ok(record.k6.summary['fir_step_duration{step:violations}']?.['med'] !== undefined);
    // Under one dashboard period (1 s) k6 skips its report ("not enough data"); the artefact is then absent.
    assert.equal(record.artifacts['dashboard'], undefined);
    assert.ok(typeof record.k6.cpuSeconds === 'number');
  });

  test('a failed threshold: exit 99, k6 and the record agree', async () => {
    const record = await runK6Scenario(
      firPlan('fir-threshold', { criteria: [k6Criterion('fir_step_duration{step:violations}', 'p(50)<1')] }),
      ctx,
    );
    assert.equal(record.k6?.outcome, 'thresholds-failed');
    assert.deepEqual(record.errors, []);
    assert.deepEqual(record.k6.thresholds, [{ selector: 'fir_step_duration{step:violations}', expression: 'p(50)<1', ok: false }]);
  });

  test('429 with Retry-After: retried, counted in loadgate_retries, and the flow still completes', async () => {
    fir.rateLimitNext = 1;
    const record = await runK6Scenario(
      firPlan('fir-retry', { executor: { type: 'shared-iterations', vus: 1, iterations: 1, maxDuration: '30s' } }),
      ctx,
    );
    assert.equal(record.k6?.outcome, 'ok', record.errors.join('\n'));
    const points = await readPoints(join(dir, record.samples[0] ?? ''));
    assert.deepEqual(values(points, 'loadgate_retries', { reason: 'rate_limited' }), [1]);
    assert.deepEqual(values(points, 'fir_completed'), [1]);
    const process = values(points, 'fir_step_duration', { step: 'process' });
    assert.ok((process[0] ?? 0) >= 1000, 'the step time includes the Retry-After wait');
    assert.deepEqual(values(points, 'http_req_failed', { name: 'process' }), [1, 0], 'the 429 is still a failed request');
  });

  test('setup fails fast when the target does not answer: script-aborted before any load', async () => {
    const down = target('http://127.0.0.1:9');
    const record = await runK6Scenario(firPlan('fir-down', { targets: { afirgen: down } }), ctx);
    assert.equal(record.k6?.outcome, 'script-aborted');
    assert.match(await readFile(join(dir, record.artifacts['stderr'] ?? ''), 'utf8'), /is not usable/);
  });

  test('a missing environment value aborts before any load with its name', async () => {
    const record = await runK6Scenario(firPlan('fir-nokey', { apiKey: undefined }), ctx);
    assert.equal(record.k6?.outcome, 'script-error');
    assert.match(await readFile(join(dir, record.artifacts['stderr'] ?? ''), 'utf8'), /LOADGATE_AFIRGEN_KEY is not set/);
  });

  test('fir-concurrency: rounds tagged, batch durations derived into a second samples file', async () => {
    const p = plan(
      'fir-concurrency-3',
      'fir-concurrency',
      { type: 'per-vu-iterations', vus: 3, iterations: 2, maxDuration: '30s' },
      { afirgen: target(fir.server.url) },
      { textLength: 50, concurrency: 3, rounds: 2, pauseMs: 0 },
      { apiKey: FAKE_KEY },
    );
    const record = await runK6Scenario(p, ctx);
    assert.equal(record.k6?.outcome, 'ok', record.errors.join('\n'));
    assert.deepEqual(record.samples, ['k6/fir-concurrency-3/samples.json.gz', 'k6/fir-concurrency-3/batch-samples.json.gz']);
    const batches = await readPoints(join(dir, record.samples[1] ?? ''));
    assert.deepEqual(
      batches.map((b) => b.tags['round']),
      ['1', '2'],
    );
    assert.ok(batches.every((b) => b.metric === 'fir_batch_duration' && b.value >= 165 && b.tags['scenario'] === 'fir-concurrency-3'));
  });

  test('chat, 20 users: contract body, one UUID per conversation, P95 in the summary equals the raw samples', async () => {
    chat.received.length = 0;
    const p = plan(
      'chat',
      'chat',
      { type: 'per-vu-iterations', vus: 20, iterations: 1, maxDuration: '30s' },
      { chat: target(chat.server.url) },
      { turns: 3, thinkTimeMs: 10 },
    );
    const record = await runK6Scenario(p, ctx);
    assert.equal(record.k6?.outcome, 'ok', record.errors.join('\n'));
    const bodies = chat.received.filter((r) => r.path === '/api/chat').map((r) => r.body);
    assert.equal(bodies.length, 60);
    const sessions = new Map<string, number>();
    for (const b of bodies) {
      assert.ok(typeof b === 'object' && b !== null);
      const sid: unknown = Reflect.get(b, 'session_id');
      assert.equal(Reflect.get(b, 'role'), 'user');
      assert.equal(typeof Reflect.get(b, 'content'), 'string');
      assert.ok(typeof sid === 'string' && UUID.test(sid), String(sid));
      sessions.set(sid, (sessions.get(sid) ?? 0) + 1);
    }
    assert.equal(sessions.size, 20);
    assert.ok([...sessions.values()].every((n) => n === 3));
    const points = await readPoints(join(dir, record.samples[0] ?? ''));
    const turns = values(points, 'chat_turn_duration');
    assert.equal(turns.length, 60);
    const p95 = record.k6.summary['chat_turn_duration']?.['p(95)'];
    const recomputed = percentileSorted(sortedCopy(turns), 0.95);
    assert.ok(p95 !== undefined && recomputed !== undefined && Math.abs(p95 - recomputed) < 1e-9, `${p95} vs ${recomputed}`);
    assert.equal(record.k6.summary['chat_failed']?.['rate'], 0);
  });

  test('chat-stream: an error event inside a 200 stream is a failure', async () => {
    chat.streamErrorEvery = 2;
    const p = plan(
      'chat-stream',
      'chat-stream',
      { type: 'shared-iterations', vus: 2, iterations: 4, maxDuration: '30s' },
      { chat: target(chat.server.url) },
      { turns: 1, thinkTimeMs: 0 },
    );
    const record = await runK6Scenario(p, ctx);
    chat.streamErrorEvery = 0;
    assert.equal(record.k6?.outcome, 'ok', record.errors.join('\n'));
    const points = await readPoints(join(dir, record.samples[0] ?? ''));
    assert.equal(values(points, 'chat_stream_failed').filter((v) => v === 1).length, 2);
    assert.equal(values(points, 'chat_stream_duration').length, 2);
    assert.equal(values(points, 'chat_stream_first_event').length, 4);
    assert.ok(
      values(points, 'http_req_failed').every((v) => v === 0),
      'HTTP alone would have called every stream a success',
    );
  });

  test('chat-open: arrival rate beyond its VUs reports dropped_iterations; a 2 s run asked for the dashboard exports it', async () => {
    chat.delayMs = 300;
    const p = plan(
      'chat-open',
      'chat-open',
      { type: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '2s', preAllocatedVUs: 1, maxVUs: 2 },
      { chat: target(chat.server.url) },
      { turns: 1, thinkTimeMs: 0 },
    );
    const record = await runK6Scenario(p, { ...ctx, dashboard: true });
    chat.delayMs = 5;
    assert.equal(record.k6?.outcome, 'ok', record.errors.join('\n'));
    assert.ok((record.k6.summary['dropped_iterations']?.['count'] ?? 0) > 10);
    assert.deepEqual(record.intended, { vus: 2, rate: 20, iterations: 40, durationSeconds: 2 });
    assert.ok(record.artifacts['dashboard'], 'k6 exported its web dashboard');
    assert.match(await readFile(join(dir, record.artifacts['dashboard'] ?? ''), 'utf8'), /^<!doctype html>/i);
  });

  test('every artefact is where the record says, and no secret is in any of them', async () => {
    const record = await runK6Scenario(
      firPlan('fir-files', { executor: { type: 'shared-iterations', vus: 1, iterations: 1, maxDuration: '30s' } }),
      ctx,
    );
    for (const rel of [...record.samples, ...Object.values(record.artifacts)]) {
      await access(join(dir, rel));
      const raw = await readFile(join(dir, rel));
      const text = (rel.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
      if (rel.endsWith('.gz')) assert.ok(text.length > 0, `${rel} unpacks to nothing`);
      assert.ok(!text.includes(FAKE_KEY), `${rel} holds the key`);
    }
    const options: unknown = JSON.parse(await readFile(join(dir, record.artifacts['options'] ?? ''), 'utf8'));
    assert.deepEqual(typeof options === 'object' && options !== null ? Reflect.get(options, 'tags') : undefined, {
      run_id: 'run-int',
      scenario: 'fir-files',
    });
  });
});
