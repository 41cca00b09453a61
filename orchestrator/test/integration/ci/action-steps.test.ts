// test-needs: lab
/**
 * The composite action's own shell steps, run as GitHub would run them (`bash --noprofile --norc -eo pipefail`,
 * each step with its own GITHUB_OUTPUT file, one GITHUB_STEP_SUMMARY, a temp GITHUB_WORKSPACE) against the lab
 * with a smoke-sized run. Steps that `uses:` another action (setup-node, setup-go, cache, upload-artifact) are
 * skipped here and the test names them; the `${{ }}` expressions this test can evaluate are inputs.*,
 * steps.<id>.outputs.* and github.action_path; any other makes it fail, so a new one gets handled here first.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { projectPath } from '../../../src/paths.ts';
import { isRecord } from '../../../src/is-record.ts';

interface Step {
  name: string;
  id?: string;
  run?: string;
  uses?: string;
  if?: string;
  env: Record<string, string>;
}

interface Action {
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  steps: Step[];
}

const str = (x: unknown, what: string): string => {
  assert.equal(typeof x, 'string', `action.yml: ${what} is not a string`);
  return String(x);
};

/** action.yml, parsed and checked into the few fields this test uses. */
async function loadAction(): Promise<Action> {
  const doc: unknown = parse(await readFile(projectPath('action.yml'), 'utf8'));
  assert.ok(isRecord(doc) && isRecord(doc['inputs']) && isRecord(doc['outputs']) && isRecord(doc['runs']), 'action.yml: shape');
  assert.equal(doc['runs']['using'], 'composite');
  const rawSteps = doc['runs']['steps'];
  assert.ok(Array.isArray(rawSteps), 'action.yml: runs.steps');
  const inputs = Object.fromEntries(
    Object.entries(doc['inputs']).map(([k, v]) => [
      k,
      isRecord(v) && v['default'] !== undefined ? str(v['default'], `inputs.${k}.default`) : '',
    ]),
  );
  const outputs = Object.fromEntries(
    Object.entries(doc['outputs']).map(([k, v]) => [k, str(isRecord(v) ? v['value'] : undefined, `outputs.${k}.value`)]),
  );
  const steps = rawSteps.map((s: unknown, i): Step => {
    assert.ok(isRecord(s), `action.yml: step ${i}`);
    const env = isRecord(s['env']) ? Object.fromEntries(Object.entries(s['env']).map(([k, v]) => [k, str(v, `step ${i} env.${k}`)])) : {};
    const step: Step = { name: str(s['name'] ?? s['id'] ?? `step ${i}`, `step ${i} name`), env };
    if (s['id'] !== undefined) step.id = str(s['id'], `step ${i} id`);
    if (s['run'] !== undefined) {
      step.run = str(s['run'], `step ${i} run`);
      assert.equal(s['shell'], 'bash', `${step.name}: shell`);
    }
    if (s['uses'] !== undefined) step.uses = str(s['uses'], `step ${i} uses`);
    if (s['if'] !== undefined) step.if = str(s['if'], `step ${i} if`);
    return step;
  });
  return { inputs, outputs, steps };
}

/** Evaluates the `${{ }}` expressions the action's env and outputs use; anything else fails the test. */
function evaluate(text: string, ctx: { inputs: Record<string, string>; steps: Map<string, Record<string, string>> }): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.action_path') return projectPath();
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input?.[1] !== undefined) {
      assert.ok(input[1] in ctx.inputs, `no input ${input[1]}`);
      return ctx.inputs[input[1]] ?? '';
    }
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (output?.[1] !== undefined && output[2] !== undefined) return ctx.steps.get(output[1])?.[output[2]] ?? '';
    return assert.fail(`this test cannot evaluate \${{ ${expr} }}: teach it, or keep the action to the expressions it knows`);
  });
}

/** GITHUB_OUTPUT's `name=value` lines (the action writes no multi-line values). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const eq = line.indexOf('=');
    assert.ok(eq > 0 && !line.includes('<<'), `GITHUB_OUTPUT line not name=value: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

interface ActionRun {
  outputs: Record<string, string>;
  summary: string;
  skipped: string[];
  /** The last step's exit code: what the action's step reports to the job. */
  exitCode: number | undefined;
  log: string;
  workspace: string;
}

async function runAction(t: TestContext, given: Record<string, string>): Promise<ActionRun> {
  const action = await loadAction();
  const workspace = await mkdtemp(join(tmpdir(), 'loadgate-action-'));
  t.after(() => rm(workspace, { recursive: true, force: true }));
  const summaryFile = join(workspace, '..', `${workspace.split('/').pop() ?? 'ws'}-step-summary.md`);
  t.after(() => rm(summaryFile, { force: true }));
  await writeFile(summaryFile, '');
  const ctx = { inputs: { ...action.inputs, ...given }, steps: new Map<string, Record<string, string>>() };
  const skipped: string[] = [];
  let exitCode: number | undefined;
  let log = '';
  for (const [i, step] of action.steps.entries()) {
    if (step.run === undefined) {
      skipped.push(`${step.name} (uses: ${step.uses ?? '?'})`);
      continue;
    }
    assert.equal(step.if, undefined, `${step.name}: this test does not evaluate 'if:' on run steps`);
    const outputFile = join(workspace, `.github-output-${i}`);
    await writeFile(outputFile, '');
    const env = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, evaluate(v, ctx)]));
    const r = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: workspace,
      reject: false,
      timeout: 200_000,
      stdin: 'ignore',
      env: {
        ...env,
        PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
        // A runner has a home directory; k6 refuses to start without one.
        HOME: process.env['HOME'] ?? workspace,
        CI: 'true',
        LOADGATE_LOOPBACK_ONLY: '1',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_ACTION_PATH: projectPath(),
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: workspace,
      },
      extendEnv: false,
    });
    log += `--- ${step.name} (exit ${r.exitCode})\n${String(r.stdout)}\n${String(r.stderr)}\n`;
    exitCode = r.exitCode;
    if (step.id !== undefined) ctx.steps.set(step.id, parseOutputs(await readFile(outputFile, 'utf8')));
    // The last step is the gate: it is meant to fail with loadgate's code. Any other failure ends the action.
    if (r.exitCode !== 0 && i < action.steps.length - 1) assert.fail(`step '${step.name}' failed:\n${log}`);
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, evaluate(v, ctx)]));
  return { outputs, summary: await readFile(summaryFile, 'utf8'), skipped, exitCode, log, workspace };
}

const SKIPPED = [
  'Node.js (uses: actions/setup-node@v4)',
  'Go (builds k6 on a cache miss) (uses: actions/setup-go@v5)',
  'Cache k6 (built from the Go module proxy) (uses: actions/cache@v4)',
  'Cache npm downloads (uses: actions/cache@v4)',
  'Upload the run directory (uses: actions/upload-artifact@v4)',
];

describe('action.yml shell steps', { concurrency: 1 }, () => {
  test('a smoke run against the lab: outputs and job summary as docs/ci.md documents them', { timeout: 300_000 }, async (t) => {
    const r = await runAction(t, { profile: 'smoke', scenarios: 'chat,redis', 'fail-on': 'fail,error' });
    t.diagnostic(`skipped (they use other actions): ${r.skipped.join('; ')}`);
    assert.deepEqual(r.skipped, SKIPPED);
    assert.equal(r.exitCode, 0, r.log);
    assert.equal(r.outputs['status'], 'PASS', r.log);
    assert.equal(r.outputs['exit-code'], '0');
    const runDir = r.outputs['run-dir'] ?? '';
    assert.ok(runDir.startsWith(join(r.workspace, 'loadgate-results') + '/'), runDir);
    assert.equal(r.outputs['verdict'], join(runDir, 'verdict.json'));
    const verdict: unknown = JSON.parse(await readFile(r.outputs['verdict'] ?? '', 'utf8'));
    assert.ok(isRecord(verdict) && verdict['status'] === 'PASS' && isRecord(verdict['gate']), 'verdict.json');
    assert.deepEqual(verdict['gate'], { failOn: ['fail', 'error'], exitCode: 0 });
    assert.ok((await stat(join(runDir, 'junit.xml'))).isFile());
    // The job summary is summary.md, appended once.
    assert.equal(r.summary, await readFile(join(runDir, 'summary.md'), 'utf8'));
    assert.match(r.summary, /^### loadgate: PASS \(exit 0\)$/m);
    assert.match(r.summary, /^Gate policy: `--fail-on fail,error`\.$/m);
    assert.match(r.summary, /^\| chat \| PASSED \|/m);
    assert.match(r.summary, /^\| redis \| PASSED \|/m);
    assert.match(r.log, /--- Gate \(exit 0\)\nloadgate: PASS, exit 0/);
  });

  test('loadgate stops before a verdict (a policy naming a status it cannot produce): status none, exit 2, said in the summary', async (t) => {
    const r = await runAction(t, { profile: 'smoke', 'fail-on': 'passed' });
    assert.equal(r.exitCode, 2, r.log);
    assert.deepEqual(r.outputs, { status: 'none', 'exit-code': '2', verdict: '', 'run-dir': '' });
    assert.match(r.summary, /^### loadgate: no verdict \(exit 2\)$/m);
    assert.match(r.log, /--fail-on: 'passed' is not a status loadgate produces/);
  });
});
