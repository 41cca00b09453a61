/**
 * docs/ci/gitlab-ci.yml: valid YAML with the shape GitLab reads (a stage, rules for merge requests and main,
 * artifacts:reports:junit where loadgate writes junit.xml), every `loadgate run` flag it passes exists, each
 * gate policy it sets parses, and its cache keys name files that exist. (GitLab itself is not run here:
 * docs/ci.md says how far gitlab-ci-local gets on this machine.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { projectPath } from '../../../src/paths.ts';
import { run } from '../../../src/cli/commands/run.ts';
import { parseFailOn } from '../../../src/verdict/gate.ts';
import { isRecord } from '../../../src/is-record.ts';

async function template(): Promise<{ doc: Record<string, unknown>; job: Record<string, unknown>; text: string }> {
  const text = await readFile(projectPath('docs', 'ci', 'gitlab-ci.yml'), 'utf8');
  const doc: unknown = parse(text, { prettyErrors: true, strict: true, uniqueKeys: true });
  assert.ok(isRecord(doc), 'a mapping at the top');
  const job = doc['load-gate'];
  assert.ok(isRecord(job), 'a load-gate job');
  return { doc, job, text };
}

test('the GitLab template is valid YAML: a stage, a job in it, junit.xml as the junit report, artifacts always kept', async () => {
  const { doc, job } = await template();
  assert.deepEqual(doc['stages'], ['gate']);
  assert.equal(job['stage'], 'gate');
  const artifacts = job['artifacts'];
  assert.ok(isRecord(artifacts) && isRecord(artifacts['reports']), 'artifacts:reports');
  assert.equal(artifacts['when'], 'always', 'a failing gate still keeps its run directory');
  assert.equal(artifacts['reports']['junit'], '$LOADGATE_RESULTS/*/junit.xml');
  assert.deepEqual(artifacts['paths'], ['$LOADGATE_RESULTS/']);
});

test('merge requests and main each set a gate policy loadgate accepts; main is strict', async () => {
  const { job } = await template();
  const rules = job['rules'];
  assert.ok(Array.isArray(rules) && rules.length === 2, 'two rules');
  const policy = (i: number): string => {
    const r: unknown = rules[i];
    assert.ok(isRecord(r) && isRecord(r['variables']), `rule ${i}`);
    return String(r['variables']['LOADGATE_FAIL_ON']);
  };
  assert.deepEqual(parseFailOn(policy(0)), ['fail', 'invalid', 'error']);
  assert.deepEqual(parseFailOn(policy(1)), ['fail', 'invalid', 'error', 'inconclusive']);
});

test("every loadgate run flag the template passes is one of run's flags, and its cache keys name real files", async () => {
  const { job, text } = await template();
  const script = job['script'];
  assert.ok(Array.isArray(script), 'script');
  const flags = [...String(script.join('\n')).matchAll(/ --([a-z-]+)/g)].map((m) => m[1] ?? '');
  const used = new Set(flags.filter((f) => !['header'].includes(f)));
  assert.ok(used.size >= 5, [...used].join(','));
  for (const f of used) assert.ok(f in run.flags, `--${f} is not a loadgate run flag`);
  for (const file of [...text.matchAll(/files: \[([^\]]+)\]/g)].flatMap((m) => (m[1] ?? '').split(',').map((x) => x.trim())))
    await access(projectPath(file));
});
