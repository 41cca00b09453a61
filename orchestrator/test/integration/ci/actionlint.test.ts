/**
 * actionlint (pinned in scripts/versions.env, built by `scripts/setup.sh --test`) on the example workflow and on
 * a workflow that uses action.yml, each inside a throwaway project laid out as GitHub would check it out
 * (.git, .github/workflows/, action.yml at the root), so `uses: ./` is resolved and its inputs and outputs are
 * checked against action.yml. Broken copies must fail, naming what is wrong.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { access, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { projectPath } from '../../../src/paths.ts';

const ACTIONLINT = projectPath('.tools', 'bin', 'actionlint');
const EXAMPLE = projectPath('docs', 'ci', 'github-load-gate.yml');
const CONSUMER = projectPath('orchestrator', 'test', 'fixtures', 'ci', 'uses-action.yml');

async function lint(t: TestContext, workflow: string): Promise<{ exitCode: number | undefined; output: string }> {
  await access(ACTIONLINT).catch(() => assert.fail(`${ACTIONLINT} is missing: run scripts/setup.sh --test`));
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-actionlint-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, '.git'));
  await mkdir(join(dir, '.github', 'workflows'), { recursive: true });
  await copyFile(projectPath('action.yml'), join(dir, 'action.yml'));
  await writeFile(join(dir, '.github', 'workflows', 'load-gate.yml'), workflow);
  const r = await execa(ACTIONLINT, ['-no-color', '.github/workflows/load-gate.yml'], { cwd: dir, reject: false, timeout: 60_000 });
  return { exitCode: r.exitCode, output: `${String(r.stdout)}${String(r.stderr)}` };
}

/** Replaces `from` (which must be there) in a copy of the workflow. */
function broken(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the workflow no longer contains ${from}`);
  return text.replace(from, to);
}

test('actionlint passes the example workflow (docs/ci/github-load-gate.yml)', async (t) => {
  const r = await lint(t, await readFile(EXAMPLE, 'utf8'));
  assert.equal(r.exitCode, 0, r.output);
});

test('actionlint passes a workflow that uses every input and output of action.yml', async (t) => {
  const r = await lint(t, await readFile(CONSUMER, 'utf8'));
  assert.equal(r.exitCode, 0, r.output);
});

test('broken copies fail actionlint, naming what is wrong', async (t) => {
  const example = await readFile(EXAMPLE, 'utf8');
  const consumer = await readFile(CONSUMER, 'utf8');
  const cases: Array<[string, string, RegExp]> = [
    [
      broken(example, 'profile: smoke', 'profiel: smoke'),
      'an input action.yml does not have',
      /input "profiel" is not defined in action "loadgate"/,
    ],
    [
      broken(example, "steps.gate.outputs.status == 'PASS'", "steps.gate.outputs.statuz == 'PASS'"),
      'an output action.yml does not have',
      /property "statuz" is not defined/,
    ],
    [broken(consumer, '    runs-on: ubuntu-latest\n', ''), 'a job without runs-on', /"runs-on" section is missing in job "gate"/],
    [broken(example, '${{ github.token }}', '${{ github.tokn }}'), 'an unknown context property', /property "tokn" is not defined/],
  ];
  for (const [workflow, what, message] of cases) {
    const r = await lint(t, workflow);
    assert.equal(r.exitCode, 1, `${what}: ${r.output}`);
    assert.match(r.output, message, what);
  }
});
