// test-needs: lab
/**
 * Tested against the real thing: Debian's `prometheus` (2.42, `make setup` installs it for the tests), started
 * here on loopback with a temporary storage directory, its remote-write receiver and native histograms on; a
 * smoke run streams to it with `--out prometheus-rw=…`; Prometheus's HTTP API must then hold, for that run_id,
 * k6's request count and the Redis probe's commands exactly as the verdict counts them. Without `prometheus`
 * the test skips LOUDLY, saying why.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { isRecord } from '../../../src/is-record.ts';
import { startLab } from '../../../src/lab/process.ts';
import { runCli } from '../../helpers/cli.ts';

const PROMETHEUS = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'];

async function findPrometheus(): Promise<string | undefined> {
  for (const p of PROMETHEUS) {
    const r = await execa(p, ['--version'], { reject: false, timeout: 20_000 });
    if (r.exitCode === 0) return p;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** One instant query's vector, as label sets and numbers. */
async function query(base: string, promql: string): Promise<Array<{ labels: Record<string, string>; value: number }>> {
  const r = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`, { signal: AbortSignal.timeout(10_000) });
  const body: unknown = await r.json();
  if (!isRecord(body) || body['status'] !== 'success' || !isRecord(body['data']) || !Array.isArray(body['data']['result']))
    throw new Error(`query ${promql}: unexpected answer ${JSON.stringify(body)}`);
  return body['data']['result'].map((row: unknown) => {
    if (!isRecord(row) || !isRecord(row['metric']) || !Array.isArray(row['value'])) throw new Error(`query ${promql}: bad row`);
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(row['metric'])) if (typeof v === 'string') labels[k] = v;
    return { labels, value: Number(row['value'][1]) };
  });
}

async function ready(base: string): Promise<boolean> {
  // Polled, bounded: 240 tries a quarter of a second apart at most.
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${base}/-/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function metricStat(verdict: unknown, scenario: string, metric: string, stat: 'sum' | 'count'): number {
  const scenarios = isRecord(verdict) && Array.isArray(verdict['scenarios']) ? verdict['scenarios'] : [];
  const s: unknown = scenarios.find((x: unknown) => isRecord(x) && x['name'] === scenario);
  const m = isRecord(s) && isRecord(s['metrics']) ? s['metrics'][metric] : undefined;
  const value = isRecord(m) ? m[stat] : undefined;
  if (typeof value !== 'number') throw new Error(`verdict has no ${scenario} ${metric} ${stat}`);
  return value;
}

test(
  'a smoke run streams k6, the Redis probe and the canary into a real Prometheus, labelled with its run_id',
  { timeout: 300_000 },
  async (t) => {
    const bin = await findPrometheus();
    if (bin === undefined) {
      t.skip(
        `SKIPPED LOUDLY: Debian's prometheus is not installed (looked for ${PROMETHEUS.join(', ')}); run 'make setup' (scripts/setup.sh --test installs it)`,
      );
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-prometheus-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'prometheus.yml'), 'global: {}\n');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const prom = execa(
      bin,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-remote-write-receiver',
        '--enable-feature=native-histograms',
      ],
      { reject: false, stdin: 'ignore', timeout: 280_000 },
    );
    t.after(async () => {
      if (prom.pid !== undefined) process.kill(prom.pid, 'SIGTERM');
      await prom;
    });
    assert.ok(await ready(base), `prometheus did not become ready on ${base}`);

    // The lab started here with a generous readiness bound (the machine may be busy); the run reuses it.
    const lab = await startLab({ runDir: join(dir, 'lab'), readyTimeoutMs: 120_000 });
    t.after(() => lab.stop());
    const results = join(dir, 'results');
    const r = await runCli(
      ['run', '--profile', 'smoke', '--scenario', 'chat,redis', '--out', `prometheus-rw=${base}/api/v1/write`, '--results-dir', results],
      { timeout: 240_000 },
    );
    assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
    const runId = (await readdir(results)).find((e) => e !== 'latest') ?? '';
    const verdict: unknown = JSON.parse(await readFile(join(results, runId, 'verdict.json'), 'utf8'));
    assert.ok(isRecord(verdict) && Array.isArray(verdict['warnings']));
    assert.deepEqual(
      verdict['warnings'].filter((w: unknown) => typeof w === 'string' && /output/.test(w)),
      [],
      'no push failed',
    );

    const sel = `run_id="${runId}"`;
    // k6's requests: its counter's last value per series, summed — exactly the verdict's http_reqs.
    const reqs = await query(base, `sum by (run_id, scenario, profile, generator) (k6_http_reqs_total{${sel}})`);
    assert.equal(reqs.length, 1, JSON.stringify(reqs));
    assert.deepEqual(reqs[0]?.labels, { run_id: runId, scenario: 'chat', profile: 'smoke', generator: 'local' });
    assert.equal(reqs[0]?.value, metricStat(verdict, 'chat', 'http_reqs', 'sum'));
    // k6's trends arrive as native histograms: a quantile is computed at query time.
    const p95 = await query(base, `histogram_quantile(0.95, sum(k6_http_req_duration_seconds{${sel}}))`);
    assert.ok(p95.length === 1 && (p95[0]?.value ?? 0) > 0, JSON.stringify(p95));
    // The Redis probe's commands, pushed by loadgate itself in k6's style.
    const ops = await query(base, `sum by (run_id, scenario, profile, generator) (loadgate_redis_ops_total{${sel}})`);
    assert.deepEqual(ops[0]?.labels, { run_id: runId, scenario: 'redis', profile: 'smoke', generator: 'local' });
    assert.equal(ops[0]?.value, metricStat(verdict, 'redis', 'redis_ops', 'sum'));
    const timed = await query(base, `sum(loadgate_redis_op_duration_count{${sel}})`);
    assert.equal(timed[0]?.value, metricStat(verdict, 'redis', 'redis_op_duration', 'count'));
    // chat's canary polled its target while k6 ran: its series carry the k6 scenario's name.
    const canary = await query(base, `sum(loadgate_canary_duration_count{${sel}, scenario="chat"})`);
    assert.ok((canary[0]?.value ?? 0) >= 1, JSON.stringify(canary));
  },
);
