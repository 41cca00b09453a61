/**
 * The probes' remote write against a loopback server this test starts: what arrives is decoded with the same
 * library's protobuf definition (snappy-decompressed), named in k6's style with the run's labels; a failing
 * endpoint becomes warnings, never an exception; the guard refuses a TEST-NET address before any packet.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { createRequire } from 'node:module';
import { LoopbackRefusedError } from '../../../src/errors.ts';
import { createRemoteWrite } from '../../../src/probes/remote-write.ts';
import type { OutputPlan } from '../../../src/plan/types.ts';

// The client's own protobuf definition and snappy dependency: what a Prometheus receiver decodes.
const WriteRequest = protobuf
  .loadSync(createRequire(import.meta.url).resolve('prometheus-remote-write/prom.proto'))
  .lookupType('prometheus.WriteRequest');
// snappyjs (untyped): looked at, not cast.
const snappy: unknown = createRequire(import.meta.url)('snappyjs');
function uncompress(b: Buffer): Uint8Array {
  if (typeof snappy !== 'object' || snappy === null || !('uncompress' in snappy) || typeof snappy.uncompress !== 'function')
    throw new Error('snappyjs has no uncompress');
  const out: unknown = Reflect.apply(snappy.uncompress, snappy, [b]);
  if (!(out instanceof Uint8Array)) throw new Error('snappyjs.uncompress returned no bytes');
  return out;
}

interface Pushed {
  name: string;
  labels: Record<string, string>;
  value: number;
}

describe('remote write of the probes and the canary', () => {
  let server: Server;
  let url = '';
  let status = 204;
  const bodies: Buffer[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        res.writeHead(status).end(status === 204 ? '' : 'out of order sample');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}/api/v1/write`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const output = (): OutputPlan => ({ type: 'prometheus-rw', url, headers: { Authorization: 'Bearer abc' }, from: '--out 1' });

  function decoded(): Pushed[] {
    const out: Pushed[] = [];
    for (const b of bodies.splice(0)) {
      const raw: unknown = WriteRequest.toObject(WriteRequest.decode(uncompress(b)));
      const series = typeof raw === 'object' && raw !== null && 'timeseries' in raw && Array.isArray(raw.timeseries) ? raw.timeseries : [];
      for (const ts of series as unknown[]) {
        if (
          typeof ts !== 'object' ||
          ts === null ||
          !('labels' in ts) ||
          !('samples' in ts) ||
          !Array.isArray(ts.labels) ||
          !Array.isArray(ts.samples)
        )
          continue;
        const labels: Record<string, string> = {};
        for (const l of ts.labels as unknown[])
          if (
            typeof l === 'object' &&
            l !== null &&
            'name' in l &&
            'value' in l &&
            typeof l.name === 'string' &&
            typeof l.value === 'string'
          )
            labels[l.name] = l.value;
        const s: unknown = ts.samples[0];
        const value = typeof s === 'object' && s !== null && 'value' in s && typeof s.value === 'number' ? s.value : NaN;
        const { __name__: name = '', ...rest } = labels;
        out.push({ name, labels: rest, value });
      }
    }
    return out;
  }

  it('pushes counters, rates, gauges and trends in k6 style with the labels', async () => {
    status = 204;
    const rw = createRemoteWrite(output(), { env: { LOADGATE_LOOPBACK_ONLY: '1' }, pushEveryMs: 60_000 });
    const labels = { run_id: 'r1', scenario: 'redis', profile: 'smoke', generator: 'local' };
    const t = new Date();
    for (let i = 1; i <= 10; i++) {
      rw.offer({ metric: 'redis_ops', type: 'counter', value: 1, tags: { op: 'set', ...labels }, time: t });
      rw.offer({ metric: 'redis_op_duration', type: 'trend', value: i, tags: { op: 'set', ...labels }, time: t });
      rw.offer({ metric: 'redis_op_failed', type: 'rate', value: i <= 2 ? 1 : 0, tags: labels, time: t });
    }
    rw.offer({ metric: 'event_loop_p99', type: 'gauge', value: 7, tags: labels, time: t });
    await rw.close();
    assert.deepEqual(rw.warnings(), []);
    const got = decoded();
    const one = (name: string): Pushed | undefined => got.find((g) => g.name === name);
    assert.equal(one('loadgate_redis_ops_total')?.value, 10);
    assert.deepEqual(one('loadgate_redis_ops_total')?.labels, { op: 'set', ...labels });
    assert.equal(one('loadgate_redis_op_failed_rate')?.value, 0.2);
    assert.equal(one('loadgate_event_loop_p99')?.value, 7);
    assert.equal(one('loadgate_redis_op_duration_count')?.value, 10);
    assert.equal(one('loadgate_redis_op_duration_sum')?.value, 55);
    assert.equal(one('loadgate_redis_op_duration_max')?.value, 10);
    assert.equal(one('loadgate_redis_op_duration_p50')?.value, 5.5);
  });

  it('an endpoint that refuses every push: warnings naming it (credentials redacted), never an exception', async () => {
    status = 500;
    const rw = createRemoteWrite(output(), { env: {}, pushEveryMs: 60_000, secrets: ['Bearer abc'] });
    rw.offer({ metric: 'redis_ops', type: 'counter', value: 1, tags: {}, time: new Date() });
    await rw.close();
    const [w] = rw.warnings();
    assert.match(
      w ?? '',
      /output prometheus-rw http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write \(--out 1\): 1 of 1 pushes .* failed \(first: HTTP 500 out of order sample\)/,
    );
    bodies.splice(0);
  });

  it('a dead endpoint (nothing listens) is a warning too', async () => {
    const dead = { ...output(), url: 'http://127.0.0.1:9/api/v1/write' };
    const rw = createRemoteWrite(dead, { env: {}, pushEveryMs: 60_000, timeoutMs: 2000 });
    rw.offer({ metric: 'redis_ops', type: 'counter', value: 1, tags: {}, time: new Date() });
    await rw.close();
    assert.match(rw.warnings()[0] ?? '', /1 of 1 pushes/);
  });

  it('under LOADGATE_LOOPBACK_ONLY=1 a TEST-NET endpoint is refused before anything is sent', () => {
    assert.throws(
      () => createRemoteWrite({ ...output(), url: 'http://192.0.2.1:9090/api/v1/write' }, { env: { LOADGATE_LOOPBACK_ONLY: '1' } }),
      (err: unknown) => err instanceof LoopbackRefusedError && /192\.0\.2\.1/.test(err.message),
    );
  });
});
