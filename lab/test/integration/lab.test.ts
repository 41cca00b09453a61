// test-needs: lab
/**
 * The lab as a process (lab/src/lab.ts, main.ts, started through orchestrator/src/lab/process.ts): it gets
 * ready with every listener answering, a second lab fails at once naming the address in use, a missing
 * redis-server or a bad flag is one clear line, and stop() leaves no lab process, no redis-server, no
 * listener and no Redis temp dir behind.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { LabError } from '../../../orchestrator/src/errors.ts';
import { LabControl } from '../../../orchestrator/src/lab/control.ts';
import { startLab, type LabHandle } from '../../../orchestrator/src/lab/process.ts';
import { projectPath } from '../../../orchestrator/src/paths.ts';
import { CONTROL_HOST, DEFAULT_CONTROL_PORT, REDIS_ENDPOINT, SERVICES } from '../../src/topology.ts';
import { alive, body, http, isRecord, obj, startLabPatiently, waitFor } from '../helpers/lab.ts';

/** Resolves with the connection error code, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setTimeout(1000, () => {
      s.destroy();
      resolve('timeout');
    });
    s.on('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.on('error', (e) => resolve(isRecord(e) && typeof e['code'] === 'string' ? e['code'] : 'error'));
  });
}

const ALL_ENDPOINTS = [
  ...SERVICES.map((s) => ({ host: s.host, port: s.port })),
  REDIS_ENDPOINT,
  { host: CONTROL_HOST, port: DEFAULT_CONTROL_PORT },
];

describe('the lab process', { timeout: 150_000 }, () => {
  let dir = '';
  let lab: LabHandle | undefined;
  let startMs = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgate-lab-test-'));
    const t0 = performance.now();
    lab = await startLabPatiently({ deterministic: true, zeroDelay: true, runDir: join(dir, 'run') });
    startMs = performance.now() - t0;
  });
  after(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('prints one ready line listing the six VMs and the control URL', (t) => {
    assert.ok(lab);
    t.diagnostic(`start-up to ready: ${Math.round(startMs)} ms (node + tsx + esbuild bundle + redis-server)`);
    assert.equal(
      lab.readyLine,
      'ready main=127.0.0.20 frontend=127.0.0.21 npu-worker=127.0.0.22 redis=127.0.0.23 ai-stack=127.0.0.24 browser=127.0.0.25 control=http://127.0.0.20:8099',
    );
    assert.equal(lab.controlUrl, 'http://127.0.0.20:8099');
  });

  test('every listener answers once ready', async () => {
    for (const s of SERVICES) {
      const a = await http(s.host, s.port, s.healthPath);
      assert.equal(a.status, 200, `${s.name} ${s.host}:${s.port}${s.healthPath}`);
    }
    assert.equal(await tryConnect(REDIS_ENDPOINT.host, REDIS_ENDPOINT.port), 'connected');
    const state = body(await http(CONTROL_HOST, DEFAULT_CONTROL_PORT, '/state'));
    const services = state['services'];
    assert.ok(Array.isArray(services) && services.length === SERVICES.length);
    for (const s of services) assert.equal(obj(s)['listening'], true);
  });

  test('a second lab fails on the address in use with one line, not by waiting for a timeout', async () => {
    // "At once" is judged by what it failed on, not by a stopwatch (2.4 s on a busy CI machine): the bind error
    // itself, never the ready timeout a lab that waited would end with.
    await assert.rejects(startLab({ zeroDelay: true }), (err: unknown) => {
      assert.ok(err instanceof LabError);
      assert.match(err.message, /127\.0\.0\.2[0-5]:\d+ is already in use/);
      assert.doesNotMatch(err.message, /not ready|timed out|within \d+/);
      assert.ok(!err.message.includes('\n'), `one line: ${err.message}`);
      return true;
    });
    // The first lab is untouched.
    assert.equal((await http('127.0.0.20', 8001, '/api/health')).status, 200);
  });

  test('no redis-server on PATH: one line saying how to get it', async () => {
    await assert.rejects(startLab({ zeroDelay: true, env: { PATH: join(dir, 'empty-bin') } }), (err: unknown) => {
      assert.ok(err instanceof LabError);
      assert.match(err.message, /redis-server not found on PATH: run 'make setup' or 'apt-get install redis-server'/);
      return true;
    });
  });

  test('a bad flag or config file: exit 2 and one line, nothing bound', async () => {
    const main = projectPath('lab', 'src', 'main.ts');
    const bad = await execa(process.execPath, ['--import', 'tsx', main, '--time-scale', 'fast'], {
      reject: false,
      cwd: projectPath(),
      timeout: 20_000,
    });
    assert.equal(bad.exitCode, 2);
    assert.equal(String(bad.stderr).trim().split('\n').length, 1);
    assert.match(String(bad.stderr), /^lab: --time-scale: 'fast' is not a non-negative number/);
    const cfg = join(dir, 'bad.json');
    await writeFile(cfg, JSON.stringify({ autobot: { chatMs: -1 } }));
    const badCfg = await execa(process.execPath, ['--import', 'tsx', main, '--config', cfg], {
      reject: false,
      cwd: projectPath(),
      timeout: 20_000,
    });
    assert.equal(badCfg.exitCode, 2);
    assert.match(String(badCfg.stderr).trim(), /^lab: .*bad\.json\.autobot\.chatMs: must be a number >= 0$/);
  });

  test('stop() (even with Redis paused) leaves no lab process, no redis-server, no listener and no Redis temp dir', async () => {
    assert.ok(lab);
    const control = new LabControl(lab.controlUrl);
    const redisPid = obj((await control.state())['redis'])['pid'];
    assert.ok(typeof redisPid === 'number' && alive(redisPid));
    // redis-server runs in its own temp dir (its `dir`), so its cwd names the dir the lab must remove.
    const redisDir = await readlink(`/proc/${redisPid}/cwd`);
    assert.match(redisDir, /loadgate-lab-redis-/);
    // Stop it while redis-server is frozen by a redis-pause ALL fault: stopping must still be quick and complete.
    await control.setFault({ kind: 'redis-pause', ms: 30_000, mode: 'ALL' });
    const labPid = lab.pid;
    const t0 = performance.now();
    await lab.stop();
    const stopMs = performance.now() - t0;
    assert.ok(stopMs < 2000, `stop took ${Math.round(stopMs)} ms`);
    assert.equal(alive(labPid), false, 'lab process still there');
    assert.equal(alive(redisPid), false, 'redis-server still there');
    for (const e of ALL_ENDPOINTS) assert.equal(await tryConnect(e.host, e.port), 'ECONNREFUSED', `${e.host}:${e.port}`);
    assert.equal(existsSync(redisDir), false, `${redisDir} left behind`);
    // What the lab wrote into its run directory stays: the log and the ground truth of the requests above.
    const log = await readFile(join(dir, 'run', 'lab.log'), 'utf8');
    assert.match(log, /lab: SIGTERM received, stopping/);
    assert.match(log, /lab: stopped/);
    const lines = (await readFile(join(dir, 'run', 'ground-truth.jsonl'), 'utf8')).trim().split('\n');
    const routes = lines.map((l) => obj(JSON.parse(l))['route']);
    assert.ok(routes.includes('/api/health') && routes.includes('/health'), `ground truth routes: ${routes.join(', ')}`);
  });
  test('a lab killed with SIGKILL alone takes its redis-server with it (parent-death signal)', async (t) => {
    // Runs after the stop test: the addresses are free again.
    const killed = await startLabPatiently({ zeroDelay: true });
    const redisPid = obj((await new LabControl(killed.controlUrl).state())['redis'])['pid'];
    assert.ok(typeof redisPid === 'number' && alive(redisPid));
    assert.match(await readFile(`/proc/${redisPid}/cmdline`, 'utf8'), /^[^\0]*redis-server/, "setpriv exec'd: the PID is redis-server");
    // Nobody is left to remove redis-server's temp dir after a SIGKILL: the test does.
    const redisDir = await readlink(`/proc/${redisPid}/cwd`);
    t.after(() => rm(redisDir, { recursive: true, force: true }));
    process.kill(killed.pid, 'SIGKILL'); // the lab alone, not its process group
    await waitFor('redis-server to go with the lab', () => Promise.resolve(alive(redisPid) ? undefined : true));
    assert.equal(await tryConnect(REDIS_ENDPOINT.host, REDIS_ENDPOINT.port), 'ECONNREFUSED');
    await killed.exited;
  });

  test('SIGTERM while the lab is still starting: it exits 0 and leaves nothing listening', async (t) => {
    // Runs after the stop test: the addresses are free again (unless another engineer's lab took them).
    const child = execa(process.execPath, ['--import', 'tsx', projectPath('lab', 'src', 'main.ts'), '--zero-delay'], {
      reject: false,
      cwd: projectPath(),
      timeout: 30_000,
    });
    // Mid-start: redis-server answers, the services may not yet.
    const deadline = Date.now() + 15_000;
    while ((await tryConnect(REDIS_ENDPOINT.host, REDIS_ENDPOINT.port)) !== 'connected' && child.exitCode === null) {
      assert.ok(Date.now() < deadline, 'redis-server never came up');
      await new Promise((r) => setTimeout(r, 10));
    }
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    const r = await child;
    if (r.exitCode === 3 && /already in use/.test(String(r.stderr))) {
      t.skip('another lab holds the addresses');
      return;
    }
    assert.equal(r.exitCode, 0, String(r.stderr));
    for (const e of ALL_ENDPOINTS) assert.equal(await tryConnect(e.host, e.port), 'ECONNREFUSED', `${e.host}:${e.port}`);
  });
});
