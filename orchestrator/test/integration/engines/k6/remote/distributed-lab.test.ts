// test-needs: lab
/**
 * Acceptance of the distributed path end to end: the real lab (its targets on 127.0.0.20) with three rehearsal
 * generator hosts (real sshd on 127.0.0.31–33), real k6 started on them over ssh through the k6 runner exactly
 * as `loadgate run --generators 3` does (runK6Scenario with the plan's segments and the ready generators).
 * Checked where the load lands: VUs per generator, every generator's samples, setup() once, the arrival rate
 * delivered, and the failures (a killed instance, an interrupt, a host key that does not match).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runK6Scenario, type K6RunContext } from '../../../../../src/engines/k6/runner.ts';
import { closeGenerators, K6_CACHE, prepareGenerators, type ReadyGenerator } from '../../../../../src/engines/k6/remote/generators.ts';
import { PreflightError } from '../../../../../src/errors.ts';
import { startLab, type LabHandle } from '../../../../../src/lab/process.ts';
import { placeOn } from '../../../../../src/plan/segments.ts';
import type { ExecutorPlan, GeneratorPlan, K6ScenarioPlan } from '../../../../../src/plan/types.ts';
import { labGenerators } from '../../../../../src/run/lab-generators.ts';
import { requireK6 } from '../../../../../src/toolchain.ts';
import { ensureBundled, plan, readPoints, target, values, type SamplePoint } from '../k6-helpers.ts';
import { buildVerdict } from '../../../../../src/verdict/build.ts';
import { markdownReport } from '../../../../../src/report/markdown.ts';
import { plan as runPlan, TOOLS } from '../../../../fixtures/runs/make-run.ts';

const AFIRGEN = 'http://127.0.0.20:8000';
const CHAT = 'http://127.0.0.20:8001';
const LAB_KEY = 'loadgate-lab-key';
const RUN_ID = 'run-dist';

async function startLabPatiently(dir: string): Promise<LabHandle> {
  const deadline = Date.now() + 60_000;
  let last: unknown;
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    try {
      return await startLab({ deterministic: true, generators: 3, runDir: join(dir, `lab-${attempt}`), readyTimeoutMs: 60_000 });
    } catch (e) {
      // Another test file may hold the lab's fixed addresses for a few seconds: try again shortly.
      last = e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new Error(`the lab with 3 generator hosts could not start within 60 s: ${String(last)}`);
}

describe('k6 over the lab generator hosts (real sshd, real k6)', { timeout: 300_000 }, () => {
  let dir = '';
  let lab: LabHandle | undefined;
  let plans: GeneratorPlan[] = [];
  let ready = new Map<string, ReadyGenerator>();
  let ctx: K6RunContext;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgate-dist-'));
    const [k6] = await Promise.all([requireK6(), ensureBundled()]);
    lab = await startLabPatiently(dir);
    plans = await labGenerators(lab.readyLine, k6.path);
    ready = await prepareGenerators(plans, { runId: RUN_ID, env: process.env, localK6: k6.path });
    ctx = {
      env: process.env,
      runId: RUN_ID,
      runDir: dir,
      k6: { path: k6.path, version: k6.version },
      gracePeriodMs: 5000,
      generators: ready,
    };
  });
  after(async () => {
    await closeGenerators(ready.values());
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const over = (p: K6ScenarioPlan, n: number): K6ScenarioPlan => ({
    ...p,
    segments: placeOn(
      p.executor,
      plans.slice(0, n).map((g) => g.name),
    ),
  });
  const chat = (id: string, executor: ExecutorPlan, scenario = 'chat'): K6ScenarioPlan =>
    plan(id, scenario, executor, { chat: target(CHAT) }, { turns: 2, thinkTimeMs: 50 });
  /** Every generator's samples, by generator, with each point's generator tag checked. */
  const pointsOf = async (samples: readonly string[]): Promise<Map<string, SamplePoint[]>> => {
    const out = new Map<string, SamplePoint[]>();
    for (const rel of samples.filter((s) => /gen-\d+\/samples\.json\.gz$/.test(s))) {
      const gen = rel.split('/').at(-2) ?? '';
      const points = await readPoints(join(dir, rel));
      assert.ok(
        points.every((p) => p.tags['generator'] === gen),
        `every sample in ${rel} is tagged generator=${gen}`,
      );
      out.set(gen, points);
    }
    return out;
  };

  test('chat at 50 VUs over 3 generators: 17/17/16 VUs, disjoint VU ids, merged requests = the sum of the generators', async () => {
    const record = await runK6Scenario(
      over(chat('chat-50', { type: 'per-vu-iterations', vus: 50, iterations: 1, maxDuration: '60s' }), 3),
      ctx,
    );
    assert.deepEqual(record.errors, []);
    assert.equal(record.k6?.outcome, 'ok');
    assert.equal(record.k6.setupRan, true);
    assert.deepEqual(
      record.k6.segments?.map((s) => [s.generator, s.segment, s.vus, s.exitCode]),
      [
        ['gen-1', '0:1/3', 17, 0],
        ['gen-2', '1/3:2/3', 17, 0],
        ['gen-3', '2/3:1', 16, 0],
      ],
    );
    const byGen = await pointsOf(record.samples);
    assert.deepEqual([...byGen.keys()], ['gen-1', 'gen-2', 'gen-3']);
    const started = [...byGen.values()].map((pts) =>
      pts.filter((p) => p.metric === 'loadgate_vu_started').map((p) => Number(p.tags['vu'])),
    );
    assert.deepEqual(
      started.map((ids) => ids.length),
      [17, 17, 16],
      'VUs that ran, per generator',
    );
    assert.deepEqual(
      started.flat().sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i + 1),
      'VU ids are disjoint across the generators and cover 1..50',
    );
    const requests = [...byGen.values()].map((pts) => values(pts, 'http_reqs').length);
    assert.deepEqual(
      requests,
      record.k6.segments?.map((s) => s.requests),
      "each generator's samples hold the requests its own summary counted",
    );
    const merged = (await Promise.all(record.samples.map((s) => readPoints(join(dir, s))))).flat();
    assert.equal(
      values(merged, 'http_reqs').length,
      requests.reduce((a, b) => a + b, 0),
    );
    assert.equal(values(merged, 'chat_turn_duration').length, 100, '50 users × 2 turns');
    // report.md's per-generator table: each generator's segment, VUs and the requests its samples hold.
    const scenarioPlan = over(chat('chat-50', { type: 'per-vu-iterations', vus: 50, iterations: 1, maxDuration: '60s' }), 3);
    const v = await buildVerdict({
      plan: runPlan([scenarioPlan]),
      runId: RUN_ID,
      runDir: dir,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      records: [record],
      tools: TOOLS,
    });
    // Each generator's own k6 summary agrees with its own samples (the per-segment cross-check).
    assert.deepEqual(
      v.scenarios[0]?.errors.filter((e) => e.startsWith('tools disagree')),
      [],
    );
    const md = markdownReport(v);
    ['gen-1', 'gen-2', 'gen-3'].forEach((g, i) => {
      const line = md.split('\n').find((l) => l.startsWith(`| ${g} | `)) ?? '';
      const [, , segment, vus, reqs] = line.split(' | ');
      assert.deepEqual([segment, vus, reqs], [['0:1/3', '1/3:2/3', '2/3:1'][i], String([17, 17, 16][i]), String(requests[i])], line);
    });
  });

  test('chat-open at a constant arrival rate over 3 generators delivers the planned total (±5 %)', async () => {
    const executor: ExecutorPlan = {
      type: 'constant-arrival-rate',
      rate: 10,
      timeUnit: '1s',
      duration: '4s',
      // 4 VUs per segment: the pool never limits the rate, so what is under test is the coordination (striped
      // starts, every segment's share). With 2 per segment a slow first turn dropped one start on each (37 of 40).
      preAllocatedVUs: 12,
      maxVUs: 24,
    };
    const record = await runK6Scenario(over(chat('chat-open-3', executor, 'chat-open'), 3), ctx);
    assert.deepEqual(record.errors, []);
    const byGen = await pointsOf(record.samples);
    const iterations = [...byGen.values()].map((pts) => values(pts, 'iterations').length);
    const dropped = [...byGen.values()].map((pts) => values(pts, 'dropped_iterations').reduce((a, b) => a + b, 0));
    const total = iterations.reduce((a, b) => a + b, 0);
    assert.ok(
      Math.abs(total - 40) <= 40 * 0.05,
      `delivered ${total} iterations (${iterations.join('+')}) of the planned 40; dropped ${dropped.join('+')}`,
    );
    assert.ok(
      iterations.every((n) => n > 0),
      `every generator fired its stripe: ${iterations.join('/')}`,
    );
  });

  test('fir-concurrency 10 over 2 generators: 10 flows in all, setup() ran once (on the first)', async () => {
    const p = plan(
      'fir-concurrency-10',
      'fir-concurrency',
      { type: 'per-vu-iterations', vus: 10, iterations: 1, maxDuration: '60s' },
      { afirgen: target(AFIRGEN) },
      { textLength: 400, concurrency: 10, rounds: 1, pauseMs: 0 },
      { apiKey: LAB_KEY },
    );
    const record = await runK6Scenario(over(p, 2), ctx);
    assert.deepEqual(record.errors, []);
    assert.deepEqual(
      record.k6?.segments?.map((s) => s.vus),
      [5, 5],
    );
    const byGen = await pointsOf(record.samples);
    const flows = [...byGen.values()].map((pts) => values(pts, 'fir_completed').length);
    assert.equal(
      flows.reduce((a, b) => a + b, 0),
      10,
    );
    // setup()'s requests carry loadgate's `step: setup` tag (k6/lib/health.ts): only the first generator has any.
    const setupOn = [...byGen.entries()].filter(([, pts]) => pts.some((pt) => pt.metric === 'http_reqs' && pt.tags['step'] === 'setup'));
    assert.deepEqual(
      setupOn.map(([g]) => g),
      ['gen-1'],
    );
    assert.ok(
      record.samples.some((s) => s.endsWith('batch-samples.json.gz')),
      "the round's batch is derived from both generators' samples",
    );
  });

  const long = (id: string): K6ScenarioPlan => over(chat(id, { type: 'constant-vus', vus: 3, duration: '40s' }), 3);
  const pidFile = (g: GeneratorPlan, id: string): string => join(ready.get(g.name)?.runDir ?? '', id, 'k6.pid');

  test('an instance killed mid-run: the others are stopped, the error names the generator and the moment', async () => {
    let killed = false;
    const record = await runK6Scenario(long('chat-killed'), {
      ...ctx,
      progress: (line) => {
        if (killed || !/resumed/.test(line) || plans[1] === undefined) return;
        killed = true;
        // gen-2's k6, a process this test started, killed by its PID.
        void readFile(pidFile(plans[1], 'chat-killed'), 'utf8').then((pid) => process.kill(Number(pid.trim()), 'SIGKILL'));
      },
    });
    assert.equal(killed, true);
    assert.equal(record.k6?.outcome, 'crashed');
    assert.match(
      record.errors[0] ?? '',
      /^k6 chat-killed: gen-2: k6 exited 137 at \d{4}-\d\d-\d\dT[\d:.]+Z; the other generators were stopped$/,
    );
    assert.deepEqual(
      record.k6.segments?.map((s) => [s.generator, s.exitCode, s.outcome]),
      [
        ['gen-1', 103, 'external-abort'],
        ['gen-2', 137, 'crashed'],
        ['gen-3', 103, 'external-abort'],
      ],
    );
    assert.equal(record.aborted, false);
  });

  test('an interrupt: every remote k6 stopped (checked by PID), remote directories removed, the record aborted', async () => {
    const abort = new AbortController();
    let pids: number[] = [];
    const record = await runK6Scenario(long('chat-interrupted'), {
      ...ctx,
      signal: abort.signal,
      progress: (line) => {
        if (pids.length > 0 || !/resumed/.test(line)) return;
        pids = [-1];
        void Promise.all(plans.map(async (g) => Number((await readFile(pidFile(g, 'chat-interrupted'), 'utf8')).trim()))).then((read) => {
          pids = read;
          abort.abort();
        });
      },
    });
    assert.equal(pids.length, 3);
    assert.equal(record.aborted, true);
    assert.equal(record.k6?.outcome, 'external-abort');
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `k6 ${pid} is gone`);
    // Removed in the background; what closing the generators waits for (settle) sees it done.
    await Promise.all([...ready.values()].map((g) => g.host.settle()));
    for (const g of plans) assert.equal(existsSync(join(ready.get(g.name)?.runDir ?? '', 'chat-interrupted')), false);
  });

  test('a host key that does not match the pinned one: PreflightError (exit 3) naming the generator', async () => {
    const first = plans[0];
    assert.ok(first?.kind === 'ssh');
    const other = join(dir, 'other-key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const wrong = join(dir, 'wrong_known_hosts');
    await writeFile(wrong, `[${first.host}]:${first.port} ${(await readFile(`${other}.pub`, 'utf8')).trim()}\n`);
    await assert.rejects(
      prepareGenerators([{ ...first, knownHosts: wrong }], { runId: 'run-bad-key', env: process.env, localK6: ctx.k6.path }),
      (err: unknown) =>
        err instanceof PreflightError &&
        err.exitCode === 3 &&
        /^generator gen-1 \(.+@127\.0\.0\.31:2222\): its host key does not match the pinned knownHosts/.test(err.message),
    );
  });

  test('a copied k6 is shipped once per build: the next run finds it by checksum, a changed copy is shipped again', async () => {
    // The lab's hosts are this machine and run the pinned build in place; here gen-1 is told to copy it.
    const host = plans[0];
    assert.ok(host?.kind === 'ssh');
    const first: GeneratorPlan = { ...host, k6: { copy: true } };
    const sum = createHash('sha256')
      .update(await readFile(ctx.k6.path))
      .digest('hex');
    const copied = await prepareGenerators([first], { runId: 'run-copy', env: process.env, localK6: ctx.k6.path });
    await closeGenerators(copied.values());
    const cached = copied.get(first.name)?.k6 ?? assert.fail('gen-1 is ready');
    assert.equal(cached, join(host.workdir, K6_CACHE, sum, 'k6'), 'under the workdir, by checksum, not in the run directory');
    assert.ok(existsSync(cached), 'kept when the run directory is removed');
    const before = statSync(cached);
    const again = await prepareGenerators([first], { runId: 'run-cached', env: process.env, localK6: ctx.k6.path });
    await closeGenerators(again.values());
    const reused = statSync(cached);
    assert.deepEqual([reused.ino, reused.mtimeMs], [before.ino, before.mtimeMs], 'the second run did not ship it again');
    // A copy that is not the pinned build any more (changed on the host) is replaced, and checked again.
    await appendFile(cached, 'x');
    const fixed = await prepareGenerators([first], { runId: 'run-recopied', env: process.env, localK6: ctx.k6.path });
    await closeGenerators(fixed.values());
    assert.notEqual(statSync(cached).ino, before.ino, 'shipped again (a new file moved into place)');
    assert.equal(
      createHash('sha256')
        .update(await readFile(cached))
        .digest('hex'),
      sum,
    );
    assert.match(fixed.get(first.name)?.k6Version ?? '', /^v\d/);
  });
});
