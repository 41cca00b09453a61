// test-needs: lab
/**
 * `loadgate run` end to end through the real executable: real lab, real k6, real Redis. Each case pins
 * one exit code of the gate together with its message and the files it leaves.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { validateVerdict } from '../../src/verdict/schema.ts';
import { execa } from 'execa';
import { runCli } from '../helpers/cli.ts';
import { projectPath } from '../../src/paths.ts';
import { startLab } from '../../src/lab/process.ts';
import { LabControl } from '../../src/lab/control.ts';

/** A results dir of the test's own, removed when the test ends. */
async function tempResults(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-run-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

async function onlyRunDir(results: string, others: string[] = []): Promise<string> {
  const entries = (await readdir(results)).filter((e) => e !== 'latest' && !others.includes(e));
  assert.equal(entries.length, 1, `one run directory expected, found ${entries.join(', ')}`);
  return join(results, entries[0] ?? '');
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

// These cases share the lab's fixed loopback addresses, so they run one after another.
describe('loadgate run', { concurrency: 1 }, () => {
  test('smoke profile against the lab: PASS, exit 0, every report present and the schema green', { timeout: 240_000 }, async (t) => {
    const results = await tempResults(t);
    const r = await runCli(['run', '--profile', 'smoke', '--results-dir', results], { timeout: 230_000 });
    assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /verdict: PASS/);
    const runDir = await onlyRunDir(results);
    for (const f of ['plan.json', 'verdict.json', 'report.md', 'report.html', 'junit.xml']) {
      await readFile(join(runDir, f));
    }
    assert.equal(await readlink(join(results, 'latest')), runDir.split('/').pop());
    const verdict = await readJson(join(runDir, 'verdict.json'));
    const checked = validateVerdict(verdict);
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    const scenarios = (verdict as { scenarios: Array<{ name: string }> }).scenarios.map((s) => s.name);
    for (const name of ['fir-single', 'chat', 'redis', 'mixed', 'cross-vm'])
      assert.ok(
        scenarios.some((s) => s.startsWith(name)),
        `${name} missing: ${scenarios.join(',')}`,
      );
  });

  test(
    '--json: stdout is exactly verdict.json, the human summary goes to stderr; --baseline with --min-effect',
    { timeout: 240_000 },
    async (t) => {
      const results = await tempResults(t);
      const redisOnly = ['run', '--profile', 'smoke', '--scenario', 'redis', '--json', '--results-dir', results];
      const r = await runCli(redisOnly, { timeout: 110_000 });
      assert.equal(r.exitCode, 0, r.stderr);
      const printed: unknown = JSON.parse(r.stdout);
      assert.deepEqual(printed, await readJson(join(await onlyRunDir(results), 'verdict.json')));
      assert.ok(typeof printed === 'object' && printed !== null && 'status' in printed && printed.status === 'PASS');
      assert.match(r.stderr, /verdict: PASS/);

      // The same run again against the first as its baseline, with a custom --min-effect.
      const first = await onlyRunDir(results);
      const firstId = first.split('/').pop() ?? '';
      const again = await runCli([...redisOnly, '--baseline', first, '--min-effect', '0.5'], { timeout: 110_000 });
      assert.equal(again.exitCode, 0, again.stderr);
      const second: unknown = JSON.parse(again.stdout);
      assert.ok(typeof second === 'object' && second !== null && 'baseline' in second, 'the verdict carries the comparison');
      const cmp = second.baseline;
      assert.ok(typeof cmp === 'object' && cmp !== null && 'baseRunId' in cmp && 'minEffect' in cmp && 'deltas' in cmp);
      assert.equal(cmp.baseRunId, firstId);
      assert.equal(cmp.minEffect, 0.5);
      assert.ok(Array.isArray(cmp.deltas) && cmp.deltas.length > 0, 'the redis probe metrics are compared');
      const md = await readFile(join(await onlyRunDir(results, [firstId]), 'report.md'), 'utf8');
      assert.match(md, new RegExp(`## Before / after \\(baseline ${firstId}\\)`));
      assert.match(md, /A regression needs p95 \+50 % or more/);

      const lone = await runCli(['run', '--profile', 'smoke', '--min-effect', '0.5', '--results-dir', results]);
      assert.equal(lone.exitCode, 2);
      assert.match(lone.stderr, /--min-effect applies to a comparison; give --baseline too/);
      const bad = await runCli(['run', '--profile', 'smoke', '--baseline', first, '--min-effect', 'lots', '--results-dir', results]);
      assert.equal(bad.exitCode, 2);
      assert.match(bad.stderr, /run: --min-effect 'lots' must be a fraction/);
    },
  );

  test(
    'two rounds: the verdict, report.md and report.html carry the drift (memory per round, p95 per round)',
    { timeout: 120_000 },
    async (t) => {
      const results = await tempResults(t);
      const profiles = join(results, 'profiles.yaml');
      const base = await readFile(projectPath('orchestrator/profiles.yaml'), 'utf8');
      await writeFile(
        profiles,
        `${base}\n  two-rounds:\n    description: drift test\n    rounds: 2\n    pauseMs: 0\n    scenarios:\n      - scenario: redis\n        params: { operations: 20 }\n`,
      );
      const r = await runCli(['run', '--profiles', profiles, '--profile', 'two-rounds', '--json', '--results-dir', results], {
        timeout: 110_000,
      });
      assert.equal(r.exitCode, 0, r.stderr);
      const verdict: unknown = JSON.parse(r.stdout);
      const checked = validateVerdict(verdict);
      assert.ok(checked.ok, checked.ok ? '' : checked.error);
      const drift = typeof verdict === 'object' && verdict !== null && 'drift' in verdict ? verdict.drift : undefined;
      assert.ok(typeof drift === 'object' && drift !== null && 'rounds' in drift && Array.isArray(drift.rounds), JSON.stringify(drift));
      assert.deepEqual(
        drift.rounds.map((x: unknown) => (typeof x === 'object' && x !== null && 'round' in x ? x.round : undefined)),
        [1, 2],
      );
      for (const x of drift.rounds as unknown[]) {
        // The lab's real redis-server answered INFO memory after each round.
        assert.ok(
          typeof x === 'object' && x !== null && 'redisUsedMemoryBytes' in x && typeof x.redisUsedMemoryBytes === 'number',
          JSON.stringify(x),
        );
        assert.ok(x.redisUsedMemoryBytes > 0);
      }
      const runDir = await onlyRunDir(results, ['profiles.yaml']);
      assert.match(await readFile(join(runDir, 'report.html'), 'utf8'), /<h2>Drift across 2 rounds<\/h2>\s*<table>/);
      const report = await readFile(join(runDir, 'report.md'), 'utf8');
      assert.match(report, /## Drift across 2 rounds/);
      assert.match(report, /\| redis \| redis_batch_duration \| [\d.]+ ms \| [\d.]+ ms \| [+-][\d.]+ % \|/);
    },
  );

  test('chat latency fault at 3 s: FAIL, exit 1, the chat P95 criterion named everywhere', { timeout: 180_000 }, async (t) => {
    const results = await tempResults(t);
    // A lab started outside the run (as `loadgate lab` would): the run reuses it instead of starting its own.
    const lab = await startLab({ runDir: join(results, 'lab') });
    // Stopped before its run dir goes, whichever order the after hooks run in: the second rm catches what it wrote.
    t.after(async () => {
      await lab.stop();
      await rm(results, { recursive: true, force: true });
    });
    await new LabControl(lab.controlUrl).setChatDelay(3000);
    const r = await runCli(['run', '--profile', 'smoke', '--scenario', 'chat', '--results-dir', results], { timeout: 170_000 });
    assert.equal(r.exitCode, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /verdict: FAIL/);
    assert.match(r.stdout, /p\(95\)<2000/);
    assert.match(r.stderr, /lab: already running, reusing it/);
    const runDir = await onlyRunDir(results, ['lab']);
    for (const f of ['report.md', 'report.html', 'junit.xml']) {
      assert.match(await readFile(join(runDir, f), 'utf8'), /p\(95\)&lt;2000|p\(95\)<2000/, f);
    }
  });

  test('a criterion whose metric gets no samples: INVALID, exit 4', { timeout: 120_000 }, async (t) => {
    const results = await tempResults(t);
    const thresholds = join(results, 'thresholds');
    await cp(projectPath('thresholds'), thresholds, { recursive: true });
    const chat = join(thresholds, 'chat.yaml');
    const original = await readFile(chat, 'utf8');
    await writeFile(
      chat,
      `${original.trimEnd()}\n  - metric: http_req_duration{status:418}\n    expression: p(95)<2000\n    severity: strict\n    description: no request ever answers 418\n`,
    );
    const r = await runCli(
      ['run', '--profile', 'smoke', '--scenario', 'chat', '--thresholds', thresholds, '--results-dir', join(results, 'out')],
      {
        timeout: 110_000,
      },
    );
    assert.equal(r.exitCode, 4, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /INVALID/);
    assert.match(r.stdout, /no data/i);
  });

  test(
    'a strict p95 over ten FIR flows: INCONCLUSIVE, exit 6, with its n and interval; the plan warned first',
    { timeout: 150_000 },
    async (t) => {
      const results = await tempResults(t);
      const thresholds = join(results, 'thresholds');
      await cp(projectPath('thresholds'), thresholds, { recursive: true });
      const fir = join(thresholds, 'fir-single.yaml');
      await writeFile(
        fir,
        `${(await readFile(fir, 'utf8')).trimEnd()}\n  - metric: fir_e2e_duration\n    expression: p(95)<30000\n    severity: strict\n    description: 95 % of FIRs in under 30 s\n`,
      );
      const profiles = join(results, 'profiles.yaml');
      await writeFile(
        profiles,
        [
          'default: ten',
          'profiles:',
          '  ten:',
          '    description: ten FIR flows, decided with confidence',
          '    scenarios:',
          '      - scenario: fir-single',
          '        executor: { type: shared-iterations, vus: 2, iterations: 10, maxDuration: 60s }',
          '',
        ].join('\n'),
      );
      const flags = ['--profiles', profiles, '--profile', 'ten', '--thresholds', thresholds];
      const planned = await runCli(['plan', ...flags], { timeout: 30_000 });
      assert.equal(planned.exitCode, 0, planned.stderr);
      assert.match(
        planned.stdout,
        /warning: fir-single: fir_e2e_duration p\(95\)<30000 needs ≥ 59 samples at 0\.95; this profile yields at most 10 — raise iterations to 59/,
      );
      const r = await runCli(['run', ...flags, '--results-dir', join(results, 'out')], { timeout: 140_000 });
      assert.equal(r.exitCode, 6, `${r.stdout}\n${r.stderr}`);
      assert.match(
        r.stdout,
        /verdict: INCONCLUSIVE \(exit 6\) — fir-single: inconclusive: fir_e2e_duration p\(95\)<30000 observed [\d.]+ ms \[[\d.]+, —\] ms at 0\.95, n = 10 \(a decision needs n ≥ 59\)/,
      );
      const runDir = await onlyRunDir(join(results, 'out'));
      const verdict = (await readJson(join(runDir, 'verdict.json'))) as { status: string; exitCode: number };
      assert.deepEqual([verdict.status, verdict.exitCode], ['INCONCLUSIVE', 6]);
      assert.match(await readFile(join(runDir, 'junit.xml'), 'utf8'), /<error type="inconclusive"/);
      assert.match(await readFile(join(runDir, 'report.md'), 'utf8'), /INCONCLUSIVE/);
    },
  );

  test('an unreachable target: exit 3 before any load, naming it', { timeout: 60_000 }, async (t) => {
    const dir = await tempResults(t);
    const port = await freePort();
    const inv = (await readFile(projectPath('lab/inventory.yaml'), 'utf8'))
      .replace(/^lab: true$/m, 'lab: false')
      .replace(/port: 8001\b/g, `port: ${port}`);
    const invPath = join(dir, 'inventory.yaml');
    await writeFile(invPath, inv.replace(/\$schema=\S+/, `$schema=${projectPath('orchestrator/schemas/inventory.schema.json')}`));
    const r = await runCli(['run', '--inventory', invPath, '--profile', 'smoke', '--scenario', 'chat', '--results-dir', join(dir, 'out')]);
    assert.equal(r.exitCode, 3, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, new RegExp(`preflight failed.*127\\.0\\.0\\.20:${port}`));
    // verdict.json says the same, for CI tooling that reads the file rather than the console.
    const verdict = (await readJson(join(await onlyRunDir(join(dir, 'out')), 'verdict.json'))) as { status: string; reasons: string[] };
    assert.equal(verdict.status, 'PREFLIGHT');
    assert.match(verdict.reasons[0] ?? '', new RegExp(`preflight failed.*127\\.0\\.0\\.20:${port}`));
  });

  test(
    'the loopback guard: the production inventory is refused before a packet leaves (inside unshare -n)',
    { timeout: 60_000 },
    async () => {
      const r = await execa(
        'unshare',
        ['-n', process.execPath, projectPath('orchestrator/bin/loadgate.js'), 'run', '--inventory', projectPath('vm-inventory.yaml')],
        {
          reject: false,
          timeout: 50_000,
          env: { LOADGATE_LOOPBACK_ONLY: '1', AFIRGEN_API_KEY: 'sentinel-key', AUTOBOT_REDIS_PASSWORD: 'sentinel-pw' },
        },
      );
      assert.equal(r.exitCode, 2, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, /vm-inventory\.yaml:\d+:\d+ .*172\.16\.168\.\d+.*loopback/);
      assert.doesNotMatch(r.stderr, /sentinel/);
    },
  );
});
