// test-needs: lab
/**
 * Secrets: sentinel values for AFIRGen's API key (AFIRGEN_API_KEY) and the lab Redis password
 * (LAB_REDIS_PASSWORD, the variable lab/inventory.yaml references) never appear in any file of the run
 * directory (gzip samples decompressed), in loadgate's output, or in the argument list
 * (/proc/<pid>/cmdline) of any process of the run while it runs — k6, the lab, redis-server.
 * The run must PASS: that proves both sentinels really were in use (the lab refuses a wrong key or password).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { descendants, readProc } from './support/process-tree.ts';
import { spawnCli } from './support/spawned-run.ts';
import { assertNoOrphans, childKinds, onlyRunDir, tempResults, testNet } from './support/chaos-run.ts';
import { listFiles, secretHits } from './support/run-files.ts';

const API_KEY = 'sentinel-api-key-7f3a9c1d';
const REDIS_PASSWORD = 'sentinel-redis-pw-4b1e8a2f';
const SENTINELS = [API_KEY, REDIS_PASSWORD];

describe('secrets', () => {
  test('no sentinel in any run file, any output line or any child argv', { timeout: 120_000 }, async (t) => {
    const net = await testNet(t);
    const results = await tempResults(t);
    const run = spawnCli(['run', '--profile', 'smoke', '--scenario', 'fir-single,redis,cross-vm', '--results-dir', results], {
      net,
      env: { AFIRGEN_API_KEY: API_KEY, LAB_REDIS_PASSWORD: REDIS_PASSWORD },
    });
    t.after(() => run.cleanup());
    // argv can change at exec (a forked node becomes k6), so every process is read again on every poll.
    const argvs = new Map<string, string>();
    const scan = (): void => {
      const root = readProc(run.pid);
      for (const p of [...(root ? [root] : []), ...descendants(run.pid)])
        argvs.set(`${p.pid}:${p.startTime}:${p.cmdline}`, `${p.comm}: ${p.cmdline}`);
    };
    const timer = setInterval(scan, 50);
    const { exitCode } = await run.exited;
    clearInterval(timer);
    assert.equal(exitCode, 0, run.output());

    const seen = await assertNoOrphans(run);
    for (const kind of ['k6', 'lab', 'redis-server']) assert.ok(childKinds(seen).includes(kind), `${kind} was never seen`);
    const leakedArgv = [...argvs.values()].filter((a) => SENTINELS.some((s) => a.includes(s)));
    assert.deepEqual(leakedArgv, [], 'a secret in a process argument list');
    assert.ok(argvs.size >= 3, `argument lists were read: ${argvs.size}`);

    const output = run.output();
    assert.deepEqual(
      SENTINELS.filter((s) => output.includes(s)),
      [],
      'a secret in loadgate output',
    );
    const runDir = await onlyRunDir(results);
    assert.ok(
      (await listFiles(runDir)).some((f) => f.endsWith('samples.json.gz')),
      'there are samples to search',
    );
    assert.deepEqual(await secretHits(runDir, SENTINELS), [], 'a secret in the run directory');
  });

  test('the search finds a planted secret, also inside a gzip file', { timeout: 10_000 }, async (t) => {
    const dir = await tempResults(t);
    await mkdir(join(dir, 'k6'));
    await writeFile(join(dir, 'k6', 'samples.json.gz'), gzipSync(`{"tags":{"key":"${API_KEY}"}}\n`));
    assert.deepEqual(await secretHits(dir, SENTINELS), [`k6/samples.json.gz: ${API_KEY}`]);
  });
});
