import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.ts';

test('no command prints help and exits 0', async () => {
  const r = await runCli([]);
  assert.equal(r.exitCode, 0);
  assert.match(r.stdout, /usage: loadgate <command>/);
  assert.match(r.stdout, /doctor/);
});

test('an unknown command: one line naming it, a hint, exit 2', async () => {
  const r = await runCli(['frobnicate']);
  assert.equal(r.exitCode, 2);
  assert.equal(r.stderr.trim(), "loadgate: unknown command 'frobnicate' (try 'loadgate help')");
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
});

test('an unknown flag: one line naming it and the usage, exit 2', async () => {
  const r = await runCli(['doctor', '--frob']);
  assert.equal(r.exitCode, 2);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /unknown flag '--frob'.*usage: loadgate doctor/);
});

test('doctor finds the pinned k6 after make setup', async () => {
  const r = await runCli(['doctor']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^k6\s+v2\.\d+\.\d+\s+\S+\/\.tools\/bin\/k6/m);
  assert.match(r.stdout, /^redis-server\s+\d+\.\d+\.\d+/m);
});

test('doctor names what is missing and exits 2', async () => {
  const r = await runCli(['doctor'], { env: { LOADGATE_K6: '/nonexistent/k6', PATH: '/usr/bin:/bin' } });
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /loadgate doctor: k6: run 'make setup'/);
});

test('loadgate lab checks its flags with the lab’s own parser: one line naming the flag, exit 2, nothing started', async () => {
  for (const [args, message] of [
    [['--seed', '1.5'], /--seed: '1\.5' is not a non-negative integer/],
    [['--control-port', '70000'], /--control-port: must be at most 65535/],
    [['--time-scale', 'fast'], /--time-scale: 'fast' is not a non-negative number/],
  ] as const) {
    const r = await runCli(['lab', ...args]);
    assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0] ?? '', message);
    assert.equal(r.stdout, '', 'no ready line: no lab was started');
  }
});
