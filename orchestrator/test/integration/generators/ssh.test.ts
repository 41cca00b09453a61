/**
 * The ssh transport against real sshd hosts on loopback (the lab's rehearsal hosts): what works, and each way a
 * generator can be unusable before any load — a host key that does not match the pinned one, a key the host
 * refuses, nothing listening — as a preflight error naming the generator.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGeneratorHosts, type RunningGeneratorHosts } from '../../../../lab/src/generator-hosts.ts';
import { PreflightError } from '../../../src/errors.ts';
import { SshHost } from '../../../src/generators/ssh.ts';

describe('ssh generator hosts', () => {
  let hosts: RunningGeneratorHosts;
  let dir: string;
  before(async () => {
    hosts = await startGeneratorHosts(1, () => undefined);
    dir = await mkdtemp(join(tmpdir(), 'loadgate-ssh-'));
  });
  after(async () => {
    await hosts?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const gen = () => hosts.hosts[0]!;

  it('runs commands, copies files with a checked digest, and reads the clock over one connection', async () => {
    const host = new SshHost(gen(), process.env);
    try {
      await host.connect();
      assert.equal(await host.arch(), execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
      const local = join(dir, 'payload.bin');
      await writeFile(local, Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251)));
      const remote = join(gen().workdir, 'sub', 'payload.bin');
      await host.upload(local, remote);
      assert.deepEqual(await readFile(remote), await readFile(local));
      const clock = await host.clockOffset();
      // Same machine: the true offset is 0, and the estimate's error is at most half its round trip.
      assert.ok(Math.abs(clock.offsetMs) <= clock.rttMs / 2 + 1, JSON.stringify(clock));
      const cpu = await host.cpuTimes();
      assert.ok(cpu.cores >= 1 && cpu.total > cpu.busy);
    } finally {
      await host.close();
    }
  });

  it('refuses a host whose key does not match the pinned known_hosts', async () => {
    const other = join(dir, 'other-host-key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const knownHosts = join(dir, 'wrong_known_hosts');
    await writeFile(knownHosts, `[${gen().host}]:${gen().port} ${(await readFile(`${other}.pub`, 'utf8')).trim()}\n`);
    const host = new SshHost({ ...gen(), knownHosts }, process.env);
    await assert.rejects(
      host.connect(),
      (err: unknown) => err instanceof PreflightError && /generator gen-1 .*host key does not match/.test(err.message),
    );
  });

  it('refuses an unknown host (no trust on first use)', async () => {
    const knownHosts = join(dir, 'empty_known_hosts');
    await writeFile(knownHosts, '');
    await assert.rejects(new SshHost({ ...gen(), knownHosts }, process.env).connect(), /generator gen-1 .*host key does not match/);
  });

  it('names a key the host refuses', async () => {
    const key = join(dir, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    await assert.rejects(new SshHost({ ...gen(), identityFile: key }, process.env).connect(), /generator gen-1 .*key was refused/);
  });

  it('names a host with nothing listening', async () => {
    await assert.rejects(
      new SshHost({ ...gen(), host: '127.0.0.39' }, process.env).connect(),
      /generator gen-1 \(.*127\.0\.0\.39:2222\): connection refused/,
    );
  });
});
