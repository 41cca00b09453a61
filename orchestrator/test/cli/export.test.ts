/**
 * `loadgate export k8s` and `loadgate verdict` as a user meets them: exit codes and one-line messages; no
 * secret value in any file written (the archives included); the loopback guard as for run; a runner that left
 * no file or a cut-off one makes the verdict INVALID, naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../helpers/cli.ts';

const SECRET = 'cli-export-secret-51e0b2';

async function tmp(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'loadgate-export-cli-'));
  t.after(() => rm(d, { recursive: true, force: true }));
  return d;
}

test('export k8s: every k6 scenario of smoke; no file (nor archive) holds the API key', { timeout: 120_000 }, async (t) => {
  const out = join(await tmp(t), 'm');
  const r = await runCli(['export', 'k8s', '--profile', 'smoke', '--parallelism', '1', '--namespace', 'load', '--out', out], {
    env: { AFIRGEN_API_KEY: SECRET },
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stderr, /redis is a loadgate probe, not a k6 scenario: not exported/);
  const files = await readdir(out, { recursive: true });
  assert.ok(files.includes('fir-single.yaml') && files.includes('loadgate-plan.json'), files.join(' '));
  for (const f of files.filter((n) => n.includes('.'))) {
    const bytes = await readFile(join(out, f));
    assert.ok(!bytes.includes(SECRET), `${f} holds the secret`);
    // The archives ride base64-encoded in the ConfigMaps: decode and look inside too.
    for (const m of bytes.toString('utf8').matchAll(/archive\.tar: (\S+)/g))
      assert.ok(!Buffer.from(m[1] ?? '', 'base64').includes(SECRET), `${f}: the archive holds the secret`);
  }
});

test('export k8s: the loopback guard refuses vm-inventory.yaml as run does (exit 2, nothing written)', { timeout: 60_000 }, async (t) => {
  const out = join(await tmp(t), 'm');
  const r = await runCli([
    'export',
    'k8s',
    '--inventory',
    'vm-inventory.yaml',
    '--profile',
    'smoke',
    '--scenario',
    'chat',
    '--parallelism',
    '2',
    '--namespace',
    'load',
    '--out',
    out,
  ]);
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /172\.16\.\d+\.\d+ .*not a loopback address; LOADGATE_LOOPBACK_ONLY=1 refuses/);
  await assert.rejects(readdir(out));
});

test('export k8s: bad flags are one-line usage errors (exit 2)', { timeout: 60_000 }, async (t) => {
  const out = join(await tmp(t), 'm');
  const cases: Array<[string[], RegExp]> = [
    [
      ['--parallelism', '2', '--namespace', 'load', '--out', out, '--scenario', 'fir-single'],
      /--parallelism 2 exceeds scenario fir-single's 1 VU/,
    ],
    [['--parallelism', '0', '--namespace', 'load', '--out', out], /--parallelism '0' is not a whole number/],
    [['--parallelism', '1', '--out', out], /--namespace is required/],
    [['--parallelism', '1', '--namespace', 'Bad_NS', '--out', out], /--namespace 'Bad_NS' is not a Kubernetes namespace name/],
  ];
  for (const [flags, message] of cases) {
    const r = await runCli(['export', 'k8s', '--profile', 'smoke', ...flags]);
    assert.equal(r.exitCode, 2, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

const point = (metric: string, i: number, t: number): string =>
  JSON.stringify({
    type: 'Point',
    metric,
    data: {
      time: new Date(Date.UTC(2026, 0, 1, 0, 0, t)).toISOString(),
      value: 1,
      tags: { instance_id: String(i), testrun_name: 'chat-x' },
    },
  });

test('verdict: a runner with no file, or a cut-off file, makes the scenario INVALID, naming it', { timeout: 120_000 }, async (t) => {
  const d = await tmp(t);
  const out = join(d, 'm');
  const exported = await runCli([
    'export',
    'k8s',
    '--profile',
    'smoke',
    '--scenario',
    'chat',
    '--parallelism',
    '2',
    '--namespace',
    'load',
    '--out',
    out,
  ]);
  assert.equal(exported.exitCode, 0, exported.stderr);
  const planText = await readFile(join(out, 'loadgate-plan.json'), 'utf8');
  const runId = /"runId": "([^"]+)"/.exec(planText)?.[1] ?? '';
  const scenarioDir = join(d, 'volume', runId, 'chat');
  await mkdir(scenarioDir, { recursive: true });
  const lines = (i: number): string => Array.from({ length: 50 }, (_, k) => point('http_reqs', i, k)).join('\n') + '\n';
  await writeFile(join(scenarioDir, 'chat-x-1-abcde.json.gz'), gzipSync(lines(1)));

  const missing = await runCli(['verdict', '--plan', join(out, 'loadgate-plan.json'), '--samples', join(d, 'volume')]);
  assert.equal(missing.exitCode, 4, `${missing.stdout}\n${missing.stderr}`);
  const verdict1 = await readFile(join(scenarioDir, '..', 'verdict.json'), 'utf8');
  assert.match(verdict1, /runner chat-\w+\/2 \(instance_id 2 of 2\) left no sample file/);

  const whole = gzipSync(lines(2));
  await writeFile(join(scenarioDir, 'chat-x-2-fghij.json.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
  const cut = await runCli(['verdict', '--plan', join(out, 'loadgate-plan.json'), '--samples', join(d, 'volume')]);
  assert.equal(cut.exitCode, 4, `${cut.stdout}\n${cut.stderr}`);
  const verdict2 = await readFile(join(scenarioDir, '..', 'verdict.json'), 'utf8');
  assert.match(verdict2, /runner chat-x\/2: chat\/chat-x-2-fghij\.json\.gz was cut off: its \d+ complete line\(s\) were kept/);
  assert.doesNotMatch(verdict2, /left no sample file/);
});

test('verdict: a file that is not a loadgate-plan.json is a one-line error (exit 2)', async (t) => {
  const d = await tmp(t);
  await writeFile(join(d, 'loadgate-plan.json'), '{"kind":"something-else"}');
  const r = await runCli(['verdict', '--plan', join(d, 'loadgate-plan.json'), '--samples', d]);
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /not a loadgate-plan\.json/);
  const none = await runCli(['verdict', '--samples', d]);
  assert.equal(none.exitCode, 2);
  assert.match(none.stderr, /--plan and --samples are required/);
});
