/** The ground-truth sink: numbered records, paging with `since`, filters, and the JSONL file. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroundTruthSink } from '../../src/ground-truth.ts';
import type { GroundTruthRecord } from '../../src/protocol.ts';

function rec(route: string, status = 200, method = 'GET'): GroundTruthRecord {
  return { service: 'afirgen', vm: 'main', method, route, status, queueWaitMs: 0, serviceTimeMs: 2, startMs: 1000 };
}

describe('GroundTruthSink', { timeout: 5000 }, () => {
  test('numbers records from 1 and pages with since / limit', () => {
    const s = new GroundTruthSink(undefined);
    s.add([rec('/a'), rec('/b')]);
    s.add([rec('/c')]);
    const all = s.query({});
    assert.deepEqual(
      all.records.map((r) => [r.seq, r.route]),
      [
        [1, '/a'],
        [2, '/b'],
        [3, '/c'],
      ],
    );
    assert.equal(all.next, 3);
    assert.equal(all.dropped, 0);
    assert.deepEqual(
      s.query({ since: 1, limit: 1 }).records.map((r) => r.seq),
      [2],
    );
    assert.deepEqual(s.query({ since: 3 }).records, []);
  });

  test('filters by service, route and method', () => {
    const s = new GroundTruthSink(undefined);
    s.add([rec('/validate', 200, 'POST'), rec('/health'), { ...rec('/api/health'), service: 'autobot-backend' }]);
    assert.equal(s.query({ route: '/validate' }).records.length, 1);
    assert.equal(s.query({ method: 'GET' }).records.length, 2);
    assert.equal(s.query({ service: 'autobot-backend' }).records[0]?.route, '/api/health');
    assert.equal(s.query({ service: 'browser' }).records.length, 0);
  });

  test('appends one JSON line per record to the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-gt-'));
    try {
      const file = join(dir, 'ground-truth.jsonl');
      const s = new GroundTruthSink(file);
      s.add([rec('/a'), rec('/b', 500)]);
      await s.close();
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      assert.equal(lines.length, 2);
      const second: unknown = JSON.parse(lines[1] ?? '');
      assert.deepEqual(second, { seq: 2, ...rec('/b', 500) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
