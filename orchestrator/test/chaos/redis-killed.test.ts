// test-needs: lab
/**
 * Redis killed mid-probe: the lab's redis-server (its pid from the control endpoint's state) gets SIGKILL
 * while the Redis probe has commands in flight. To make "in flight" certain rather than a race, Redis is
 * paused for writes (CLIENT PAUSE WRITE, the lab's redis-pause switch) before the run, and the kill waits
 * until redis-server itself lists one of the probe's SETs as blocked.
 *
 * Exit code: the verdict rules give FAIL (1), and that is right: loadgate measured correctly that the
 * system under test lost its Redis — every pair failed, with its reason — exactly like a VM going down
 * mid-scenario. ERROR (5) is for when loadgate's own data cannot be trusted (k6 crashed, tools disagree),
 * which is not the case here.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startNsLab } from './support/ns-lab.ts';
import { spawnCli } from './support/spawned-run.ts';
import { assertNoOrphans, onlyRunDir, tempResults, testNet } from './support/chaos-run.ts';
import { assertEveryFileParses, readValidVerdict } from './support/run-files.ts';

describe('Redis killed mid-probe', () => {
  test('FAIL (exit 1), every pair failed with its reason, the fault and its moment in the reports', { timeout: 120_000 }, async (t) => {
    const net = await testNet(t);
    const results = await tempResults(t);
    const lab = await startNsLab(net);
    t.after(() => lab.close());
    const redisPid = await lab.redisPid();
    await lab.setFault({ kind: 'redis-pause', ms: 60_000, mode: 'WRITE' });
    const run = spawnCli(['run', '--profile', 'smoke', '--scenario', 'redis', '--results-dir', results], { net });
    t.after(() => run.cleanup());
    await run.waitForLine(/^probe redis: started/, 30_000);
    // In flight for certain: redis-server lists a client blocked (flags=b) in a SET.
    const deadline = Date.now() + 15_000;
    while (!/flags=b\b.*cmd=set/.test(await net.exec(['redis-cli', '-h', '127.0.0.23', '-p', '6379', 'CLIENT', 'LIST']))) {
      assert.ok(Date.now() < deadline, 'the probe never had a SET in flight');
      await new Promise((r) => setTimeout(r, 50));
    }
    const killedAt = Date.now();
    process.kill(redisPid, 'SIGKILL');
    const { exitCode, ms } = await run.exited;
    assert.equal(exitCode, 1, run.output());
    assert.ok(ms < 60_000, 'the probe did not wait for its own time limit');
    const runDir = await onlyRunDir(results);
    const verdict = await readValidVerdict(runDir);
    assert.equal(verdict.status, 'FAIL');
    const redis = verdict.scenarios.find((s) => s.name === 'redis');
    assert.equal(redis?.status, 'failed');
    assert.ok(
      redis.reasons.some((r) => /redis_op_failed/.test(r)),
      redis.reasons.join(' | '),
    );
    const faults = redis.faults.join('\n');
    assert.match(faults, /redis/i);
    // The reason is the connection the server dropped, not a generic "error".
    assert.match(faults, /20 of 20 pairs failed \(reset 20\)/);
    const moment = /\d{4}-\d\d-\d\dT[\d:.]+Z/.exec(faults)?.[0];
    assert.ok(moment !== undefined && Math.abs(Date.parse(moment) - killedAt) < 10_000, `the moment: ${faults}`);
    const report = await readFile(join(runDir, 'report.md'), 'utf8');
    assert.match(report.slice(report.indexOf('## Faults observed')), /redis/);
    assert.match(run.stdout.join('\n'), /redis_op_failed/);
    await assertEveryFileParses(runDir);
    await assertNoOrphans(run);
  });
});
