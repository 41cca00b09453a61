// test-needs: lab
/**
 * The native probes against the lab's own fault switches (issue 6): a VM's service down, a service that
 * accepts TCP and never answers, a slow Redis and a paused one. Each ends as failed samples with their
 * reason, within the configured timeout; nothing crashes or hangs. The plan comes from the real lab
 * inventory and profiles, with per-check timeouts shortened so the timeouts cost seconds, not minutes.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CONFIG_DEFAULTS, loadPlan } from '../../../src/config/load.ts';
import { LabControl } from '../../../src/lab/control.ts';
import type { LabHandle } from '../../../src/lab/process.ts';
import { projectPath } from '../../../src/paths.ts';
import type { ProbePlan } from '../../../src/plan/types.ts';
import { runProbe } from '../../../src/probes/index.ts';
import { startLabPatiently } from '../../../../lab/test/helpers/lab.ts';
import { readPoints } from './samples.ts';

const TIMEOUT_MS = 800;
let lab: LabHandle | undefined;
let control: LabControl;
let runDir = '';
const probes = new Map<string, ProbePlan>();

before(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'loadgate-probe-lab-faults-'));
  lab = await startLabPatiently({ deterministic: true, zeroDelay: true });
  control = new LabControl(lab.controlUrl);
  const plan = await loadPlan({
    inventory: projectPath(CONFIG_DEFAULTS.inventory),
    thresholdsDir: projectPath(CONFIG_DEFAULTS.thresholdsDir),
    profilesFile: projectPath(CONFIG_DEFAULTS.profilesFile),
    profile: 'smoke',
    scenarios: ['redis', 'cross-vm'],
    env: process.env,
    forRun: true,
  });
  for (const s of plan.scenarios) {
    if (s.engine !== 'probe') continue;
    const checks = s.checks?.map((c) => ({ ...c, timeoutMs: TIMEOUT_MS }));
    probes.set(s.scenario, { ...s, ...(s.redis ? { redis: { ...s.redis, timeoutMs: TIMEOUT_MS } } : {}), ...(checks ? { checks } : {}) });
  }
});
after(async () => {
  await lab?.stop();
  await rm(runDir, { recursive: true, force: true });
});

async function run(scenario: string, id: string) {
  const plan = probes.get(scenario);
  assert.ok(plan, `${scenario} is in the smoke profile`);
  const t0 = performance.now();
  const record = await runProbe({ ...plan, id }, { env: process.env, runId: 'lab-faults', runDir });
  const { points } = await readPoints(join(runDir, 'probes', id, 'samples.json.gz'));
  return { record, points, ms: performance.now() - t0 };
}

describe('probes against the lab fault switches', { timeout: 90_000 }, () => {
  test('cross-vm: a service down is refused, a blackholed one times out; the others stay up', async () => {
    const down = await control.setFault({ kind: 'down', service: 'npu-worker' });
    const hole = await control.setFault({ kind: 'blackhole', service: 'browser' });
    try {
      const { points, ms, record } = await run('cross-vm', 'cross-vm-faults');
      const reach = points.filter((p) => p.metric === 'vm_reachable');
      const reasonOf = (vm: string): string | undefined => reach.find((p) => p.tags['vm'] === vm)?.tags['reason'];
      assert.equal(reasonOf('npu-worker'), 'refused');
      assert.equal(reasonOf('browser'), 'timeout');
      for (const vm of ['main', 'redis', 'ai-stack'])
        assert.ok(
          reach.filter((p) => p.tags['vm'] === vm).every((p) => p.value === 1),
          `${vm} stays reachable`,
        );
      assert.ok(ms < TIMEOUT_MS + 3000, `the probe ended within its timeout (${Math.round(ms)} ms)`);
      assert.match(record.faults.join('\n'), /npu-worker\/\S+ .* down: refused/);
      assert.match(record.faults.join('\n'), /browser\/\S+ .* down: timeout/);
    } finally {
      await control.clearFault(down);
      await control.clearFault(hole);
    }
  });

  test('redis: slow Redis (DEBUG SLEEP) shows in the op latency, every pair still succeeds', async () => {
    const slow = await control.setFault({ kind: 'redis-slow', ms: 300, everyMs: 400 });
    try {
      const { points } = await run('redis', 'redis-slow');
      const failed = points.filter((p) => p.metric === 'redis_op_failed');
      assert.ok(
        failed.length > 0 && failed.every((p) => p.value === 0),
        `every pair succeeded: ${JSON.stringify(failed.filter((p) => p.value !== 0))}`,
      );
      const slowest = Math.max(...points.filter((p) => p.metric === 'redis_op_duration').map((p) => p.value));
      assert.ok(slowest >= 100, `a command waited out the sleep: slowest ${slowest} ms`);
    } finally {
      await control.clearFault(slow);
    }
  });

  test('redis: a paused Redis makes every pair fail as a timeout within the configured timeout', async () => {
    const pause = await control.setFault({ kind: 'redis-pause', ms: 10_000, mode: 'ALL' });
    try {
      const { points, ms, record } = await run('redis', 'redis-paused');
      const failed = points.filter((p) => p.metric === 'redis_op_failed');
      assert.ok(failed.length > 0);
      assert.deepEqual([...new Set(failed.map((p) => `${p.value}:${p.tags['reason'] ?? ''}`))], ['1:timeout']);
      // Pairs time out after TIMEOUT_MS; clean-up and closing get at most 2 s more.
      assert.ok(ms < TIMEOUT_MS + 4000, `the probe did not hang (${Math.round(ms)} ms)`);
      assert.ok(record.errors.length === 0, record.errors.join('; '));
    } finally {
      await control.clearFault(pause);
    }
  });
});
