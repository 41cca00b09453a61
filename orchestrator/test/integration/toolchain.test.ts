/**
 * The toolchain works end to end: the k6 built by `make setup` runs a script against a server this test
 * starts on loopback, and its machine-readable summary agrees with what the server saw and with the
 * percentile recomputed from k6's raw samples.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { requireK6 } from '../../src/toolchain.ts';
import { projectPath } from '../../src/paths.ts';
import { percentileSorted, sortedCopy } from '../../src/stats/percentile.ts';
import { startServer } from '../helpers/server.ts';

function field(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

test('k6 runs against a loopback server and its summary matches the raw samples', async (t) => {
  const k6 = await requireK6();
  assert.match(k6.version, /^v2\.\d+\.\d+/);
  const server = await startServer((_req, res) => {
    setTimeout(() => res.end('ok'), 2);
  });
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-toolchain-'));
  t.after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const summaryPath = join(dir, 'summary.json');
  const samplesPath = join(dir, 'samples.json.gz');
  const r = await execa(
    k6.path,
    ['run', '--quiet', '--no-color', '--out', `json=${samplesPath}`, projectPath('orchestrator/test/fixtures/k6/http-get.js')],
    {
      reject: false,
      timeout: 60_000,
      env: { TARGET_URL: `${server.url}/`, SUMMARY_PATH: summaryPath, K6_NO_USAGE_REPORT: 'true' },
    },
  );
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(server.requests, 30);

  const summary: unknown = JSON.parse(await readFile(summaryPath, 'utf8'));
  assert.equal(field(summary, 'metrics', 'http_reqs', 'values', 'count'), 30);
  assert.equal(field(summary, 'metrics', 'checks', 'values', 'rate'), 1);
  const p95 = field(summary, 'metrics', 'http_req_duration', 'values', 'p(95)');
  assert.equal(typeof p95, 'number');

  const durations: number[] = [];
  for (const line of gunzipSync(await readFile(samplesPath))
    .toString('utf8')
    .split('\n')) {
    if (!line) continue;
    const point: unknown = JSON.parse(line);
    if (field(point, 'type') === 'Point' && field(point, 'metric') === 'http_req_duration') {
      const v = field(point, 'data', 'value');
      if (typeof v === 'number') durations.push(v);
    }
  }
  assert.equal(durations.length, 30);
  const recomputed = percentileSorted(sortedCopy(durations), 0.95);
  assert.ok(
    recomputed !== undefined && Math.abs(recomputed - (p95 as number)) < 1e-9,
    `k6 p95 ${String(p95)} vs recomputed ${String(recomputed)}`,
  );
  assert.ok((p95 as number) >= 2, 'the server waits 2 ms, so p95 cannot be below it');
});
