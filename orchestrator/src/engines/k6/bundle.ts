/**
 * The k6 scripts bundled once per content: k6/dist carries the SHA-256 of the k6/ sources it was built from,
 * and a run rebuilds (esbuild, k6/build.ts) only when they changed or a bundle is missing — not inside every run.
 * A registered kind's script (scripts.ts) is bundled the same way into k6/dist/kinds/, with a hash of its own
 * over its entry's folder and k6/lib, so it never makes the built-in bundles rebuild.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { bundleEntries, bundleScenarios } from '../../../../k6/build.ts';
import { K6_DIST_DIR, projectPath } from '../../paths.ts';
import { KINDS_DIST_DIR, registeredScripts, type ScriptOf } from './scripts.ts';

const SOURCE_DIRS = ['k6/scenarios', 'k6/lib'];
const HASH_FILE = join(K6_DIST_DIR, '.sources.sha256');

async function sourceFiles(dirs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const dir of dirs)
    for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
      if (e.isFile() && e.name.endsWith('.ts')) files.push(join(e.parentPath, e.name));
  files.push(projectPath('k6', 'build.ts'));
  return files.sort();
}

/** One hash over every source's path and content, in a fixed order. */
async function hashOf(dirs: readonly string[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of await sourceFiles(dirs))
    h.update(`${relative(projectPath(), f)}\0`)
      .update(await readFile(f))
      .update('\0');
  return h.digest('hex');
}

/** The hash of the built-in scripts' sources (k6/scenarios, k6/lib, k6/build.ts). */
export function sourcesHash(): Promise<string> {
  return hashOf(SOURCE_DIRS.map((d) => projectPath(d)));
}

async function current(hashFile: string, hash: string, bundles: readonly string[]): Promise<boolean> {
  try {
    if ((await readFile(hashFile, 'utf8')).trim() !== hash) return false;
    await Promise.all(bundles.map((b) => access(b)));
    return true;
  } catch {
    return false;
  }
}

async function builtInsCurrent(hash: string): Promise<boolean> {
  try {
    const scenarios = (await readdir(projectPath('k6', 'scenarios'))).filter((f) => f.endsWith('.ts'));
    return await current(
      HASH_FILE,
      hash,
      scenarios.map((f) => join(K6_DIST_DIR, `${basename(f, '.ts')}.js`)),
    );
  } catch {
    return false;
  }
}

async function bundleKind(name: string, script: ScriptOf): Promise<void> {
  await mkdir(KINDS_DIST_DIR, { recursive: true });
  await bundleEntries([{ in: script.entry, out: name }], KINDS_DIST_DIR);
}

/** Bundles unless k6/dist already holds the bundles of these exact sources; true when it bundled. */
export async function ensureBundle(): Promise<boolean> {
  let bundled = false;
  const hash = await sourcesHash();
  if (!(await builtInsCurrent(hash))) {
    await bundleScenarios();
    await writeFile(HASH_FILE, `${hash}\n`);
    bundled = true;
  }
  for (const [name, script] of registeredScripts()) {
    const own = await hashOf([dirname(script.entry), projectPath('k6', 'lib')]);
    const hashFile = join(KINDS_DIST_DIR, `${name}.sha256`);
    if (await current(hashFile, own, [script.bundle])) continue;
    await bundleKind(name, script);
    await writeFile(hashFile, `${own}\n`);
    bundled = true;
  }
  return bundled;
}

/** Bundles every script, built in or registered, whatever k6/dist holds (the k8s export archives fresh bundles). */
export async function bundleAll(): Promise<void> {
  await bundleScenarios();
  for (const [name, script] of registeredScripts()) await bundleKind(name, script);
}
