import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alsoTo, probeRow } from '../../../../src/engines/probe/live-row.ts';
import type { LiveFigures } from '../../../../src/engines/live.ts';
import type { SamplePoint } from '../../../../src/samples/tee.ts';

const at = (metric: string, value: number): SamplePoint => ({ metric, type: 'trend', value, tags: {}, time: new Date(0) });

function board() {
  const updates: LiveFigures[] = [];
  return { updates, sink: { start: () => undefined, end: () => undefined, update: (_id: string, f: LiveFigures) => updates.push(f) } };
}

test("a probe's row: operations/s, failed operations and p95 from its samples, recomputed at most every 250 ms", () => {
  let t = 1_000;
  const b = board();
  const row = probeRow(b.sink, 'redis', 'redis', () => t);
  // 100 Redis operations over 2 s: durations 1..100 ms, every tenth one failed.
  for (let i = 1; i <= 100; i++) {
    t = 1_000 + i * 20;
    row.offer(at('redis_op_duration', i));
    row.offer(at('redis_op_failed', i % 10 === 0 ? 1 : 0));
    row.offer(at('redis_ops', 1));
  }
  const during = b.updates.length;
  assert.ok(during >= 7 && during <= 9, `about one update per 250 ms over 2 s: ${during}`);
  t = 3_300;
  row.offer(at('event_loop_p99', 12)); // not the kind's metric: no update
  assert.equal(b.updates.length, during);
  row.offer(at('redis_op_failed', 0)); // the kind's: the row is recomputed (2.3 s, 100 operations)
  const last = b.updates.at(-1) ?? assert.fail('updated');
  assert.equal(last.errors, 10);
  assert.equal(last.rate?.unit, 'ops/s');
  assert.ok(Math.abs((last.rate?.perSecond ?? 0) - 100 / 2.3) < 0.01, `100 ops in 2.3 s: ${last.rate?.perSecond}`);
  // The sketch is within 1 % of the true p95 (95 ms).
  assert.ok(Math.abs((last.p95Ms ?? 0) - 95) <= 1, `p95 ${last.p95Ms}`);
});

test('a probe without a request counter counts one operation per failure-rate or success point', () => {
  let t = 0;
  const mixed = board();
  const m = probeRow(mixed.sink, 'mixed', 'mixed', () => t);
  t = 500;
  m.offer(at('mixed_op_failed', 0));
  t = 1_000;
  m.offer(at('mixed_op_failed', 1));
  assert.deepEqual(mixed.updates.at(-1), { rate: { perSecond: 2, unit: 'ops/s' }, errors: 1 });
  const cross = board();
  const c = probeRow(cross.sink, 'cross-vm', 'cross-vm', () => t);
  t = 3_000;
  c.offer(at('vm_reachable', 0));
  assert.equal(cross.updates.at(-1)?.errors, 1, 'unreachable is the failure');
});

test('alsoTo: the remote write keeps getting every point, the row too', () => {
  const seen: string[] = [];
  const remote = { sink: { offer: (p: SamplePoint) => seen.push(`remote ${p.metric}`) }, labels: { run_id: 'r' } };
  const row = { offer: (p: SamplePoint) => seen.push(`row ${p.metric}`) };
  const both = alsoTo(remote, row) ?? assert.fail('both');
  both.sink.offer(at('redis_ops', 1));
  assert.deepEqual(seen, ['remote redis_ops', 'row redis_ops']);
  assert.deepEqual(both.labels, { run_id: 'r' });
  assert.equal(alsoTo(remote, undefined), remote);
  assert.equal(alsoTo(undefined, undefined), undefined);
  assert.equal(alsoTo(undefined, row)?.sink, row);
});
