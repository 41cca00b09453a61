/**
 * Finds the external programs loadgate drives and reads their versions. k6 comes from the project's own
 * .tools/bin (built by `make setup`) unless LOADGATE_K6 names another binary; redis-server and go come
 * from PATH. Nothing here installs anything: it only reports what is present.
 */
import { access, constants, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { ToolError } from './errors.ts';
import { projectPath, TOOLS_DIR } from './paths.ts';

export interface Tool {
  name: string;
  /** Absolute path, or undefined when not found. */
  path: string | undefined;
  /** The version the tool reports (e.g. `v2.2.0`), or undefined. */
  version: string | undefined;
  /** Where it came from, for `loadgate doctor`. */
  source: string;
  /** How to get it when it is missing. */
  remedy: string;
  /** Whether `make load` needs it. */
  required: boolean;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function which(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function versionOf(path: string, args: string[], pattern: RegExp): Promise<string | undefined> {
  const r = await execa(path, args, { reject: false, timeout: 10_000, stdin: 'ignore' });
  const m = pattern.exec(`${r.stdout}\n${r.stderr}`);
  return m?.[1];
}

/** The k6 version pinned in scripts/versions.env. */
export async function pinnedK6Version(): Promise<string> {
  const text = await readFile(projectPath('scripts', 'versions.env'), 'utf8');
  const m = /^K6_VERSION=(\S+)$/m.exec(text);
  if (!m?.[1]) throw new ToolError('scripts/versions.env: K6_VERSION is not set');
  return m[1];
}

export async function findK6(env: NodeJS.ProcessEnv = process.env): Promise<Tool> {
  const override = env['LOADGATE_K6'];
  const local = join(TOOLS_DIR, 'bin', 'k6');
  let path: string | undefined;
  let source: string;
  if (override) {
    path = (await isExecutable(override)) ? override : undefined;
    source = 'LOADGATE_K6';
  } else if (await isExecutable(local)) {
    path = local;
    source = `built by make setup (go install go.k6.io/k6/v2@${await pinnedK6Version()})`;
  } else {
    path = await which('k6', env);
    source = 'PATH';
  }
  const version = path ? await versionOf(path, ['version'], /k6 (v\d+\.\d+\.\d+\S*)/) : undefined;
  return { name: 'k6', path, version, source, remedy: "run 'make setup' (builds k6 with go install)", required: true };
}

export async function findRedisServer(env: NodeJS.ProcessEnv = process.env): Promise<Tool> {
  const path = await which('redis-server', env);
  const version = path ? await versionOf(path, ['--version'], /v=(\d+\.\d+\.\d+)/) : undefined;
  return {
    name: 'redis-server',
    path,
    version,
    source: 'PATH',
    remedy: "run 'make setup' as root, or 'apt-get install redis-server'",
    required: true,
  };
}

export async function findGo(env: NodeJS.ProcessEnv = process.env): Promise<Tool> {
  const path = await which('go', env);
  const version = path ? await versionOf(path, ['version'], /go version go(\S+)/) : undefined;
  return { name: 'go', path, version, source: 'PATH', remedy: 'install Go >= 1.26 (needed only to build k6)', required: false };
}

export function nodeTool(): Tool {
  return {
    name: 'node',
    path: process.execPath,
    version: process.versions.node,
    source: 'running',
    remedy: 'install Node >= 20.19',
    required: true,
  };
}

/** Resolves k6 or throws a ToolError that says how to get it. */
export async function requireK6(env: NodeJS.ProcessEnv = process.env): Promise<Tool & { path: string; version: string }> {
  const k6 = await findK6(env);
  if (!k6.path || !k6.version) throw new ToolError(`k6 not found (${k6.source}): ${k6.remedy}`);
  return { ...k6, path: k6.path, version: k6.version };
}
