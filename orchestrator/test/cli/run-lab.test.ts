// test-needs: lab
/**
 * `loadgate run` starts the lab whenever the inventory is the lab's and the lab is not answering on every
 * endpoint the run contacts — the cross-vm probe alone included, whose run has no preflight endpoints (before,
 * that empty list "answered", the run said "already running, reusing it" and every check failed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';

test('--scenario cross-vm alone starts the lab and PASSes', { timeout: 120_000 }, async (t) => {
  const results = await mkdtemp(join(tmpdir(), 'loadgate-run-lab-'));
  t.after(() => rm(results, { recursive: true, force: true }));
  const r = await runCli(['run', '--profile', 'smoke', '--scenario', 'cross-vm', '--results-dir', results], { timeout: 110_000 });
  assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /lab: starting/);
  assert.doesNotMatch(r.stderr, /already running/);
  assert.match(r.stdout, /verdict: PASS/);
  const runDir = (await readdir(results)).find((e) => e !== 'latest') ?? '';
  const verdict: unknown = JSON.parse(await readFile(join(results, runDir, 'verdict.json'), 'utf8'));
  assert.ok(typeof verdict === 'object' && verdict !== null && 'status' in verdict);
  assert.equal(verdict.status, 'PASS');
});
