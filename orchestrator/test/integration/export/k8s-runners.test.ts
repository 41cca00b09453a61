// test-needs: lab
/**
 * The runners' command lines work with real k6. From the manifests `loadgate export k8s` wrote, this builds
 * exactly what the operator and kubelet give runner i of N — `k6 run --quiet`, the segment flags
 * (pkg/segmentation: `--execution-segment=(i-1)/N:i/N --execution-segment-sequence=0,1/N,…,1`), the manifest's
 * args, `/test/<file>`, `--address=0.0.0.0:6565 --paused --tag instance_id=i --tag testrun_name=<name>`, the
 * runner env with POD_NAME from the pod's name and `$(VAR)` expanded, the init container's mkdir — runs the N
 * k6 processes against the lab, resumes them together as the operator's starter does (PATCH /v1/status), then
 * runs `loadgate verdict` on the temp "volume": PASS, with the request counts of a plain local run of the same
 * profile (exact for shared-iterations; ±1 iteration per runner for the time-bound arrival-rate executor).
 * Two deviations, forced by one machine standing in for N pods: each runner gets its own loopback port instead
 * of every pod's 0.0.0.0:6565, and /test and /results are temp directories instead of volumes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { parseAllDocuments } from 'yaml';
import { startLab, type LabHandle } from '../../../src/lab/process.ts';
import { requireK6 } from '../../../src/toolchain.ts';
import { runCli } from '../../helpers/cli.ts';
import { filterKey, readSamples } from '../../../src/samples/reader.ts';
import { operatorArgv, podEnv, localize, type Pod } from './operator-sim.ts';

const PARALLELISM = 2;
const SCENARIOS = 'chat-stream,chat-open';
let dir = '';
let lab: LabHandle | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-k8s-'));
  lab = await startLab({ runDir: join(dir, 'lab'), readyTimeoutMs: 20_000 });
});
after(async () => {
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Doc {
  kind?: unknown;
  metadata?: { name?: unknown };
  binaryData?: Record<string, unknown>;
  spec?: unknown;
}

async function manifests(out: string): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (const f of (await readdir(out)).filter((n) => n.endsWith('.yaml')))
    for (const d of parseAllDocuments(await readFile(join(out, f), 'utf8'))) {
      const js: unknown = d.toJS();
      assert.ok(typeof js === 'object' && js !== null, `${f}: a document is not an object`);
      docs.push(js);
    }
  return docs;
}

async function waitFor(url: string, want: (status: number) => boolean, child: ResultPromise): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`k6 exited ${child.exitCode} before ${url} answered`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      const body: unknown = await r.json();
      const status = (body as { data?: { attributes?: { status?: unknown } } }).data?.attributes?.status;
      if (typeof status === 'number' && want(status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never reached the wanted status`);
}

const SETUP = { metric: 'http_reqs', tags: { step: 'setup' } };

/** Requests in setup() and in the iterations, from raw sample files: the operator runs setup() in every runner. */
async function requests(files: readonly string[]): Promise<{ setup: number; load: number }> {
  const read = await readSamples(files, { filters: [SETUP] });
  const setup = read.filtered.get(filterKey(SETUP))?.length ?? 0;
  return { setup, load: (read.metrics.get('http_reqs')?.values.length ?? 0) - setup };
}

async function sampleFiles(dir: string): Promise<string[]> {
  const all = await readdir(dir, { recursive: true });
  return all.filter((f) => f.endsWith('.json.gz') && !f.includes('canary')).map((f) => join(dir, f));
}

function metricCount(verdict: unknown, scenario: string, metric: string): number {
  const v = verdict as { scenarios?: Array<{ name?: string; metrics?: Record<string, { count?: number }> }> };
  const s = v.scenarios?.find((x) => x.name === scenario);
  const n = s?.metrics?.[metric]?.count;
  assert.equal(typeof n, 'number', `${scenario}: no ${metric} count`);
  return n ?? 0;
}

test('N local k6 runners from the exported manifests → loadgate verdict PASS, counts equal a local run', { timeout: 300_000 }, async () => {
  const k6 = await requireK6();
  const out = join(dir, 'manifests');
  const exported = await runCli([
    'export',
    'k8s',
    '--profile',
    'smoke',
    '--scenario',
    SCENARIOS,
    '--parallelism',
    String(PARALLELISM),
    '--namespace',
    'load',
    '--out',
    out,
  ]);
  assert.equal(exported.exitCode, 0, exported.stderr);
  const docs = await manifests(out);
  const volume = join(dir, 'volume');
  let port = 16565;
  for (const tr of docs.filter((d) => d.kind === 'TestRun')) {
    const pods: Pod[] = [];
    for (let i = 1; i <= PARALLELISM; i++)
      pods.push({ index: i, name: `${String(tr.metadata?.name)}-${i}-q${i}x7z`, address: `127.0.0.1:${port++}` });
    const scriptDir = join(dir, 'test', String(tr.metadata?.name));
    await mkdir(scriptDir, { recursive: true });
    const cm = docs.find(
      (d) =>
        d.kind === 'ConfigMap' && d.metadata?.name === (tr.spec as { script?: { configMap?: { name?: string } } }).script?.configMap?.name,
    );
    const archive = cm?.binaryData?.['archive.tar'];
    assert.equal(typeof archive, 'string', 'the TestRun names a ConfigMap with the archive');
    await writeFile(join(scriptDir, 'archive.tar'), Buffer.from(String(archive), 'base64'));
    const mounts = { '/test': scriptDir, '/results': volume };
    const children: ResultPromise[] = [];
    for (const pod of pods) {
      const env = podEnv(tr.spec, pod, {});
      for (const init of (tr.spec as { runner: { initContainers: Array<{ command: string[] }> } }).runner.initContainers) {
        const [bin, ...rest] = localize(init.command, mounts, env, pod);
        await execa(bin ?? 'false', rest);
      }
      const [bin, ...args] = localize(operatorArgv(tr.spec, String(tr.metadata?.name), pod.index), mounts, env, pod);
      assert.equal(bin, 'k6');
      children.push(
        execa(k6.path, args, {
          env: { ...env, PATH: process.env['PATH'] ?? '', HOME: dir },
          extendEnv: false,
          reject: false,
          timeout: 120_000,
          stdin: 'ignore',
        }),
      );
    }
    // The operator's starter: every runner paused (status 4) first, then all resumed.
    await Promise.all(pods.map((p, i) => waitFor(`http://${p.address}/v1/status`, (s) => s === 4, children[i] as ResultPromise)));
    await Promise.all(
      pods.map((p) =>
        fetch(`http://${p.address}/v1/status`, {
          method: 'PATCH',
          body: JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } }),
          signal: AbortSignal.timeout(5000),
        }),
      ),
    );
    for (const c of children) {
      const r = await c;
      assert.equal(r.exitCode, 0, `a runner of ${String(tr.metadata?.name)} failed: ${String(r.stderr).slice(-800)}`);
    }
  }

  const judged = await runCli(['verdict', '--plan', join(out, 'loadgate-plan.json'), '--samples', volume]);
  assert.equal(judged.exitCode, 0, `${judged.stdout}\n${judged.stderr}`);
  assert.match(judged.stdout, /verdict: PASS/);
  const runDir = (await readdir(volume))[0] ?? '';
  const distributed: unknown = JSON.parse(await readFile(join(volume, runDir, 'verdict.json'), 'utf8'));
  for (const f of ['report.md', 'report.html', 'junit.xml']) assert.ok((await readFile(join(volume, runDir, f), 'utf8')).length > 0, f);

  const results = join(dir, 'local');
  const local = await runCli(['run', '--profile', 'smoke', '--scenario', SCENARIOS, '--results-dir', results]);
  assert.equal(local.exitCode, 0, `${local.stdout}\n${local.stderr}`);
  const plain: unknown = JSON.parse(await readFile(join(results, 'latest', 'verdict.json'), 'utf8'));

  // setup() ran once per runner (the operator's OSS behaviour): N times the local run's setup requests.
  const perScenario = async (id: string): Promise<{ dist: { setup: number; load: number }; plain: { setup: number; load: number } }> => ({
    dist: await requests(await sampleFiles(join(volume, runDir, id))),
    plain: await requests(await sampleFiles(join(results, 'latest', 'k6', id))),
  });
  const stream = await perScenario('chat-stream');
  assert.ok(stream.plain.setup > 0, 'the local run made setup requests');
  assert.equal(stream.dist.setup, PARALLELISM * stream.plain.setup, 'setup() ran once in every runner');
  // shared-iterations: the segments split the iterations exactly, so the load's counts are the local run's.
  assert.equal(metricCount(distributed, 'chat-stream', 'iterations'), metricCount(plain, 'chat-stream', 'iterations'));
  assert.equal(stream.dist.load, stream.plain.load, 'chat-stream: requests of the iterations');
  // constant-arrival-rate is time-bound: each runner may start or miss one iteration at the edge of its stripe.
  const perIteration = metricCount(plain, 'chat-open', 'http_reqs') / metricCount(plain, 'chat-open', 'iterations');
  const iterDelta = Math.abs(metricCount(distributed, 'chat-open', 'iterations') - metricCount(plain, 'chat-open', 'iterations'));
  assert.ok(iterDelta <= PARALLELISM, `chat-open iterations differ by ${iterDelta} (> 1 per runner)`);
  const open = await perScenario('chat-open');
  const reqDelta = Math.abs(open.dist.load - open.plain.load);
  assert.ok(reqDelta <= PARALLELISM * perIteration, `chat-open requests differ by ${reqDelta} (> 1 iteration per runner)`);
  process.stderr.write(
    `k8s runners: chat-stream load requests ${stream.dist.load} vs local ${stream.plain.load} (setup ${stream.dist.setup} vs ${stream.plain.setup}); ` +
      `chat-open load requests ${open.dist.load} vs local ${open.plain.load}, iterations ${metricCount(distributed, 'chat-open', 'iterations')} vs ${metricCount(plain, 'chat-open', 'iterations')}\n`,
  );
});
