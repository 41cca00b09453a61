/**
 * Redirects never lead k6 off the inventory: a loopback AFIRGen stand-in answers /health and 307s every other
 * request to a second loopback listener. k6 (real, through `loadgate run`) must not follow: the listener sees
 * no connection (so no X-API-Key reached it) and the run counts the 307 as a failure with its status.
 * Every address here is loopback; the test starts both servers itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.ts';
import { startServer } from '../../helpers/server.ts';
import { afirgenInventory } from '../../helpers/inventory.ts';

test(
  'k6 does not follow a 307: the redirect target gets no connection, the run counts the 307 as a failure',
  { timeout: 180_000 },
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-redirect-'));
    t.after(() => rm(dir, { recursive: true, force: true }));

    let elsewhere = 0;
    const receiver = createServer((socket) => {
      elsewhere++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const receiverPort = (receiver.address() as AddressInfo).port;

    const target = await startServer((req, res) => {
      if (req.url === '/health') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'healthy' }));
        return;
      }
      res.writeHead(307, { Location: `http://127.0.0.1:${receiverPort}${req.url ?? '/'}` });
      res.end();
    });
    t.after(() => target.close());

    const inventory = await afirgenInventory(dir, target.port);
    const results = join(dir, 'out');
    const r = await runCli(['run', '--inventory', inventory, '--profile', 'smoke', '--scenario', 'fir-single', '--results-dir', results], {
      env: { AFIRGEN_API_KEY: 'redirect-test-key' },
    });
    assert.equal(elsewhere, 0, 'the redirect target must see no connection');
    // The flow fails at its first step: fir_completed failed with data, so FAIL (exit 1) by docs/verdict.md.
    assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
    // Three requests: setup's /health (200) and /list_firs (307, not followed), and /process (307), counted as failed.
    assert.match(r.stdout, /fir-single\s+FAILED\s+3\s+66\.67 %/);
    assert.match(r.stdout, /failed at process → 307/);
    const runs = (await readdir(results)).filter((e) => e !== 'latest');
    assert.equal(runs.length, 1);
    const runDir = join(results, runs[0] ?? '');
    const stderrLog = await readFile(join(runDir, 'k6', 'fir-single', 'stderr.log'), 'utf8');
    assert.match(stderrLog, /process: HTTP 307/);
    const verdict: unknown = JSON.parse(await readFile(join(runDir, 'verdict.json'), 'utf8'));
    assert.match(JSON.stringify(verdict), /"selector":"fir_completed"[^}]*"observed":0,"ok":false/);
  },
);
