import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { makeRun, tempRunDir } from '../fixtures/runs/make-run.ts';

test('compare: a significant p95 regression exits 1 naming it; the same run exits 0', { timeout: 60_000 }, async () => {
  const a = await tempRunDir();
  const b = await tempRunDir();
  try {
    await makeRun(a, (i) => 100 + (i % 50));
    await makeRun(b, (i) => 150 + (i % 50));
    const worse = await runCli(['compare', a, join(b, 'verdict.json')]);
    assert.equal(worse.exitCode, 1, worse.stderr);
    assert.match(worse.stdout, /chat {2}chat_turn_duration {2}p95 .* regression/);
    // Both the turn latency and the underlying request latency got 50 ms slower: two regressions.
    assert.match(worse.stdout, /chat {2}http_req_duration {2}p95 .*p<0\.001\) {2}regression/);
    assert.match(worse.stdout, /compare: FAIL \(exit 1\) — 2 significant regression\(s\)/);
    const same = await runCli(['compare', a, a]);
    assert.equal(same.exitCode, 0, same.stderr);
    assert.match(same.stdout, /compare: PASS \(exit 0\)/);
    const bad = await runCli(['compare', a, '/nonexistent']);
    assert.equal(bad.exitCode, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    const flag = await runCli(['compare', a, b, '--min-effect', 'lots']);
    assert.equal(flag.exitCode, 2);
  } finally {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  }
});
