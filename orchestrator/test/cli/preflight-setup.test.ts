// test-needs: lab
/**
 * A target unusable before any load (issue 18, item 5): k6's setup() gives up with a reason, and the run ends
 * as a preflight failure (exit 3) that says it — never ERROR "k6 aborted the script" with the reason only in
 * stderr.log. Through the real executable, against the lab or a server of the test's own on loopback.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { afirgenInventory } from '../helpers/inventory.ts';
import { startServer } from '../helpers/server.ts';
import { startLab } from '../../src/lab/process.ts';
import { validateVerdict } from '../../src/verdict/schema.ts';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-preflight-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function labIn(t: TestContext, dir: string, quirks: boolean): Promise<void> {
  const lab = await startLab({ runDir: join(dir, 'lab'), quirks });
  t.after(() => lab.stop());
}

/** The run's verdict.json: written although the run ended exit 3, schema-valid, status PREFLIGHT with the reason. */
async function preflightVerdict(results: string, reason: RegExp): Promise<void> {
  const runs = (await readdir(results)).filter((e) => e !== 'latest' && e !== 'lab');
  assert.equal(runs.length, 1, `one run directory, found ${runs.join(', ')}`);
  const checked = validateVerdict(JSON.parse(await readFile(join(results, runs[0] ?? '', 'verdict.json'), 'utf8')));
  assert.ok(checked.ok, checked.ok ? '' : `verdict.json against its schema: ${checked.error}`);
  assert.equal(checked.value.status, 'PREFLIGHT');
  assert.equal(checked.value.exitCode, 3);
  assert.match(checked.value.reasons[0] ?? '', reason);
}

const FIR_SMOKE = ['run', '--profile', 'smoke', '--scenario', 'fir-single'];
const WRONG_KEY = 'wrong-key-for-preflight';

describe('a target unusable before load: exit 3 with the reason', { concurrency: 1 }, () => {
  test('a wrong key against the as-shipped quirks (500 text/plain): exit 3 with the API-key hint', { timeout: 120_000 }, async (t) => {
    const dir = await tempDir(t);
    await labIn(t, dir, true);
    const r = await runCli([...FIR_SMOKE, '--results-dir', join(dir, 'out')], { env: { AFIRGEN_API_KEY: WRONG_KEY }, timeout: 110_000 });
    assert.equal(r.exitCode, 3, `${r.stdout}\n${r.stderr}`);
    assert.match(
      r.stderr,
      /loadgate: preflight failed before any load: fir-single: AFIRGen at http:\/\/127\.0\.0\.20:8000 is not usable: GET \/list_firs answered 500 "Internal Server Error" on all 3 tries as text\/plain — AFIRGen answers a wrong or missing API key that way: check its apiKey \(k6's log: .*stderr\.log\)/,
    );
    assert.doesNotMatch(r.stderr, /aborted the script/);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(WRONG_KEY), 'the key is never printed');
    await preflightVerdict(
      join(dir, 'out'),
      /^preflight failed before any load: fir-single: .*answers a wrong or missing API key that way/,
    );
  });

  test('a wrong key against the intended behaviour (401): exit 3, the key rejected', { timeout: 120_000 }, async (t) => {
    const dir = await tempDir(t);
    await labIn(t, dir, false);
    const r = await runCli([...FIR_SMOKE, '--results-dir', join(dir, 'out')], { env: { AFIRGEN_API_KEY: WRONG_KEY }, timeout: 110_000 });
    assert.equal(r.exitCode, 3, `${r.stdout}\n${r.stderr}`);
    assert.match(
      r.stderr,
      /preflight failed before any load: fir-single: .*GET \/list_firs with the API key answered 401 .*: the API key was rejected/,
    );
    await preflightVerdict(join(dir, 'out'), /the API key was rejected/);
  });

  test('/health answering 200 {"status":"unhealthy"}: exit 3 naming it and its error', { timeout: 120_000 }, async (t) => {
    const dir = await tempDir(t);
    const paths: string[] = [];
    const server = await startServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(req.url === '/health' ? { status: 'unhealthy', error: 'Model server unreachable' } : { detail: 'not here' }));
    });
    t.after(() => server.close());
    const inventory = await afirgenInventory(dir, server.port);
    const r = await runCli([...FIR_SMOKE, '--inventory', inventory, '--results-dir', join(dir, 'out')], { timeout: 110_000 });
    assert.equal(r.exitCode, 3, `${r.stdout}\n${r.stderr}`);
    assert.match(
      r.stderr,
      /preflight failed before any load: fir-single: AFIRGen at http:\/\/127\.0\.0\.1:\d+ is not usable: GET \/health answered 200 with status 'unhealthy' \(Model server unreachable\): a dependency is down/,
    );
    assert.deepEqual(
      paths.filter((p) => p !== '/health'),
      [],
      'nothing but health checks was sent',
    );
    await preflightVerdict(
      join(dir, 'out'),
      /GET \/health answered 200 with status 'unhealthy' \(Model server unreachable\): a dependency is down/,
    );
  });
});
