// test-needs: lab
/**
 * Failures a user can act on (issue 18), end to end through the real executable against the lab: its
 * as-shipped quirks switch reproduces AFIRGen's real bugs, its zero-delay switch a fast, healthy system.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { startLab } from '../../src/lab/process.ts';
import { LabControl } from '../../src/lab/control.ts';

async function labAndResults(
  t: TestContext,
  opts: { quirks?: boolean; zeroDelay?: boolean },
  tune?: (lab: LabControl) => Promise<void>,
): Promise<string> {
  const results = await mkdtemp(join(tmpdir(), 'loadgate-failures-'));
  const lab = await startLab({ runDir: join(results, 'lab'), ...opts });
  if (tune) await tune(new LabControl(lab.controlUrl));
  t.after(async () => {
    await lab.stop();
    await rm(results, { recursive: true, force: true });
  });
  return results;
}

async function runDirIn(results: string): Promise<string> {
  const entries = (await readdir(results)).filter((e) => e !== 'latest' && e !== 'lab');
  assert.equal(entries.length, 1, `one run directory expected, found ${entries.join(', ')}`);
  return join(results, entries[0] ?? '');
}

describe('failures a user can act on', { concurrency: 1 }, () => {
  test(
    'form text against the as-shipped quirks: FAIL naming process, 400 and "No input provided" in every report',
    { timeout: 180_000 },
    async (t) => {
      const results = await labAndResults(t, { quirks: true });
      const r = await runCli(['run', '--profile', 'smoke', '--scenario', 'fir-single', '--results-dir', results], { timeout: 170_000 });
      assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /verdict: FAIL \(exit 1\) — fir-single: fir_completed rate==1 observed 0/);
      assert.match(r.stdout, /fir-single: failed at process → 400: 1 failed: \{"detail":"No input provided/);
      const dir = await runDirIn(results);
      const md = await readFile(join(dir, 'report.md'), 'utf8');
      assert.match(md, /\| process \| process \| 400 \| 1 \| 1 \|.*No input provided/);
      assert.match(md, /fir_e2e_duration max&lt;30000: n\/a: 1 of 1 flows failed/, 'no pass and no bare "no data" on failed work');
      const html = await readFile(join(dir, 'report.html'), 'utf8');
      assert.match(html, /<td>process<\/td><td>process<\/td><td>400<\/td>.*No input provided/);
      const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
      assert.match(
        junit,
        /<failure type="threshold" message="fir_completed rate==1 observed 0; failed at process → 400: 1 failed: \{&quot;detail&quot;:&quot;No input provided/,
      );
      const verdict: unknown = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8'));
      assert.match(
        JSON.stringify(verdict),
        /"failures":\[\{"step":"process","request":"process","status":400,"statusText":"400","count":1,"tries":1/,
      );
    },
  );

  test(
    'textVia query against the as-shipped quirks: FAIL naming the first /validate and "Session not awaiting validation"',
    { timeout: 180_000 },
    async (t) => {
      const results = await labAndResults(t, { quirks: true });
      const args = [
        'run',
        '--profile',
        'smoke',
        '--scenario',
        'fir-single',
        '--set',
        'fir-single.params.textVia=query',
        '--results-dir',
        results,
      ];
      const r = await runCli(args, { timeout: 170_000 });
      assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /verdict: FAIL \(exit 1\) — fir-single: fir_completed rate==1 observed 0/);
      assert.match(r.stdout, /fir-single: failed at summary \(validate\) → 400: 1 failed: \{"detail":"Session not awaiting validation/);
    },
  );

  test(
    'image input against the as-shipped quirks: FAIL naming step fir, 500 and the get_fir_data text; fir_batch_duration no pass',
    { timeout: 180_000 },
    async (t) => {
      const results = await labAndResults(t, { quirks: true });
      const set = ['--set', 'fir-concurrency.params.input=image', '--set', 'fir-concurrency.params.concurrency=2'];
      const args = ['run', '--profile', 'smoke', '--scenario', 'fir-concurrency', ...set, '--results-dir', results];
      const r = await runCli(args, { timeout: 170_000 });
      assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /verdict: FAIL \(exit 1\) — fir-concurrency: fir_completed rate==1 observed 0/);
      const named =
        /failed at fir \(validate\) → 500: 2 failed \(6 tries\): \{"detail":"Validation failed: get_fir_data\(\) takes 1 positional argument but 2 were given/;
      assert.match(r.stdout, named);
      const dir = await runDirIn(results);
      const md = await readFile(join(dir, 'report.md'), 'utf8');
      assert.match(md, /\| fir \| validate \| 500 \| 2 \| 6 \|.*get_fir_data\(\) takes 1 positional argument but 2 were given/);
      assert.match(md, /fir_batch_duration max&lt;35000: n\/a: 2 of 2 flows failed/, 'no pass on failed work');
      const html = await readFile(join(dir, 'report.html'), 'utf8');
      assert.match(html, /<td>fir<\/td><td>validate<\/td><td>500<\/td>.*get_fir_data\(\) takes 1 positional argument/);
      const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
      assert.match(
        junit,
        /<failure type="threshold" message="fir_completed rate==1 observed 0; failed at fir \(validate\) → 500: .*get_fir_data\(\) takes 1 positional/,
      );
    },
  );

  test('a step slower than its timeout: the breakdown says "timed out after N s" with its k6 code', { timeout: 180_000 }, async (t) => {
    const results = await labAndResults(t, {}, (lab) => lab.setChatDelay(3000));
    const args = ['run', '--profile', 'smoke', '--scenario', 'chat', '--set', 'chat.params.httpTimeoutMs=1000', '--results-dir', results];
    const r = await runCli(args, { timeout: 170_000 });
    assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /chat: failed at chat → timed out after 1 s \(k6 1050 request timeout\): \d+ failed: request timeout/);
  });

  test(
    'a FIR step slower than its own timeout: the breakdown names the step and "timed out after 1 s"',
    { timeout: 180_000 },
    async (t) => {
      // The summary model call takes 3 s; its step's timeout is 1 s, every other step keeps the default.
      const results = await labAndResults(t, {}, (lab) => lab.setConfig({ afirgen: { summaryMs: 3000 } }));
      const args = ['run', '--profile', 'smoke', '--scenario', 'fir-single', '--set', 'fir-single.params.summaryTimeoutMs=1000'];
      const r = await runCli([...args, '--results-dir', results], { timeout: 170_000 });
      assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /fir-single: failed at summary \(validate\) → timed out after 1 s \(k6 1050 request timeout\): 1 failed/);
    },
  );

  test(
    'the smoke profile against a zero-delay lab: PASS, every VU counted though the runs are shorter than a second',
    { timeout: 260_000 },
    async (t) => {
      const results = await labAndResults(t, { zeroDelay: true });
      const r = await runCli(['run', '--profile', 'smoke', '--results-dir', results], { timeout: 250_000 });
      assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /verdict: PASS \(exit 0\)/);
      const verdict: unknown = JSON.parse(await readFile(join(await runDirIn(results), 'verdict.json'), 'utf8'));
      const scenarios = (
        verdict as { scenarios: Array<{ name: string; load?: { intended: Record<string, number>; achieved: Record<string, number> } }> }
      ).scenarios;
      const stream = scenarios.find((s) => s.name.startsWith('chat-stream'));
      assert.ok(stream?.load, 'chat-stream ran');
      assert.equal(stream.load.achieved['vus'], stream.load.intended['vus']);
    },
  );
});
