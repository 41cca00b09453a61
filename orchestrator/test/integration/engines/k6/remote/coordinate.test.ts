/**
 * The coordinator end to end: real sshd "generator hosts" on loopback (the lab's rehearsal hosts, throwaway
 * keys), real k6 started over ssh, paused, setup() once over the REST API, resumed together, pulled back.
 * The target is a loopback server this test starts; it records every request, so the split is checked where it
 * lands: every iteration exactly once across the generators, setup() exactly once.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startGeneratorHosts, type RunningGeneratorHosts } from '../../../../../../lab/src/generator-hosts.ts';
import { coordinate } from '../../../../../src/engines/k6/remote/coordinate.ts';
import { RemoteK6 } from '../../../../../src/engines/k6/remote/remote-k6.ts';
import { segmentFlags, segmentLoad, segments } from '../../../../../src/plan/segments.ts';
import { SshHost } from '../../../../../src/generators/ssh.ts';
import { PROJECT_ROOT } from '../../../../../src/paths.ts';
import { startServer, type TestServer } from '../../../../helpers/server.ts';

const K6 = join(PROJECT_ROOT, '.tools', 'bin', 'k6');
const SCRIPT = `
import http from 'k6/http';
import exec from 'k6/execution';
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 4, iterations: 20, maxDuration: '30s' } } };
export function setup() { http.get(__ENV.TARGET + '/setup'); return { token: __ENV.SECRET_TOKEN }; }
export default function (data) { http.get(__ENV.TARGET + '/work?i=' + exec.scenario.iterationInTest + '&t=' + data.token); }
export function teardown() { http.get(__ENV.TARGET + '/teardown'); }
`;

describe('coordinate: one scenario over three ssh generator hosts', () => {
  let hosts: RunningGeneratorHosts;
  let server: TestServer;
  let dir: string;
  const seen: string[] = [];

  before(async () => {
    hosts = await startGeneratorHosts(3, () => undefined);
    server = await startServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('ok');
    });
    dir = await mkdtemp(join(tmpdir(), 'loadgate-coord-'));
    await writeFile(join(dir, 'script.js'), SCRIPT);
    execFileSync(K6, ['archive', '--quiet', '-O', join(dir, 'archive.tar'), join(dir, 'script.js')], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '' },
    });
  });
  after(async () => {
    await hosts?.stop();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const segs = segments(3);
  const instancesFor = (run: string): RemoteK6[] => {
    const ssh = hosts.hosts.map((h) => new SshHost(h, process.env));
    after(() => Promise.all(ssh.map((s) => s.close())));
    return hosts.hosts.map(
      (h, i) =>
        new RemoteK6({
          host: ssh[i]!,
          remoteDir: join(h.workdir, run, 'chat'),
          k6: K6,
          args: [
            ...segmentFlags(segs[i]!),
            '--no-setup',
            '--no-teardown',
            '--no-thresholds',
            '--tag',
            `generator=${h.name}`,
            '--out',
            'json=samples.json.gz',
            '--quiet',
          ],
          env: { TARGET: server.url, SECRET_TOKEN: 'tok-s3cret' },
          apiPort: 16565 + i,
          timeoutMs: 60_000,
        }),
    );
  };

  it('splits the iterations exactly, runs setup and teardown once, hands setup data to all, cleans up', async () => {
    const instances = instancesFor('run-1');
    const result = await coordinate(instances, {
      archive: join(dir, 'archive.tar'),
      env: process.env,
      localDir: (inst) => join(dir, 'pulled', inst.name),
      startTimeoutMs: 20_000,
      runTimeoutMs: 30_000,
      pollMs: 200,
    });
    assert.equal(result.failure, undefined, JSON.stringify(result));
    assert.equal(result.setupRan, true);
    assert.ok(result.startSkewMs !== undefined && result.startSkewMs >= 0);
    assert.deepEqual(
      result.instances.map((i) => [i.name, i.exitCode, i.pulled, i.errors]),
      hosts.hosts.map((h) => [h.name, 0, true, []]),
    );
    assert.equal(seen.filter((u) => u === '/setup').length, 1, 'setup() ran once');
    assert.equal(seen.filter((u) => u === '/teardown').length, 1, 'teardown() ran once');
    const work = seen.filter((u) => u.startsWith('/work'));
    assert.ok(
      work.every((u) => u.endsWith('&t=tok-s3cret')),
      'every instance got the setup data',
    );
    const ids = work.map((u) => Number(new URL(u, 'http://x').searchParams.get('i'))).sort((a, b) => a - b);
    assert.deepEqual(
      ids,
      Array.from({ length: 20 }, (_, i) => i),
      'each iteration ran exactly once across the generators',
    );

    // Per generator: the iterations k6 gives each segment (10/5/5: its VUs' iterations), in its pulled samples.
    const perGenerator = await Promise.all(
      hosts.hosts.map(async (h) => {
        const lines = gunzipSync(await readFile(join(dir, 'pulled', h.name, 'samples.json.gz')))
          .toString('utf8')
          .split('\n');
        return lines.filter((l) => l.includes('"metric":"http_reqs"') && l.includes('/work') && l.includes(`"generator":"${h.name}"`))
          .length;
      }),
    );
    const executor = { type: 'shared-iterations', vus: 4, iterations: 20, maxDuration: '30s' } as const;
    assert.deepEqual(perGenerator, [10, 5, 5]);
    assert.deepEqual(
      perGenerator,
      segs.map((s) => segmentLoad(executor, s).iterations),
    );
    // The removal runs in the background; a host's settle (what closing the generators waits for) sees it done.
    await Promise.all(instances.map((i) => i.spec.host.settle()));
    for (const h of hosts.hosts) assert.equal(existsSync(join(h.workdir, 'run-1', 'chat')), false, `${h.name}'s remote dir was removed`);
    const leftover = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(join('run-1', 'chat', 'archive.tar')));
    assert.deepEqual(leftover, [], 'no k6 left running on any host');
  });

  it('stops the others and names the generator and the moment when one instance dies mid-run', async () => {
    const long = SCRIPT.replace(
      "executor: 'shared-iterations', vus: 4, iterations: 20, maxDuration: '30s'",
      "executor: 'constant-vus', vus: 3, duration: '40s'",
    )
      .replace("import exec from 'k6/execution';", "import exec from 'k6/execution';\nimport { sleep } from 'k6';")
      .replace('export default function (data) { ', 'export default function (data) { sleep(0.2); ');
    await writeFile(join(dir, 'long.js'), long);
    execFileSync(K6, ['archive', '--quiet', '-O', join(dir, 'long.tar'), join(dir, 'long.js')], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '' },
    });
    const instances = instancesFor('run-2');
    const victim = join(hosts.hosts[1]!.workdir, 'run-2', 'chat', 'k6.pid');
    let killed = false;
    const result = await coordinate(instances, {
      archive: join(dir, 'long.tar'),
      env: process.env,
      localDir: (inst) => join(dir, 'pulled-2', inst.name),
      startTimeoutMs: 20_000,
      runTimeoutMs: 60_000,
      pollMs: 200,
      // Once the run is under way, gen-2's k6 (a process this test's coordinator started) is killed by its PID.
      progress: (line) => {
        if (killed || !/VUs running/.test(line)) return;
        killed = true;
        void readFile(victim, 'utf8').then((pid) => process.kill(Number(pid.trim()), 'SIGKILL'));
      },
    });
    assert.equal(killed, true, JSON.stringify(result));
    assert.match(result.failure ?? '', /^gen-2: k6 exited 137 at \d{4}-\d\d-\d\dT[\d:.]+Z; the other generators were stopped$/);
    const [one, two, three] = result.instances;
    assert.equal(two?.exitCode, 137);
    // The others were stopped through their REST API (k6 exits 103), well before their 40 s.
    assert.deepEqual([one?.exitCode, three?.exitCode], [103, 103]);
    assert.ok(
      result.instances.every((i) => i.pulled),
      'what reached disk was pulled from every generator',
    );
    assert.ok((await readFile(join(dir, 'pulled-2', 'gen-1', 'samples.json.gz'))).length > 0);
  });
});
