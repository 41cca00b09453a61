/**
 * `loadgate run --out`: refused before anything is sent. A TEST-NET output under LOADGATE_LOOPBACK_ONLY=1 is a
 * configuration error (exit 2) naming the flag; nothing is ever connected to (192.0.2.1 is never reached: the
 * refusal comes from the configuration, before the lab, preflight or any socket).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.ts';

test('--out to a non-loopback address under LOADGATE_LOOPBACK_ONLY=1: exit 2 naming it, no run directory', async (t) => {
  const results = await mkdtemp(join(tmpdir(), 'loadgate-run-outputs-'));
  t.after(() => rm(results, { recursive: true, force: true }));
  const r = await runCli([
    'run',
    '--profile',
    'smoke',
    '--scenario',
    'redis',
    '--out',
    'prometheus-rw=http://192.0.2.1:9090/api/v1/write',
    '--results-dir',
    results,
  ]);
  assert.equal(r.exitCode, 2, `${r.stdout}\n${r.stderr}`);
  assert.match(
    r.stderr,
    /--out prometheus-rw=http:\/\/192\.0\.2\.1:9090\/api\/v1\/write: non-loopback output 192\.0\.2\.1 refused by LOADGATE_LOOPBACK_ONLY=1/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.deepEqual(await readdir(results), []);
});

test('--out with an unknown type: exit 2 naming the flag and the types there are', async () => {
  const r = await runCli(['plan', '--out', 'influxdb=http://127.0.0.1:8086']);
  assert.equal(r.exitCode, 2, `${r.stdout}\n${r.stderr}`);
  assert.match(
    r.stderr,
    /--out influxdb=http:\/\/127\.0\.0\.1:8086: unknown output type 'influxdb' \(have: prometheus-rw, experimental-prometheus-rw, opentelemetry, experimental-opentelemetry\)/,
  );
});
