/** The Retry-After cap must fit within its scenario (config/retry-cap.ts): derived when unset, refused when too long. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblem } from '../../../src/errors.ts';
import { retryCap } from '../../../src/config/retry-cap.ts';
import { copyConfig, problemsOf, realOptions, realPlan } from './fixture.ts';

const capOf = async (profile: string, id: string, set: string[] = []): Promise<unknown> =>
  (await realPlan({ profile, set })).scenarios.find((s) => s.id === id)?.params['retryMaxWaitMs'];

test('unset, the cap is AFIRGen 60 s window, at most half the scenario: smoke fir-single (40 s) waits at most 20 s', async () => {
  assert.equal(await capOf('smoke', 'fir-single'), 20_000);
  assert.equal(await capOf('load', 'fir-single'), 30_000, '60 s scenario');
  assert.equal(await capOf('stress', 'fir-concurrency-20'), 60_000, '150 s scenario: the whole window');
  assert.equal(await capOf('smoke', 'fir-single', ['fir-single.params.retryMaxWaitMs=40000']), 40_000, 'an explicit cap that fits is kept');
  assert.deepEqual(retryCap(undefined, 1999, { profile: 'p', scenario: 's' }), { ok: true, ms: 999 });
});

test('set longer than the scenario (--set): exit-2 problem naming the profile, the scenario and both values', async () => {
  const problems = await problemsOf(realOptions({ profile: 'smoke', set: ['fir-single.params.retryMaxWaitMs=60000'] }));
  assert.equal(problems.length, 1, problems.map(formatProblem).join('\n'));
  assert.match(
    problems[0]?.message ?? '',
    /^--set fir-single\.params\.retryMaxWaitMs=60000: profile smoke, scenario fir-single: retryMaxWaitMs 60000 ms does not fit within the scenario's max duration of 40000 ms: lower retryMaxWaitMs or lengthen the scenario$/,
  );
});

test('set longer than the scenario in the profile file: located at file:line:col of the value', async () => {
  const c = await copyConfig();
  try {
    await c.edit(c.profilesFile, (t) => t.replace('params: { textLength: 200 }', 'params: { textLength: 200, retryMaxWaitMs: 45000 }'));
    const problems = await problemsOf(c.options({ profile: 'smoke' }));
    const p = problems.find((x) => /retryMaxWaitMs 45000 ms does not fit/.test(x.message));
    assert.ok(p, problems.map(formatProblem).join('\n'));
    assert.equal(p.file, c.profilesFile);
    assert.match(p.path, /\/profiles\/smoke\/scenarios\/0\/params\/retryMaxWaitMs$/);
    assert.ok(p.line > 1 && p.col > 1, `${p.line}:${p.col}`);
  } finally {
    await c.cleanup();
  }
});
