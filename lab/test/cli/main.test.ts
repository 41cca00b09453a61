// test-needs: lab
/**
 * The lab binary (lab/src/main.ts) as a user runs it: its one error boundary turns each kind of failure into
 * one line on stderr, no stack trace, and its class's exit code (lab/src/errors.ts, docs/lab.md): 2 for a bad
 * flag or config value (naming the flag or file.field), 3 when a service cannot start. Nothing is left
 * listening afterwards. Run inside a private network namespace: the port-in-use case binds a lab address.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { projectPath } from '../../../orchestrator/src/paths.ts';
import { LAB_EXIT } from '../../src/errors.ts';
import { SERVICES } from '../../src/topology.ts';

interface Ran {
  exitCode: number | undefined;
  stderr: string;
  stdout: string;
}

async function lab(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  const r = await execa(process.execPath, ['--import', 'tsx', projectPath('lab', 'src', 'main.ts'), ...args], {
    reject: false,
    cwd: projectPath(),
    env,
    extendEnv: false,
    timeout: 30_000,
  });
  return { exitCode: r.exitCode, stderr: String(r.stderr), stdout: String(r.stdout) };
}

/** The run said exactly one thing, on stderr, with no stack trace, and printed no ready line. */
function oneLine(r: Ran): string {
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.equal(r.stdout, '', 'no ready line');
  return lines[0] ?? '';
}

function listen(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host, port, exclusive: true }, () => resolve(s));
  });
}

describe('lab/src/main.ts: exit codes and one-line messages', { timeout: 120_000 }, () => {
  test('a bad flag: exit 2, the flag named', async () => {
    const r = await lab(['--control-port', '70000']);
    assert.equal(r.exitCode, LAB_EXIT.USAGE);
    assert.equal(oneLine(r), 'lab: --control-port: must be at most 65535');
    const unknown = await lab(['--bogus']);
    assert.equal(unknown.exitCode, 2);
    assert.match(oneLine(unknown), /^lab: .*'--bogus'.* \(usage: /);
  });

  test('a bad config value: exit 2, file.field named', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-lab-cli-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'lab.json');
    await writeFile(file, JSON.stringify({ afirgen: { summaryMs: 'slow' } }));
    const r = await lab(['--config', file]);
    assert.equal(r.exitCode, LAB_EXIT.USAGE);
    assert.equal(oneLine(r), `lab: ${file}.afirgen.summaryMs: must be a number >= 0`);
    await writeFile(file, '{"autobot": ');
    const notJson = await lab(['--config', file]);
    assert.equal(notJson.exitCode, 2);
    assert.equal(oneLine(notJson), `lab: --config ${file}: not valid JSON`);
    const missing = await lab(['--config', join(dir, 'none.json')]);
    assert.equal(missing.exitCode, 2);
    assert.match(oneLine(missing), /^lab: --config .*none\.json: ENOENT/);
  });

  test('a port in use: exit 3, the address named, nothing started', async (t) => {
    const taken = SERVICES.find((s) => s.name === 'ai-stack') ?? assert.fail('no ai-stack in the topology');
    const server = await listen(taken.host, taken.port);
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const r = await lab(['--zero-delay']);
    assert.equal(r.exitCode, LAB_EXIT.START);
    assert.equal(oneLine(r), `lab: ${taken.host}:${taken.port} is already in use`);
    // The check comes before anything starts: every other lab address is still free.
    for (const s of SERVICES.filter((x) => x !== taken)) (await listen(s.host, s.port)).close();
  });

  test('no redis-server on PATH: exit 3, how to get it', async () => {
    const r = await lab(['--zero-delay'], { PATH: '/nonexistent' });
    assert.equal(r.exitCode, LAB_EXIT.START);
    assert.equal(oneLine(r), "lab: redis-server not found on PATH: run 'make setup' or 'apt-get install redis-server'");
  });
});
