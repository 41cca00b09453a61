// test-needs: lab
/**
 * The terminal as a person sees it: `loadgate run` under a pseudo-terminal (util-linux `script`), its
 * transcript stripped of escape codes and cut into the frames the board drew — and the same run without a
 * terminal: plain lines only, not one escape code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { projectPath } from '../../src/paths.ts';
import { runCli } from '../helpers/cli.ts';

// eslint-disable-next-line no-control-regex
const ESC = /\x1b\[[0-9;?]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex
const REDRAW = /\r\x1b\[(?:\d+A)?\x1b\[J/;
const RUN = ['run', '--profile', 'smoke', '--scenario', 'chat,redis'];

/** `loadgate run …` under a pseudo-terminal (util-linux `script`): the frames the board drew, escape codes stripped. */
async function underTty(args: readonly string[], results: string): Promise<{ raw: string; frames: string[] }> {
  const transcript = join(results, 'transcript');
  const command = [process.execPath, projectPath('orchestrator/bin/loadgate.js'), ...args, '--results-dir', results]
    .map((a) => `'${a}'`)
    .join(' ');
  const r = await execa('script', ['-qfec', command, transcript], {
    reject: false,
    timeout: 170_000,
    env: { LOADGATE_LOOPBACK_ONLY: '1', CI: 'false', COLUMNS: '160', TERM: 'xterm' },
  });
  assert.ok(r.exitCode === 0 || r.exitCode === 1, `exit ${r.exitCode}: ${String(r.stdout)}`);
  const raw = await readFile(transcript, 'utf8');
  return { raw, frames: raw.split(REDRAW).map((f) => f.replace(ESC, '').replace(/\r/g, '')) };
}

test('on a TTY each running scenario is one redrawn line: bar, elapsed/total, VUs, rate, errors, p95', { timeout: 180_000 }, async (t) => {
  const results = await mkdtemp(join(tmpdir(), 'loadgate-tty-'));
  t.after(() => rm(results, { recursive: true, force: true }));
  const { raw, frames } = await underTty(RUN, results);
  // The last frame the board drew for chat, before its end line: the bar, 5 s planned, k6's figures — the
  // requests/s, failures and p95 so far from k6's REST API.
  const chat = frames.flatMap((f) => f.split('\n')).filter((l) => l.startsWith('k6 chat ['));
  const last = chat.at(-1) ?? assert.fail(`no chat row in:\n${frames.join('\n---\n')}`);
  assert.match(last, /^k6 chat \[[#-]{20}\] +\d+% 00:0\d\/00:05 iterations \d+ VUs \d+\/5 [\d.]+ req\/s errors \d+ p95 \d+ ms$/);
  assert.ok(chat.length >= 2, `redrawn, not printed once: ${chat.length} frames`);
  // The probe has its row too while it runs: time so far (it is planned in operations, not seconds).
  assert.ok(
    frames.some((f) => /^probe redis \d\d:\d\d\/\? /m.test(f)),
    'a row for the probe',
  );
  assert.match(raw.replace(ESC, ''), /verdict: (PASS|FAIL)/);
});

test('without a TTY the run prints plain lines only: no escape code, no per-second progress', { timeout: 180_000 }, async (t) => {
  const results = await mkdtemp(join(tmpdir(), 'loadgate-notty-'));
  t.after(() => rm(results, { recursive: true, force: true }));
  const r = await runCli([...RUN, '--results-dir', results], { timeout: 170_000 });
  assert.ok(r.exitCode === 0 || r.exitCode === 1, `${r.stdout}\n${r.stderr}`);
  assert.ok(!(r.stderr + r.stdout).includes('\x1b'), 'no escape code');
  assert.match(r.stderr, /k6 chat: started/);
  assert.doesNotMatch(r.stderr, /k6 chat \[/);
});

test('on a TTY a scenario over generators is one row too: VUs summed, p95 a bound over the generators', { timeout: 180_000 }, async (t) => {
  const results = await mkdtemp(join(tmpdir(), 'loadgate-tty-gen-'));
  t.after(() => rm(results, { recursive: true, force: true }));
  const { raw, frames } = await underTty(['run', '--profile', 'smoke', '--scenario', 'chat', '--generators', '2'], results);
  const rows = frames.flatMap((f) => f.split('\n')).filter((l) => l.startsWith('k6 chat ×2 ['));
  const last = rows.at(-1) ?? assert.fail(`no distributed chat row in:\n${frames.join('\n---\n')}`);
  // smoke's chat: 5 VUs over two generators (3 + 2); the row's clock starts at the resume.
  assert.match(last, /^k6 chat ×2 \[[#-]{20}\] +\d+% 00:0\d\/00:05 iterations \d+ VUs \d\/5 [\d.]+ req\/s errors \d+ p95 ≤\d+ ms$/);
  assert.doesNotMatch(raw, /VUs running/, 'the board replaces the 5-second progress lines');
  assert.match(raw.replace(ESC, ''), /verdict: (PASS|FAIL)/);
});
