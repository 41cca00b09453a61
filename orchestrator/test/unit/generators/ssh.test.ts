import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoopbackRefusedError } from '../../../src/errors.ts';
import { describeSshFailure, parseProcStat, SshHost, sshArgs, type SshTarget } from '../../../src/generators/ssh.ts';

const target: SshTarget = {
  name: 'gen-1',
  host: '127.0.0.31',
  port: 2222,
  user: 'load',
  identityFile: '/k/id',
  knownHosts: '/k/known_hosts',
};

describe('ssh transport', () => {
  it('pins host keys, never prompts, reads no user config, and uses only the given key', () => {
    const args = sshArgs(target);
    const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`${name}=`));
    assert.equal(opt('StrictHostKeyChecking'), 'StrictHostKeyChecking=yes');
    assert.equal(opt('UserKnownHostsFile'), 'UserKnownHostsFile=/k/known_hosts');
    assert.equal(opt('GlobalKnownHostsFile'), 'GlobalKnownHostsFile=/dev/null');
    assert.equal(opt('BatchMode'), 'BatchMode=yes');
    assert.equal(opt('IdentitiesOnly'), 'IdentitiesOnly=yes');
    assert.deepEqual(args.slice(0, 2), ['-F', '/dev/null']);
    assert.equal(args.at(-1), '127.0.0.31');
    assert.ok(!args.some((a) => /StrictHostKeyChecking=(no|accept-new)/.test(a)));
    assert.ok(!sshArgs({ ...target, identityFile: undefined }).includes('-i'), 'without identityFile, the agent is used');
    assert.deepEqual(sshArgs(target, [], '/tmp/cm').slice(0, 4), ['-o', 'ControlMaster=no', '-o', 'ControlPath=/tmp/cm']);
  });

  it("names ssh's failures in words a user can act on", () => {
    assert.match(describeSshFailure('Host key verification failed.\n'), /host key does not match the pinned knownHosts/);
    assert.match(describeSshFailure('load@127.0.0.31: Permission denied (publickey).'), /key was refused/);
    assert.match(describeSshFailure('ssh: connect to host 127.0.0.39 port 2222: Connection refused'), /connection refused/);
    assert.match(describeSshFailure('ssh: connect to host 127.0.0.39 port 22: Connection timed out'), /unreachable/);
    assert.equal(describeSshFailure(''), 'ssh failed with no message');
  });

  it('refuses a non-loopback generator under LOADGATE_LOOPBACK_ONLY=1 before starting ssh', async () => {
    const host = new SshHost({ ...target, host: '192.0.2.30' }, { LOADGATE_LOOPBACK_ONLY: '1' });
    assert.throws(() => host.args(), LoopbackRefusedError);
    await assert.rejects(host.connect(), LoopbackRefusedError);
    await assert.rejects(host.exec('true'), LoopbackRefusedError);
  });

  it("reads a host's CPU times from /proc/stat", () => {
    const stat = 'cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\ncpu1 50 0 25 400 25 0 0 0 0 0\n';
    assert.deepEqual(parseProcStat(stat), { busy: 150, total: 1000, cores: 2 });
    assert.throws(() => parseProcStat('intr 1 2 3'), /no aggregate cpu line/);
  });
});
