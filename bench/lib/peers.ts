/**
 * Installs the bench's peers, each through its ordinary client, and nothing else: wrk, hey, Locust and redis-benchmark
 * from Debian (apt-get, only when missing and only as root), autocannon from npm into bench/.peers
 * (its own package.json, git-ignored; never the project's dependencies). npm runs with --ignore-scripts
 * so that no package's install script fetches anything.
 * A peer that cannot be had is reported, never fatal.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { which } from '../../orchestrator/src/toolchain.ts';
import { parseToolJson } from './parse.ts';
import { exists } from './proc.ts';

export const PEERS_DIR = fileURLToPath(new URL('../.peers', import.meta.url));

/** Debian packages and the binary each provides. */
const APT_PEERS: ReadonlyArray<{ pkg: string; bin: string }> = [
  { pkg: 'wrk', bin: 'wrk' },
  { pkg: 'hey', bin: 'hey' },
  { pkg: 'python3-locust', bin: 'locust' },
  // redis-benchmark: the reference for the Redis probe (Debian ships it apart from redis-server).
  { pkg: 'redis-tools', bin: 'redis-benchmark' },
];

/**
 * npm peers, pinned. Artillery is not among them: the one release that runs on Node 20 cannot be kept from
 * sending telemetry off loopback (bench/generators/artillery.ts says why).
 */
export const NPM_PEERS: Readonly<Record<string, string>> = { autocannon: '8.0.0' };

const APT_TIMEOUT_MS = 600_000;
const NPM_TIMEOUT_MS = 600_000;

export async function peerBin(name: string): Promise<string | undefined> {
  const path = join(PEERS_DIR, 'node_modules', '.bin', name);
  return (await exists(path)) ? path : undefined;
}

export async function peerVersion(pkg: string): Promise<string> {
  const j = parseToolJson(await readFile(join(PEERS_DIR, 'node_modules', pkg, 'package.json'), 'utf8').catch(() => ''), '');
  const v = j?.['version'];
  return typeof v === 'string' ? v : '?';
}

async function aptInstall(pkgs: string[], log: (line: string) => void): Promise<void> {
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const install = (): Promise<{ exitCode?: number }> =>
    execa('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], {
      reject: false,
      env,
      timeout: APT_TIMEOUT_MS,
      stdin: 'ignore',
    });
  let r = await install();
  if (r.exitCode !== 0) {
    log('peers: apt-get install failed; apt-get update and one retry');
    await execa('apt-get', ['update'], { reject: false, env, timeout: APT_TIMEOUT_MS, stdin: 'ignore' });
    r = await install();
  }
  log(
    r.exitCode === 0
      ? `peers: installed ${pkgs.join(', ')}`
      : `peers: apt-get install ${pkgs.join(' ')} failed (exit ${String(r.exitCode)})`,
  );
}

async function npmInstall(log: (line: string) => void): Promise<void> {
  await mkdir(PEERS_DIR, { recursive: true });
  const manifest = join(PEERS_DIR, 'package.json');
  if (!(await exists(manifest))) await writeFile(manifest, `${JSON.stringify({ name: 'loadgate-bench-peers', private: true }, null, 2)}\n`);
  // One package at a time: one failing must not cost the others.
  for (const [pkg, version] of Object.entries(NPM_PEERS)) {
    if ((await peerBin(pkg)) && (await peerVersion(pkg)) === version) continue;
    log(`peers: npm install ${pkg}@${version} into bench/.peers`);
    const r = await execa('npm', ['install', '--save-exact', '--ignore-scripts', '--no-audit', '--no-fund', `${pkg}@${version}`], {
      cwd: PEERS_DIR,
      reject: false,
      timeout: NPM_TIMEOUT_MS,
      stdin: 'ignore',
    });
    if (r.exitCode !== 0)
      log(
        `peers: npm install ${pkg}@${version} failed: ${String(r.stderr)
          .split('\n')
          .filter((l) => l.includes('ERR') || l.includes('error'))
          .slice(0, 3)
          .join(' | ')}`,
      );
  }
}

/** Installs whatever is missing. Failures are logged; each generator then reports itself unavailable. */
export async function installPeers(log: (line: string) => void): Promise<void> {
  const missing: string[] = [];
  for (const p of APT_PEERS) if (!(await which(p.bin))) missing.push(p.pkg);
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) log(`peers: ${missing.join(', ')} missing and not root: not installed`);
    else if (!(await which('apt-get'))) log(`peers: ${missing.join(', ')} missing and no apt-get: not installed`);
    else await aptInstall(missing, log);
  }
  if (!(await which('npm'))) log('peers: npm not found: autocannon not installed');
  else await npmInstall(log);
}
