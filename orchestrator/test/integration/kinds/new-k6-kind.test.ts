/**
 * Issue 15's acceptance for a k6 kind: the http-get fixture (descriptor + k6 script + thresholds file under
 * test/fixtures/kinds/http-get/) is registered in-process, its script bundled because the descriptor names it,
 * and run end to end by real k6 (plan → run against a loopback server this test starts → verdict → reports)
 * with no source file naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerKind } from '../../../src/catalog.ts';
import { EXIT } from '../../../src/exit-codes.ts';
import { projectPath } from '../../../src/paths.ts';
import type { Verdict } from '../../../src/verdict/types.ts';
import { HTTP_GET } from '../../fixtures/kinds/http-get/descriptor.ts';
import { fixtureKindPlan, runCollectingLines } from '../../helpers/run-in-process.ts';
import { startServer } from '../../helpers/server.ts';

const FIXTURE = projectPath('orchestrator/test/fixtures/kinds/http-get');

const PROFILES = `default: get
profiles:
  get:
    description: the http-get fixture kind, 6 GETs by 2 VUs; too few samples for confidence bounds, so point comparisons (confidence none)
    confidence: none
    scenarios:
      - scenario: http-get
        executor: { type: shared-iterations, vus: 2, iterations: 6, maxDuration: 30s }
        params: { path: /get }
`;

registerKind('http-get', HTTP_GET);

async function runGet(
  dir: string,
  status: number,
): Promise<{ exitCode: number; runDir: string; verdict: Verdict; gets: number; lines: string[] }> {
  let gets = 0;
  const target = await startServer((req, res) => {
    // The canary polls the health path meanwhile: only the script's GETs answer `status`.
    if (req.url === '/get') {
      gets++;
      res.statusCode = status;
    }
    res.end('{"status":"healthy"}');
  });
  try {
    const plan = await fixtureKindPlan({
      dir,
      port: target.port,
      thresholdsDir: join(FIXTURE, 'thresholds'),
      profiles: PROFILES,
      profile: 'get',
    });
    const r = await runCollectingLines(plan, join(dir, `results-${status}`), { ...process.env, LOADGATE_LOOPBACK_ONLY: '1' });
    return { ...r, gets };
  } finally {
    await target.close();
  }
}

test(
  'a registered k6 kind runs end to end in real k6: PASS, its criteria evaluated, its headline in the reports',
  { timeout: 180_000 },
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-new-k6-kind-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const r = await runGet(dir, 200);
    assert.equal(r.exitCode, EXIT.PASS, r.lines.join('\n'));
    assert.equal(r.gets, 6, 'exactly the planned GETs reached the server');
    const [s] = r.verdict.scenarios;
    assert.equal(s?.scenario, 'http-get');
    assert.equal(s.status, 'passed');
    assert.equal(s.metrics['get_duration']?.count, 6);
    assert.deepEqual(
      s.criteria.map((c) => [c.metric, c.expression, c.ok, c.engineOk]),
      [
        ['get_failed', 'rate==0', true, true],
        ['get_duration', 'p(95)<10000', true, true],
      ],
    );
    const options: unknown = JSON.parse(await readFile(join(r.runDir, 'k6', s.name, 'options.json'), 'utf8'));
    assert.match(JSON.stringify(options), /"exec":"httpGet"/, "options.json names the descriptor's exec function");
    assert.match(await readFile(join(r.runDir, 'k6', s.name, 'command.txt'), 'utf8'), /k6\/dist\/kinds\/http-get\.js/);
    const md = await readFile(join(r.runDir, 'report.md'), 'utf8');
    assert.match(md, /\| http-get \| k6 \| get_failed \| rate==0 \|/);
  },
);

test('a registered k6 kind fails by its own criteria: FAIL (exit 1) when its GETs answer 404', { timeout: 180_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-new-k6-kind-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const r = await runGet(dir, 404);
  assert.equal(r.exitCode, EXIT.FAIL, r.lines.join('\n'));
  assert.equal(r.gets, 6, 'a 4xx is final: no retries');
  assert.equal(r.verdict.scenarios[0]?.criteria.find((c) => c.metric === 'get_failed')?.ok, false);
});

test('no source file names the k6 kind: it is its three fixture files and nothing else', async () => {
  for (const root of ['orchestrator/src', 'k6/lib', 'k6/scenarios']) {
    const files = (await readdir(projectPath(root), { recursive: true })).filter((f) => f.endsWith('.ts'));
    for (const f of files) assert.doesNotMatch(await readFile(projectPath(root, f), 'utf8'), /http-get|httpGet/, join(root, f));
  }
  const fixture = (await readdir(FIXTURE, { recursive: true })).filter((f) => f.includes('.')).sort();
  assert.deepEqual(fixture, ['descriptor.ts', 'script.k6.ts', join('thresholds', 'http-get.yaml')]);
});
