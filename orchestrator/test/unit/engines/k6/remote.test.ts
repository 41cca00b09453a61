import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { K6Api, parseStatus } from '../../../../src/engines/k6/remote/k6-rest.ts';
import { cpuSecondsFromTimes, envLines, LAUNCHER } from '../../../../src/engines/k6/remote/remote-k6.ts';
import { LoopbackRefusedError } from '../../../../src/errors.ts';

describe('remote k6', () => {
  it("parses k6's status answer and refuses one without data.attributes", () => {
    const body = {
      data: {
        type: 'status',
        id: 'default',
        attributes: { status: 4, paused: true, vus: 0, 'vus-max': 1, stopped: false, running: false, tainted: false },
      },
    };
    assert.deepEqual(parseStatus(body), { status: 4, vus: 0, paused: true, running: false, stopped: false, tainted: false });
    assert.throws(() => parseStatus({ data: {} }), /no data\.attributes/);
    assert.throws(() => parseStatus({ data: { attributes: { status: '4', vus: 0 } } }), /'status' is not a number/);
  });

  it('sends the environment as lines ended by a marker, refusing what a line cannot carry', () => {
    assert.equal(envLines({ A: '1', B_2: 'x y=z' }), 'A=1\nB_2=x y=z\n--end-env--\n');
    assert.throws(() => envLines({ A: 'one\ntwo' }), /line break/);
    assert.throws(() => envLines({ 'A-B': '1' }), /cannot be sent/);
  });

  it("reads k6's CPU seconds from the launcher's `times` line for its children", () => {
    assert.equal(cpuSecondsFromTimes('0m0.010000s 0m0.000000s\n1m2.500000s 0m0.750000s\n'), 63.25);
    assert.equal(cpuSecondsFromTimes('0m0.01s 0m0.00s\n0m0.00s 0m0.00s'), 0);
    assert.equal(cpuSecondsFromTimes('0m0.01s 0m0.00s\n'), undefined);
    assert.equal(cpuSecondsFromTimes(''), undefined);
    assert.equal(cpuSecondsFromTimes('garbage\n3 seconds'), undefined);
  });

  it("the launcher, run by this machine's sh, writes the exit code and CPU times of what it ran", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lg-launcher-'));
    try {
      // A bounded busy loop (200k shell iterations) stands in for k6; the environment arrives on stdin.
      const work = 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; echo "$GREETING"; exit 3';
      // stdin stays open while it runs: its end is what stops k6 (checked last).
      const run = execa('sh', ['-c', LAUNCHER, 'loadgate-k6', dir, 'sh', '-c', work], { stdin: 'pipe', reject: false, timeout: 60_000 });
      run.stdin.write(envLines({ GREETING: 'hello there' }));
      const r = await run;
      run.stdin.end();
      assert.equal(r.exitCode, 3);
      assert.equal((await readFile(join(dir, 'exit-code'), 'utf8')).trim(), '3');
      assert.equal((await readFile(join(dir, 'stdout.log'), 'utf8')).trim(), 'hello there');
      const cpu = cpuSecondsFromTimes(await readFile(join(dir, 'k6.times'), 'utf8'));
      assert.ok(cpu !== undefined && cpu > 0, `CPU seconds of the busy loop: ${String(cpu)}`);
      // The channel's end stops what runs: SIGTERM (128 + 15), and the times are still written.
      await rm(join(dir, 'k6.times'));
      const stopped = execa('sh', ['-c', LAUNCHER, 'loadgate-k6', dir, 'sleep', '30'], { stdin: 'pipe', reject: false, timeout: 20_000 });
      stopped.stdin.end(envLines({}));
      assert.equal((await stopped).exitCode, 143);
      assert.ok(cpuSecondsFromTimes(await readFile(join(dir, 'k6.times'), 'utf8')) !== undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reaches the REST API only on loopback under the guard', () => {
    assert.throws(() => new K6Api('192.0.2.5', 6565, { LOADGATE_LOOPBACK_ONLY: '1' }), LoopbackRefusedError);
    assert.equal(new K6Api('127.0.0.1', 6565, { LOADGATE_LOOPBACK_ONLY: '1' }).base, 'http://127.0.0.1:6565');
  });

  it('waiting for paused abandons a status call left unanswered and asks again, within its own bound', async () => {
    // The first request is never answered (what a forward to a k6 still starting can do); the next ones are.
    const held: Socket[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      calls++;
      if (calls === 1) {
        held.push(req.socket);
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { attributes: { status: 4, paused: true, vus: 0 } } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    assert.ok(addr !== null && typeof addr === 'object');
    try {
      // A 10 s call bound would outlast this 5 s wait and fail it; the readiness poll drops the held call instead.
      const s = await new K6Api('127.0.0.1', addr.port, { LOADGATE_LOOPBACK_ONLY: '1' }).waitFor((x) => x.status === 4, 'paused', 5_000);
      assert.equal(s.status, 4);
      assert.ok(calls >= 2, `the held call was asked again (${calls} calls)`);
    } finally {
      for (const s of held) s.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
