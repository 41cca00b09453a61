/**
 * Preflight for the run's ssh generators, before anything is sent to a target: connect (the pinned host key),
 * find k6 (the configured path answers `k6 version`, or `copy`: the host's `uname -m` matches this machine and
 * the pinned build is there under its SHA-256 — checked on the host every run, shipped when it is not), read its cores and measure its clock against ours. Any failure
 * is a PreflightError (exit 3) naming the generator. `closeGenerators` removes the per-run directories and ends
 * the connections.
 */
import { arch as localArch } from 'node:os';
import { PreflightError } from '../../../errors.ts';
import type { GeneratorPlan } from '../../../plan/types.ts';
import { shellQuote } from '../../../shell-quote.ts';
import { readLocalFile, SshHost, type LocalFile } from '../../../generators/ssh.ts';

type SshGeneratorPlan = Extract<GeneratorPlan, { kind: 'ssh' }>;

export interface ReadyGenerator {
  name: string;
  plan: SshGeneratorPlan;
  host: SshHost;
  /** k6 on the host. */
  k6: string;
  k6Version: string;
  cores: number;
  /** The host's clock minus ours (ms) and the round trip it was measured with. */
  clock: { offsetMs: number; rttMs: number };
  /** `<workdir>/<runId>`: this run's directory on the host (removed at the end). */
  runDir: string;
}

/** Node's names for this machine's architecture as `uname -m` prints them. */
const UNAME: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64', arm: 'armv7l', ia32: 'i686' };

/** `k6 v2.2.0 (commit/…, go1.x, linux/amd64)` → `v2.2.0`. */
export function k6VersionOf(text: string): string | undefined {
  return /\bk6 (v\d+\.\d+\.\d+\S*)/.exec(text)?.[1];
}

async function ready(g: SshGeneratorPlan, o: GeneratorsContext, build: () => Promise<LocalFile>): Promise<ReadyGenerator> {
  const host = new SshHost(
    {
      name: g.name,
      host: g.host,
      port: g.port,
      user: g.user,
      knownHosts: g.knownHosts,
      ...(g.identityFile === undefined ? {} : { identityFile: g.identityFile }),
    },
    o.env,
  );
  try {
    await host.connect();
    const workdir = g.workdir.replace(/\/+$/, '');
    const runDir = `${workdir}/${o.runId}`;
    let k6: string;
    if ('copy' in g.k6) {
      const want = UNAME[localArch()] ?? localArch();
      const got = await host.arch();
      if (got !== want)
        throw new PreflightError(`generator ${g.name} (${host.where()}): its architecture is ${got}; the pinned k6 is built for ${want}`);
      const local = await build();
      k6 = `${workdir}/${K6_CACHE}/${local.sha256}/k6`;
      // Shipped once per build, not once per run: a copy whose SHA-256 (taken on the host, every run) is the
      // pinned build's is that build; anything else there is replaced.
      if ((await host.sha256(k6)) !== local.sha256) await host.upload(local, k6, '0755');
    } else k6 = g.k6.path;
    const out = await host.must(`${shellQuote(k6)} version`, `k6 at ${k6}`, { timeoutMs: 30_000 });
    const k6Version = k6VersionOf(out);
    if (k6Version === undefined)
      throw new PreflightError(`generator ${g.name} (${host.where()}): ${k6} is not k6 ('${out.trim().slice(0, 80)}')`);
    const cores = g.cores ?? (await host.cpuTimes()).cores;
    const clock = await host.clockOffset();
    return { name: g.name, plan: g, host, k6, k6Version, cores, clock, runDir };
  } catch (err) {
    await host.close();
    throw err;
  }
}

/**
 * `<workdir>/.k6/<sha256>/k6`: the copied k6, kept across runs under its checksum (never in the per-run
 * directory, which is removed). A k6 upgrade adds a directory; `rm -rf <workdir>/.k6` reclaims the old ones.
 */
export const K6_CACHE = '.k6';

export interface GeneratorsContext {
  runId: string;
  env: NodeJS.ProcessEnv;
  /** The pinned local k6, shipped to `copy` generators. */
  localK6: string;
  progress?: (line: string) => void;
}

/** Every ssh generator made ready, side by side; the first failure ends every connection made and is thrown. */
export async function prepareGenerators(generators: readonly GeneratorPlan[], o: GeneratorsContext): Promise<Map<string, ReadyGenerator>> {
  const ssh = generators.filter((g): g is SshGeneratorPlan => g.kind === 'ssh');
  // The pinned build is read and hashed once for every `copy` generator of the run, and only if there is one.
  let build: Promise<LocalFile> | undefined;
  const once = (): Promise<LocalFile> => (build ??= readLocalFile(o.localK6));
  const settled = await Promise.allSettled(ssh.map((g) => ready(g, o, once)));
  const made = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) {
    await closeGenerators(made);
    throw failed.reason;
  }
  for (const g of made)
    o.progress?.(
      `generator ${g.name} (${g.host.where()}): k6 ${g.k6Version}, ${g.cores} cores, clock offset ${Math.round(g.clock.offsetMs)} ms (±${Math.ceil(g.clock.rttMs / 2)} ms)`,
    );
  return new Map(made.map((g) => [g.name, g]));
}

/**
 * `rm -rf` of the run directory, tried up to 3 times: a k6 still winding down after an interrupt can create a file
 * in it while rm works ("Directory not empty"), and the directory would then outlive the run.
 */
async function removeRunDir(g: ReadyGenerator): Promise<string | undefined> {
  let why = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const r = await g.host.exec(`rm -rf ${shellQuote(g.runDir)}`, { timeoutMs: 30_000 });
    if (r.exitCode === 0) return undefined;
    why = r.timedOut ? 'timed out' : (r.stderr.trim().split('\n').pop() ?? `exit ${r.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return `generator ${g.name} (${g.host.where()}): its run directory ${g.runDir} could not be removed (${why}); remove it by hand`;
}

/**
 * Removes each generator's run directory (unless kept) and ends its connection; never throws. Returns a warning
 * per directory that could not be removed, for the verdict: what loadgate leaves on a host is said, not hidden.
 */
export async function closeGenerators(generators: Iterable<ReadyGenerator>, keepRemote = false): Promise<string[]> {
  const left = await Promise.all(
    [...generators].map(async (g) => {
      await g.host.settle();
      const warning = keepRemote ? undefined : await removeRunDir(g);
      await g.host.close();
      return warning;
    }),
  );
  return left.filter((w): w is string => w !== undefined);
}
