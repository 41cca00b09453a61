import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { generatorConfig, type GeneratorConfig } from '../helpers/generators.ts';

/** plan / validate / run over a configuration whose inventory has three generators on 127.0.0.31–33. */
async function withGenerators(
  run: (c: GeneratorConfig, cli: (args: string[]) => ReturnType<typeof runCli>) => Promise<void>,
): Promise<void> {
  const c = await generatorConfig();
  const files = ['--inventory', c.inventory, '--thresholds', c.thresholdsDir, '--profiles', c.profilesFile];
  try {
    await run(c, ([command = 'plan', ...rest]) => runCli([command, ...files, ...rest]));
  } finally {
    await c.cleanup();
  }
}

/** Exit 2 with exactly one located line, no stack trace. */
function oneLine(r: { exitCode: number; stderr: string }, expect: RegExp): void {
  assert.equal(r.exitCode, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0] ?? '', expect);
}

test('plan: each generator’s segment and load per k6 scenario, text and JSON; sends nothing', () =>
  withGenerators(async (_c, cli) => {
    const r = await cli(['plan', '--scenario', 'chat,fir-concurrency,redis']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(
      r.stdout,
      /^generators gen-1 loadgate@127\.0\.0\.31:22 \(k6 copied\), gen-2 loadgate@127\.0\.0\.32:2222 \(k6 \/usr\/local\/bin\/k6, 4 cores\), gen-3 loadgate@127\.0\.0\.33:22 \(k6 copied\)$/m,
    );
    assert.match(r.stdout, /^ {4}generators: gen-1 0:1\/3 17 VUs · gen-2 1\/3:2\/3 17 VUs · gen-3 2\/3:1 16 VUs$/m);
    assert.match(
      r.stdout,
      /^ {4}generators: gen-1 0:1\/3 4 VUs, 4 iterations · gen-2 1\/3:2\/3 3 VUs, 3 iterations · gen-3 2\/3:1 3 VUs, 3 iterations$/m,
    );
    assert.match(r.stdout, /nothing was sent/);
    const json = await cli(['plan', '--scenario', 'chat', '--set', 'chat.generators=gen-3,gen-1', '--json']);
    assert.equal(json.exitCode, 0, json.stderr);
    const plan = JSON.parse(json.stdout) as {
      generators: Array<{ name: string; port: number }>;
      scenarios: Array<{ segments: Array<{ generator: string; segment: { value: string; sequence: string }; load: { vus: number } }> }>;
    };
    assert.deepEqual(
      plan.generators.map((g) => g.name),
      ['gen-1', 'gen-3'],
    );
    assert.deepEqual(
      plan.scenarios[0]?.segments.map((s) => [s.generator, s.segment.value, s.segment.sequence, s.load.vus]),
      [
        ['gen-3', '0:1/2', '0,1/2,1', 25],
        ['gen-1', '1/2:1', '0,1/2,1', 25],
      ],
    );
  }));

test('validate and plan: exit 2, one located line, for each bad generator input', () =>
  withGenerators(async (c, cli) => {
    // The load profile's fir-single has 1 VU: it cannot be spread over three generators.
    for (const command of ['validate', 'plan']) {
      oneLine(
        await cli([command]),
        /^loadgate: \S+profiles\.yaml:\d+:\d+ {2}\/profiles\/load\/scenarios\/0 {2}fir-single: shared-iterations with 1 VU and 1 iteration over 3 generators leaves gen-2 \(segment 1\/3:2\/3\) 0 VUs; at most 1 generator works/,
      );
    }
    oneLine(
      await cli(['plan', '--scenario', 'chat', '--set', 'chat.generators=gen-1,gen-7']),
      /^loadgate: command-line:1:1 {2}\/profiles\/load\/scenarios\/2\/generators\/1 {2}--set chat\.generators=gen-1,gen-7: no generator named 'gen-7' in the inventory \(have: local, gen-1, gen-2, gen-3\)$/,
    );
    await c.editInventory((t) =>
      t.replace('    k6: copy\n  - name: gen-2', '    k6: copy\n    strictHostKeyChecking: no\n  - name: gen-2'),
    );
    oneLine(
      await cli(['validate', '--scenario', 'chat']),
      /^loadgate: \S+inventory\.yaml:\d+:5 {2}\/generators\/0\/strictHostKeyChecking {2}unknown key 'strictHostKeyChecking'$/,
    );
    await c.editInventory((t) => t.replace('    strictHostKeyChecking: no\n', ''));
    await rm(join(c.dir, 'known_hosts'));
    const missing = await cli(['plan', '--scenario', 'chat']);
    assert.equal(missing.exitCode, 2, missing.stderr);
    assert.match(
      missing.stderr,
      /^loadgate: \S+inventory\.yaml:\d+:17 {2}\/generators\/0\/knownHosts {2}knownHosts: no such file \S+known_hosts \(the pinned host keys/,
    );
    assert.doesNotMatch(missing.stderr, /\n\s+at .*:\d+:\d+\)?$/m, 'no stack trace');
  }));

test('run: under LOADGATE_LOOPBACK_ONLY=1 a non-loopback generator is refused at its line (exit 2) before any ssh', () =>
  withGenerators(async (c, cli) => {
    await c.editInventory((t) => t.replace('host: 127.0.0.33', 'host: 192.0.2.33'));
    oneLine(
      await cli(['run', '--scenario', 'chat']),
      /^loadgate: \S+inventory\.yaml:\d+:11 {2}\/generators\/2\/host {2}host 192\.0\.2\.33 \(generator gen-3\) is not a loopback address; LOADGATE_LOOPBACK_ONLY=1 refuses to connect to it$/,
    );
  }));
