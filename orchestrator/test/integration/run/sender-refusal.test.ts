/**
 * A sender that refuses a target after preflight has connected (here the canary, whose URL a crafted plan
 * points at an RFC 5737 documentation address the guard refuses): the run still ends with a verdict.json,
 * ERROR naming the refusal, and no message claims "nothing was sent" — preflight did connect. Before, the
 * refusal escaped the pipeline as exit 2 "nothing was sent" and no verdict was written. The refused address is
 * never contacted (the guard refuses before any socket); the target is a loopback server the test starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../../src/exit-codes.ts';
import type { RunPlan } from '../../../src/plan/types.ts';
import { afirgenInventory } from '../../helpers/inventory.ts';
import { runCollectingLines } from '../../helpers/run-in-process.ts';
import { startServer } from '../../helpers/server.ts';
import { realPlan } from '../../unit/config/fixture.ts';

test(
  'the canary refusing after preflight connected: ERROR with a verdict.json, not "nothing was sent"',
  { timeout: 120_000 },
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-refusal-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const target = await startServer((_req, res) => res.end('{"status":"healthy"}'));
    t.after(() => target.close());
    const env = { ...process.env, LOADGATE_LOOPBACK_ONLY: '1', AFIRGEN_API_KEY: 'refusal-test-key' };
    const planned = await realPlan({
      inventory: await afirgenInventory(dir, target.port),
      profile: 'smoke',
      scenarios: ['fir-single'],
      env,
      forRun: true,
    });
    const plan: RunPlan = {
      ...planned,
      scenarios: planned.scenarios.map((s) =>
        s.engine === 'k6' && s.canary ? { ...s, canary: { ...s.canary, url: 'http://192.0.2.1:8000/health' } } : s,
      ),
    };
    assert.ok(
      plan.scenarios.some((s) => s.engine === 'k6' && s.canary?.url.startsWith('http://192.0.2.1')),
      'the plan has a canary',
    );
    const results = join(dir, 'results');
    const r = await runCollectingLines(plan, results, env);
    const { lines } = r;
    assert.equal(r.exitCode, EXIT.ERROR, lines.join('\n'));
    assert.equal(r.verdict.status, 'ERROR');
    const verdictText = await readFile(join(r.runDir, 'verdict.json'), 'utf8');
    const reason =
      'canary: non-loopback target 192.0.2.1 refused by LOADGATE_LOOPBACK_ONLY=1; ' +
      "the scenario was not started (preflight had already connected to the run's targets)";
    assert.ok(
      r.verdict.reasons.some((x) => x.includes(reason)),
      r.verdict.reasons.join('\n'),
    );
    assert.ok(verdictText.includes(reason), 'verdict.json names the refusal');
    for (const text of [verdictText, lines.join('\n')]) assert.doesNotMatch(text, /nothing was sent/);
    // k6 never started: the target got preflight's TCP connect only, no HTTP request.
    assert.equal(target.requests, 0);
    assert.deepEqual((await readdir(results)).filter((e) => e !== 'latest').length, 1);
  },
);
