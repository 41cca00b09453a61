/**
 * Issue 15's acceptance: a scenario kind that is not built in — the http-ping fixture (descriptor + probe +
 * thresholds file under test/fixtures/kinds/http-ping/) — is registered in-process and runs end to end
 * (plan → run against a loopback server this test starts → verdict → reports) with no source file naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../../src/exit-codes.ts';
import { loadPlan } from '../../../src/config/load.ts';
import { ConfigError } from '../../../src/errors.ts';
import { projectPath } from '../../../src/paths.ts';
import { registerProbe } from '../../../src/probes/registry.ts';
import type { Verdict } from '../../../src/verdict/types.ts';
import { HTTP_PING } from '../../fixtures/kinds/http-ping/descriptor.ts';
import { httpPingProbe } from '../../fixtures/kinds/http-ping/probe.ts';
import { afirgenInventory } from '../../helpers/inventory.ts';
import { fixtureKindPlan, runCollectingLines } from '../../helpers/run-in-process.ts';
import { startServer } from '../../helpers/server.ts';

const FIXTURE = projectPath('orchestrator/test/fixtures/kinds/http-ping');

const PROFILES = `default: ping
profiles:
  ping:
    description: the http-ping fixture kind, 4 GETs; too few samples for confidence bounds, so point comparisons (confidence none)
    confidence: none
    scenarios:
      - scenario: http-ping
        params: { requests: 4 }
`;

registerProbe('http-ping', HTTP_PING, httpPingProbe);

async function runPing(
  dir: string,
  status: number,
): Promise<{ exitCode: number; runDir: string; verdict: Verdict; requests: number; lines: string[] }> {
  const target = await startServer((_req, res) => {
    res.statusCode = status;
    res.end('{"status":"healthy"}');
  });
  try {
    const plan = await fixtureKindPlan({
      dir,
      port: target.port,
      thresholdsDir: join(FIXTURE, 'thresholds'),
      profiles: PROFILES,
      profile: 'ping',
    });
    const r = await runCollectingLines(plan, join(dir, `results-${status}`), { ...process.env, LOADGATE_LOOPBACK_ONLY: '1' });
    return { ...r, requests: target.requests };
  } finally {
    await target.close();
  }
}

test(
  'a registered kind runs end to end: PASS against a healthy server, its criteria and headline in the reports',
  { timeout: 120_000 },
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-new-kind-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const r = await runPing(dir, 200);
    assert.equal(r.exitCode, EXIT.PASS, r.lines.join('\n'));
    assert.equal(r.requests, 4, 'exactly the planned GETs reached the server');
    const [s] = r.verdict.scenarios;
    assert.equal(s?.scenario, 'http-ping');
    assert.equal(s.status, 'passed');
    assert.equal(s.metrics['ping_duration']?.count, 4);
    assert.deepEqual(s.load?.intended, { requests: 4 });
    const md = await readFile(join(r.runDir, 'report.md'), 'utf8');
    assert.match(md, /\| http-ping \| 4 \| 100 % \|/, 'the summary row has its requests and success from the descriptor');
    assert.match(md, /\| http-ping \| probe \| ping_duration \| p\(95\)&lt;10000 \| [0-9.]+ \| 4 \| strict \|/);
  },
);

test('a registered kind fails by its own criteria: FAIL (exit 1) when the server answers 500', { timeout: 120_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-new-kind-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const r = await runPing(dir, 500);
  assert.equal(r.exitCode, EXIT.FAIL, r.lines.join('\n'));
  assert.equal(r.requests, 4);
  assert.match(r.lines.join('\n'), /ping_failed rate==0 observed/);
});

test('its parameters are checked against its own spec, like a built-in kind’s', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-new-kind-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const profilesFile = join(dir, 'profiles.yaml');
  await writeFile(profilesFile, PROFILES.replace('requests: 4', 'requests: 51'));
  const err = await loadPlan({
    inventory: await afirgenInventory(dir, 1),
    thresholdsDir: join(FIXTURE, 'thresholds'),
    profilesFile,
    profile: 'ping',
    env: {},
    forRun: false,
  }).catch((e: unknown) => e);
  assert.ok(err instanceof ConfigError);
  assert.match(err.problems.map((p) => p.message).join('\n'), /'requests' must be between 1 and 50/);
});

test('no source file names the kind: it is its three fixture files and nothing else', async () => {
  const files = (await readdir(projectPath('orchestrator/src'), { recursive: true })).filter((f) => f.endsWith('.ts'));
  for (const f of files) assert.doesNotMatch(await readFile(projectPath('orchestrator/src', f), 'utf8'), /http-ping/, f);
  const fixture = (await readdir(FIXTURE, { recursive: true })).filter((f) => f.includes('.')).sort();
  assert.deepEqual(fixture, ['descriptor.ts', 'probe.ts', join('thresholds', 'http-ping.yaml')]);
});
