/**
 * The runner against tiny fake k6 executables (test/fixtures/fake-k6): every exit-code path, a crash, a
 * hang, an abort and a missing binary. No network: the fakes only write files.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runK6Scenario, type K6RunContext } from '../../../../src/engines/k6/runner.ts';
import type { LiveFigures, LiveSink } from '../../../../src/engines/live.ts';
import { liveChildren } from '../../../../src/children.ts';
import { projectPath } from '../../../../src/paths.ts';
import type { ScenarioRecord } from '../../../../src/record.ts';
import { firPlan, SECRET_KEY } from './plan-fixture.ts';

const fake = (name: string): string => projectPath('orchestrator/test/fixtures/fake-k6', `${name}.js`);

async function run(
  name: string,
  extra: Partial<K6RunContext> = {},
  timeoutMs = 20_000,
): Promise<{ record: ScenarioRecord; dir: string; lines: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-runner-'));
  const lines: string[] = [];
  const record = await runK6Scenario(firPlan({ timeoutMs }), {
    env: process.env,
    runId: 'run-1',
    runDir: dir,
    k6: { path: fake(name), version: 'v2.2.0' },
    progress: (l) => lines.push(l),
    gracePeriodMs: 500,
    ...extra,
  });
  return { record, dir, lines };
}

describe('runK6Scenario with a fake k6', { timeout: 60_000 }, () => {
  test('exit 0: ok, every artefact listed, start and end progress lines', async (t) => {
    const { record, dir, lines } = await run('exit-0');
    t.after(() => rm(dir, { recursive: true, force: true }));
    assert.equal(record.k6?.outcome, 'ok');
    assert.equal(record.k6?.exitCode, 0);
    assert.deepEqual(record.errors, []);
    assert.equal(record.aborted, false);
    assert.deepEqual(record.samples, ['k6/fir-single/samples.json.gz']);
    assert.deepEqual(record.artifacts, {
      summary: 'k6/fir-single/summary.json',
      stdout: 'k6/fir-single/stdout.log',
      stderr: 'k6/fir-single/stderr.log',
      command: 'k6/fir-single/command.txt',
      options: 'k6/fir-single/options.json',
    });
    assert.deepEqual(record.intended, { vus: 1, iterations: 2, durationSeconds: 60 });
    assert.deepEqual(record.k6?.thresholds, [{ selector: 'fir_e2e_duration', expression: 'p(95)<30000', ok: true }]);
    assert.equal(record.k6?.summary['iterations']?.['count'], 3);
    assert.equal(record.k6?.version, 'v2.2.0');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^k6 fir-single: started/);
    assert.match(lines[1] ?? '', /^k6 fir-single: ok \(exit 0\)/);
    assert.equal(liveChildren().size, 0);
    const command = await readFile(join(dir, 'k6/fir-single/command.txt'), 'utf8');
    assert.ok(!command.includes(SECRET_KEY), 'the API key is redacted in command.txt');
    assert.match(
      command,
      /LOADGATE_AFIRGEN_KEY=\*\*\* .* run --config \S+options\.json --out json=\S+samples\.json\.gz --no-color --quiet \S+fir-single\.js/,
    );
  });

  test('the key reaches k6 only through its environment, never its argv', async (t) => {
    const { record, dir } = await run('record-env');
    t.after(() => rm(dir, { recursive: true, force: true }));
    assert.equal(record.k6?.outcome, 'ok');
    const seen: unknown = JSON.parse(await readFile(join(dir, 'k6/fir-single/summary.json.env.json'), 'utf8'));
    const text = JSON.stringify(seen);
    assert.ok(text.includes(`"LOADGATE_AFIRGEN_KEY":"${SECRET_KEY}"`));
    const cmdline = typeof seen === 'object' && seen !== null && 'cmdline' in seen ? String(seen.cmdline) : assert.fail('no cmdline');
    assert.ok(!cmdline.includes(SECRET_KEY));
    assert.match(cmdline, /run --config/);
  });

  const codes: Array<[string, string, number | null, RegExp | undefined]> = [
    ['exit-99', 'thresholds-failed', 99, undefined],
    ['exit-104', 'invalid-config', 104, /rejected its configuration/],
    ['exit-105', 'external-abort', 105, /interrupted/],
    ['exit-107', 'script-error', 107, /script error/],
    ['exit-108', 'script-aborted', 108, undefined], // the verdict decides: a failing abortOnFail criterion explains it
    ['exit-109', 'crashed', 109, /crashed \(exit code 109\)/],
    ['exit-110', 'marked-failed', 110, /marked failed by the script/],
    ['exit-3', 'crashed', 3, /crashed \(exit code 3\)/],
    ['crash', 'crashed', null, /crashed \(signal SIGKILL\)/],
  ];
  for (const [name, outcome, code, error] of codes) {
    test(`${name}: ${outcome}`, async (t) => {
      const { record, dir } = await run(name);
      t.after(() => rm(dir, { recursive: true, force: true }));
      assert.equal(record.k6?.outcome, outcome);
      assert.equal(record.k6?.exitCode, code);
      if (error) assert.match(record.errors.join('\n'), error);
      else assert.deepEqual(record.errors, []);
      assert.equal(record.aborted, outcome === 'external-abort');
    });
  }

  test('exit 99 with a summary that marks nothing failed is flagged, and so is exit 0 with a failed one', async (t) => {
    const a = await run('exit-99-inconsistent');
    const b = await run('exit-0-inconsistent');
    t.after(() => Promise.all([a, b].map((r) => rm(r.dir, { recursive: true, force: true }))));
    assert.match(a.record.errors.join(), /marks no threshold failed/);
    assert.match(b.record.errors.join(), /exited 0 but its summary marks thresholds failed/);
  });

  test('exit 104 writes no summary and no samples: both are named as missing', async (t) => {
    const { record, dir } = await run('exit-104');
    t.after(() => rm(dir, { recursive: true, force: true }));
    assert.deepEqual(record.samples, []);
    assert.match(record.errors.join('\n'), /wrote no raw samples/);
    assert.equal(record.artifacts['summary'], undefined);
  });

  test('a hang: SIGINT at the time limit, SIGKILL after the grace period, outcome timeout', async (t) => {
    const started = Date.now();
    // The fake must have installed its SIGINT handler before the limit, or SIGINT simply ends it: a node start
    // on a busy machine took over 400 ms, so the limit is 3 s — the order of events, not speed, is under test.
    const { record, dir } = await run('hang', {}, 3000);
    t.after(() => rm(dir, { recursive: true, force: true }));
    assert.equal(record.k6?.outcome, 'timeout');
    assert.equal(record.k6?.signal, 'SIGKILL');
    assert.match(record.errors.join(), /time limit/);
    assert.ok(Date.now() - started < 15_000, 'ended by the kill, not left hanging');
    assert.match(await readFile(join(dir, 'k6/fir-single/stderr.log'), 'utf8'), /SIGINT ignored/);
    assert.equal(liveChildren().size, 0);
  });

  test('an abort: SIGINT, k6 writes its summary, the record says aborted', async (t) => {
    const controller = new AbortController();
    const updates: LiveFigures[] = [];
    const live: LiveSink = { start: () => undefined, update: (_, f) => updates.push(f), end: () => undefined };
    setTimeout(() => controller.abort(), 1200);
    const { record, dir } = await run('slow', { signal: controller.signal, interactive: true, live });
    t.after(() => rm(dir, { recursive: true, force: true }));
    assert.equal(record.aborted, true);
    assert.equal(record.k6?.outcome, 'external-abort');
    assert.equal(record.k6?.exitCode, 105);
    assert.ok(record.artifacts['summary']);
    // On a terminal k6's status lines feed the live board (run/live.ts): VUs of their maximum, iterations so far.
    assert.ok(
      updates.some((f) => f.vus === 2 && f.maxVus === 2 && typeof f.iterations === 'number'),
      `interactive progress parsed from k6's status lines: ${JSON.stringify(updates)}`,
    );
    assert.ok(typeof record.k6.cpuSeconds === 'number' && record.k6.cpuSeconds >= 0, 'CPU time sampled from /proc');
  });

  test('not interactive: no live progress, only start and end', async (t) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 700);
    const { lines, dir } = await run('slow', { signal: controller.signal });
    t.after(() => rm(dir, { recursive: true, force: true }));
    assert.equal(lines.length, 2);
  });

  test('a missing binary: not-started, with the reason', async (t) => {
    const { record, dir } = await run('does-not-exist');
    t.after(() => rm(dir, { recursive: true, force: true }));
    assert.equal(record.k6?.outcome, 'not-started');
    assert.match(record.errors.join(), /could not be started.*ENOENT/);
    assert.deepEqual(record.samples, []);
  });
});
