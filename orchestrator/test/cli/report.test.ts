import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { makeRun, tempRunDir } from '../fixtures/runs/make-run.ts';

test('report regenerates md, html and junit from verdict.json, exit 0', { timeout: 60_000 }, async () => {
  const dir = await tempRunDir();
  try {
    await makeRun(dir, (i) => 3000 + i);
    await unlink(join(dir, 'report.html'));
    await unlink(join(dir, 'junit.xml'));
    const r = await runCli(['report', dir]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /verdict: FAIL \(exit 1\) — chat: chat_turn_duration p\(95\)<2000 observed/);
    assert.ok((await stat(join(dir, 'report.html'))).size > 0);
    assert.match(await readFile(join(dir, 'junit.xml'), 'utf8'), /<failure/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('report on a missing directory or a corrupt verdict.json: one line, exit 2', { timeout: 60_000 }, async () => {
  const missing = await runCli(['report', '/nonexistent/run']);
  assert.equal(missing.exitCode, 2);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.match(missing.stderr, /\/nonexistent\/run/);
  const dir = await tempRunDir();
  try {
    await writeFile(join(dir, 'verdict.json'), '{"schemaVersion": 1, "runId": ');
    const corrupt = await runCli(['report', dir]);
    assert.equal(corrupt.exitCode, 2);
    assert.equal(corrupt.stderr.trim().split('\n').length, 1);
    assert.match(corrupt.stderr, /verdict\.json: not valid JSON/);
    await writeFile(join(dir, 'verdict.json'), '{"schemaVersion": 1}');
    const wrong = await runCli(['report', dir]);
    assert.equal(wrong.exitCode, 2);
    assert.match(wrong.stderr, /not a loadgate verdict/);
    const none = await runCli(['report']);
    assert.equal(none.exitCode, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
