/**
 * Run-directory problems are found before any traffic: a `results/latest` that is a directory, a results
 * directory that cannot be created. The target is a loopback server of the test's own that counts requests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { startServer } from '../helpers/server.ts';
import { afirgenInventory } from '../helpers/inventory.ts';

for (const c of [
  {
    name: 'results/latest is a directory',
    prepare: async (results: string) => mkdir(join(results, 'latest'), { recursive: true }),
    message: /latest exists and is not a symbolic link: move it away; nothing was sent$/,
  },
  {
    name: 'the results directory cannot be created (its parent is a file)',
    prepare: async (results: string) => writeFile(join(results, '..', 'file'), 'x'),
    results: (dir: string) => join(dir, 'file', 'results'),
    message: /cannot create results directory .*file\/results: ENOTDIR$/,
  },
]) {
  test(`${c.name}: exit 5 with one line, and the target gets no request`, { timeout: 120_000 }, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-results-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const target = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'healthy' }));
    });
    t.after(() => target.close());
    const results = c.results ? c.results(dir) : join(dir, 'out');
    await c.prepare(c.results ? join(dir, 'x') : results);
    const inventory = await afirgenInventory(dir, target.port);
    const r = await runCli(['run', '--inventory', inventory, '--profile', 'smoke', '--scenario', 'fir-single', '--results-dir', results]);
    assert.equal(r.exitCode, 5, `${r.stdout}\n${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr.trim(), c.message);
    assert.equal(target.requests, 0, 'nothing reached the target');
    if (!c.results) assert.deepEqual(await readdir(results), ['latest']);
  });
}
