/**
 * Rehearsal generator hosts: N real OpenSSH servers (Debian's `sshd`) on loopback addresses of their own, so the
 * distributed path (k6 segments on several hosts, reached over ssh) runs end to end with no VM. Each host has its
 * own throwaway host key; one throwaway user key logs in to all of them; the pinned known_hosts file names every
 * host key, so clients keep `StrictHostKeyChecking=yes`. Everything lives in one temp dir that `stop` removes.
 * The servers are ended by PID, and get SIGTERM when the lab dies (setpriv's parent-death signal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describeError, FlagError, LabStartError } from './errors.ts';
import { stopChild, withParentDeathSignal } from './redis-server.ts';
import { labDirPrefix } from './temp-dirs.ts';
import { GENERATOR_HOST_BASE, GENERATOR_SSH_PORT, MAX_GENERATOR_HOSTS } from './topology.ts';

/** What a client needs to reach one host — the shape of an inventory `generators:` entry. */
export interface GeneratorHost {
  name: string;
  host: string;
  port: number;
  user: string;
  identityFile: string;
  knownHosts: string;
  workdir: string;
  pid: number;
}

export interface RunningGeneratorHosts {
  dir: string;
  hosts: GeneratorHost[];
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

async function run(cmd: string, args: readonly string[]): Promise<string> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  }).catch((err: unknown) => {
    throw new LabStartError(`${cmd}: ${describeError(err)}`, { cause: err });
  });
  if (code !== 0) throw new LabStartError(`${cmd} ${args.join(' ')} failed: ${out.trim().split('\n').pop() ?? ''}`);
  return out;
}

async function newKey(path: string, comment: string): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  return (await readFile(`${path}.pub`, 'utf8')).trim();
}

/** True once something on host:port speaks SSH (its banner), polled: readiness is never assumed. */
function answersSsh(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (b: Buffer) => done(b.toString('latin1').startsWith('SSH-')));
  });
}

function sshdConfig(host: string, port: number, dir: string, index: number, user: string): string {
  return [
    `ListenAddress ${host}:${port}`,
    `HostKey ${join(dir, `host-${index}`)}`,
    `PidFile ${join(dir, `sshd-${index}.pid`)}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The temp dir is the test's own; sshd's ownership checks of a home dir do not apply to it.
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    `AllowUsers ${user}`,
    'AllowTcpForwarding local',
    'X11Forwarding no',
    'LogLevel ERROR',
  ].join('\n');
}

export async function startGeneratorHosts(count: number, log: (line: string) => void): Promise<RunningGeneratorHosts> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATOR_HOSTS) {
    throw new FlagError(`--generators: ${count} is not a whole number from 1 to ${MAX_GENERATOR_HOSTS}`);
  }
  const user = userInfo().username;
  const dir = await mkdtemp(labDirPrefix('sshd'));
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(stopChild));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Privilege separation needs this dir when sshd runs as root; Debian creates it only for its own service.
    if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    const identityFile = join(dir, 'id_ed25519');
    await writeFile(join(dir, 'authorized_keys'), `${await newKey(identityFile, 'loadgate-lab-generator')}\n`, { mode: 0o600 });
    const knownHosts = join(dir, 'known_hosts');
    const hosts: GeneratorHost[] = [];
    const pinned: string[] = [];
    for (let i = 1; i <= count; i++) {
      const host = `127.0.0.${GENERATOR_HOST_BASE + i}`;
      pinned.push(`[${host}]:${GENERATOR_SSH_PORT} ${await newKey(join(dir, `host-${i}`), `gen-${i}`)}`);
      const conf = join(dir, `sshd-${i}.conf`);
      await writeFile(conf, `${sshdConfig(host, GENERATOR_SSH_PORT, dir, i, user)}\n`, { mode: 0o600 });
      const workdir = join(dir, `work-${i}`);
      await mkdir(workdir);
      const [bin, args] = await withParentDeathSignal(SSHD, ['-D', '-e', '-f', conf]);
      const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      child.stderr?.on('data', (b: Buffer) => {
        for (const line of b.toString('utf8').split('\n')) if (line.trim() !== '') log(`sshd gen-${i}: ${line.trim()}`);
      });
      if (child.pid === undefined) throw new LabStartError(`sshd for gen-${i} could not be started (is openssh-server installed?)`);
      hosts.push({ name: `gen-${i}`, host, port: GENERATOR_SSH_PORT, user, identityFile, knownHosts, workdir, pid: child.pid });
    }
    await writeFile(knownHosts, `${pinned.join('\n')}\n`, { mode: 0o600 });
    const deadline = Date.now() + 5000;
    for (const [i, h] of hosts.entries()) {
      for (;;) {
        const child = children[i];
        if (child !== undefined && child.exitCode !== null) {
          throw new LabStartError(`sshd for ${h.name} on ${h.host}:${h.port} exited with ${child.exitCode} (see the lab log)`);
        }
        if (await answersSsh(h.host, h.port)) break;
        if (Date.now() > deadline) throw new LabStartError(`sshd for ${h.name} did not answer on ${h.host}:${h.port} within 5 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    log(`generator hosts ready: ${hosts.map((h) => `${h.name}=${h.host}:${h.port}`).join(' ')}`);
    return { dir, hosts, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
