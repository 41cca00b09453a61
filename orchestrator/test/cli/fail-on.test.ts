// test-needs: lab
/**
 * `loadgate run --fail-on`: the gate policy through the real executable, against the lab. For every status a
 * policy can name, one run with the status in the policy (its own exit code) and one without it (exit 0, the
 * loud warning, the policy and the waiver recorded in verdict.json, summary.md and junit.xml). Names the code
 * cannot produce, and an empty policy, are usage errors before anything runs.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { projectPath } from '../../src/paths.ts';
import { GATE_STATUSES, type GateStatusName } from '../../src/exit-codes.ts';
import { validateVerdict } from '../../src/verdict/schema.ts';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-fail-on-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of thresholds/ with `edit` applied to one file. */
async function thresholds(dir: string, file: string, edit: (yaml: string) => string): Promise<string> {
  const copy = join(dir, 'thresholds');
  await cp(projectPath('thresholds'), copy, { recursive: true });
  await writeFile(join(copy, file), edit(await readFile(join(copy, file), 'utf8')));
  return copy;
}

/** The flags that make a smoke run end with `status`, each the cheapest way the lab allows. */
async function runFor(status: GateStatusName, dir: string): Promise<{ args: string[]; env: Record<string, string> }> {
  if (status === 'fail') {
    // The lab's Redis cannot finish a batch in a microsecond: a strict criterion fails.
    const th = await thresholds(dir, 'redis.yaml', (y) => y.replace('expression: max<2000', 'expression: max<0.001'));
    return { args: ['--scenario', 'redis', '--thresholds', th], env: {} };
  }
  if (status === 'invalid') {
    // No chat request ever answers 418: a strict criterion without data.
    const th = await thresholds(
      dir,
      'chat.yaml',
      (y) =>
        `${y.trimEnd()}\n  - metric: http_req_duration{status:418}\n    expression: p(95)<2000\n    severity: strict\n    description: none\n`,
    );
    return { args: ['--scenario', 'chat', '--thresholds', th], env: {} };
  }
  if (status === 'inconclusive') {
    // Ten Redis commands cannot bound a p95 (that needs 59), and this `smoke` decides with confidence.
    const th = await thresholds(
      dir,
      'redis.yaml',
      (y) => `${y.trimEnd()}\n  - metric: redis_op_duration\n    expression: p(95)<1000\n    severity: strict\n    description: p95\n`,
    );
    const profiles = join(dir, 'profiles.yaml');
    await writeFile(
      profiles,
      'default: smoke\nprofiles:\n  smoke:\n    description: five Redis pairs, decided with confidence\n    scenarios:\n      - scenario: redis\n        params: { operations: 5 }\n',
    );
    return { args: ['--thresholds', th, '--profiles', profiles], env: {} };
  }
  // A k6 that answers `version` like the real one and then dies of SIGKILL mid-run: the scenario errors.
  const k6 = join(dir, 'k6');
  await writeFile(
    k6,
    `#!/bin/sh\nif [ "$1" = version ]; then echo "k6 v2.2.0 (fake)"; exit 0; fi\nexec "${process.execPath}" "${projectPath('orchestrator/test/fixtures/fake-k6/crash.js')}" "$@"\n`,
  );
  await chmod(k6, 0o755);
  return { args: ['--scenario', 'chat'], env: { LOADGATE_K6: k6 } };
}

async function onlyRunDir(results: string): Promise<string> {
  const entries = (await readdir(results)).filter((e) => e !== 'latest');
  assert.equal(entries.length, 1, `one run directory expected, found ${entries.join(', ')}`);
  return join(results, entries[0] ?? '');
}

const NAMES = Object.keys(GATE_STATUSES).filter((n): n is GateStatusName => Object.hasOwn(GATE_STATUSES, n));

describe('loadgate run --fail-on', { concurrency: 1 }, () => {
  test('a status the code cannot produce, or no status at all: exit 2, one line, nothing run', async (t) => {
    const results = await tempDir(t);
    for (const [policy, message] of [
      [
        'fail,passed',
        /^loadgate: run: --fail-on: 'passed' is not a status loadgate produces \(one of: fail, invalid, error, inconclusive\)$/m,
      ],
      ['aborted', /--fail-on: 'aborted' is not a status loadgate produces/],
      ['pass', /--fail-on: 'pass' is not a status loadgate produces/],
      [
        ' , ',
        /^loadgate: run: --fail-on needs at least one status \(fail, invalid, error, inconclusive\); leave the flag out to fail on all of them$/m,
      ],
    ] as const) {
      const r = await runCli(['run', '--profile', 'smoke', '--fail-on', policy, '--results-dir', results]);
      assert.equal(r.exitCode, 2, `${policy}: ${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, message);
      assert.deepEqual(await readdir(results), [], `${policy}: no run directory`);
    }
  });

  for (const name of NAMES) {
    const { status, exit } = GATE_STATUSES[name];
    test(`${status}: exit ${exit} when --fail-on names it, exit 0 with a warning when it does not`, { timeout: 240_000 }, async (t) => {
      const dir = await tempDir(t);
      const { args, env } = await runFor(name, dir);
      const strict = await runCli(['run', '--profile', 'smoke', ...args, '--fail-on', name, '--results-dir', join(dir, 'strict')], {
        env,
        timeout: 110_000,
      });
      assert.equal(strict.exitCode, exit, `${strict.stdout}\n${strict.stderr}`);
      assert.match(strict.stdout, new RegExp(`^verdict: ${status} \\(exit ${exit}\\)`, 'm'));
      assert.doesNotMatch(strict.stdout, /WARNING: gate policy/);
      const strictVerdict = validateVerdict(
        JSON.parse(await readFile(join(await onlyRunDir(join(dir, 'strict')), 'verdict.json'), 'utf8')),
      );
      assert.ok(strictVerdict.ok, strictVerdict.ok ? '' : strictVerdict.error);
      assert.deepEqual(strictVerdict.value.gate, { failOn: [name], exitCode: exit });

      const others = NAMES.filter((n) => n !== name);
      const lenient = await runCli(
        ['run', '--profile', 'smoke', ...args, '--fail-on', others.join(','), '--results-dir', join(dir, 'lenient')],
        { env, timeout: 110_000 },
      );
      assert.equal(lenient.exitCode, 0, `${lenient.stdout}\n${lenient.stderr}`);
      const policy = `--fail-on ${others.join(',')}`;
      assert.match(lenient.stdout, new RegExp(`^WARNING: gate policy ${policy} waives ${status}: exit 0 instead of ${exit}`, 'm'));
      assert.match(lenient.stdout, new RegExp(`^verdict: ${status} \\(exit 0, waived by ${policy}\\)`, 'm'));
      const runDir = await onlyRunDir(join(dir, 'lenient'));
      const verdict = validateVerdict(JSON.parse(await readFile(join(runDir, 'verdict.json'), 'utf8')));
      assert.ok(verdict.ok, verdict.ok ? '' : verdict.error);
      // The verdict keeps its status and that status's code; the gate records what the process exited with.
      assert.equal(verdict.value.status, status);
      assert.equal(verdict.value.exitCode, exit);
      assert.deepEqual(verdict.value.gate, { failOn: others, exitCode: 0, waived: status });
      const summary = await readFile(join(runDir, 'summary.md'), 'utf8');
      assert.match(summary, new RegExp(`^### loadgate: ${status} \\(exit 0\\)$`, 'm'));
      assert.match(summary, new RegExp(`^Gate policy: \`${policy}\`\\.$`, 'm'));
      assert.match(summary, /^> \*\*⚠ WARNING:\*\* gate policy/m);
      assert.match(
        await readFile(join(runDir, 'junit.xml'), 'utf8'),
        /<testsuite name="verdict" tests="1" failures="0" errors="0" skipped="1">[\s\S]*<skipped message="gate policy/,
      );
    });
  }
});
