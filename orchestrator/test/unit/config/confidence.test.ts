/**
 * Where a criterion's confidence level comes from (criterion > file > 0.95; a profile's `none` over all), and
 * the rules that keep a gating profile from switching the bounds off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblem, type ConfigProblem } from '../../../src/errors.ts';
import { copyConfig, problemsOf, realPlan } from './fixture.ts';
import { loadPlan } from '../../../src/config/load.ts';

const levels = (plan: Awaited<ReturnType<typeof realPlan>>, id: string): Array<number | null> =>
  plan.scenarios.find((s) => s.id === id)?.criteria.map((c) => c.confidence) ?? [];

test('the gating profiles decide every criterion at 0.95; smoke by its point values', async () => {
  for (const profile of ['load', 'stress', 'soak']) {
    const plan = await realPlan({ profile, env: {} });
    for (const s of plan.scenarios)
      assert.ok(
        levels(plan, s.id).every((l) => l === 0.95),
        `${profile}/${s.id}`,
      );
  }
  const smoke = await realPlan({ profile: 'smoke', env: {} });
  for (const s of smoke.scenarios)
    assert.ok(
      levels(smoke, s.id).every((l) => l === null),
      `smoke/${s.id}`,
    );
});

test('a criterion overrides its file, the file overrides the default', async () => {
  const c = await copyConfig();
  try {
    await c.edit(`${c.thresholdsDir}/chat.yaml`, (t) =>
      t
        .replace('scenario: chat\n', 'scenario: chat\nconfidence: 0.99\n')
        .replace('    expression: rate<0.01\n', '    expression: rate<0.01\n    confidence: none\n'),
    );
    const plan = await loadPlan(c.options());
    const chat = plan.scenarios.find((s) => s.id === 'chat');
    const by = new Map(chat?.criteria.map((k) => [k.expression, k.confidence]));
    assert.equal(by.get('p(95)<2000'), 0.99);
    assert.equal(by.get('rate<0.01'), null);
  } finally {
    await c.cleanup();
  }
});

async function profileProblems(change: (text: string) => string): Promise<ConfigProblem[]> {
  const c = await copyConfig();
  try {
    await c.edit(c.profilesFile, change);
    return await problemsOf(c.options());
  } finally {
    await c.cleanup();
  }
}

test('load may not switch confidence off', async () => {
  const problems = await profileProblems((t) => t.replace('  load:\n    description:', '  load:\n    confidence: none\n    description:'));
  const hit = problems.find((p) => /gates a merge/.test(p.message));
  assert.ok(hit, problems.map(formatProblem).join('\n'));
  assert.equal(hit.path, '/profiles/load/confidence');
  assert.ok(hit.line > 1);
});

test('a profile that switches confidence off must say so in its description', async () => {
  const problems = await profileProblems((t) => t.replace(/( {2}smoke:\n {4}description: )[^\n]*/, '$1tiny and quick'));
  const hit = problems.find((p) => /description must say/.test(p.message));
  assert.ok(hit, problems.map(formatProblem).join('\n'));
  assert.equal(hit.path, '/profiles/smoke/description');
});

test('a confidence level other than 0.95, 0.99 or none is a schema error naming the field', async () => {
  const c = await copyConfig();
  try {
    await c.edit(`${c.thresholdsDir}/chat.yaml`, (t) => t.replace('scenario: chat\n', 'scenario: chat\nconfidence: 0.9\n'));
    const problems = await problemsOf(c.options());
    assert.ok(
      problems.some((p) => p.path === '/confidence' && p.file.endsWith('chat.yaml')),
      problems.map(formatProblem).join('\n'),
    );
  } finally {
    await c.cleanup();
  }
});
