/**
 * The k6 scripts bundled once per content: k6/dist carries the SHA-256 of the k6/ sources it was built from,
 * and a run rebuilds (esbuild, k6/build.ts) only when they changed or a bundle is missing — not inside every run.
 */
import { createHash } from 'node:crypto';
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { bundleScenarios } from '../../../../k6/build.ts';
import { K6_DIST_DIR, projectPath } from '../../paths.ts';

const SOURCE_DIRS = ['k6/scenarios', 'k6/lib'];
const HASH_FILE = join(K6_DIST_DIR, '.sources.sha256');

async function sourceFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS)
    for (const e of await readdir(projectPath(dir), { withFileTypes: true, recursive: true }))
      if (e.isFile() && e.name.endsWith('.ts')) files.push(join(e.parentPath, e.name));
  files.push(projectPath('k6', 'build.ts'));
  return files.sort();
}

/** One hash over every source's path and content, in a fixed order. */
export async function sourcesHash(): Promise<string> {
  const h = createHash('sha256');
  for (const f of await sourceFiles())
    h.update(`${relative(projectPath(), f)}\0`)
      .update(await readFile(f))
      .update('\0');
  return h.digest('hex');
}

async function current(hash: string): Promise<boolean> {
  try {
    if ((await readFile(HASH_FILE, 'utf8')).trim() !== hash) return false;
    const scenarios = (await readdir(projectPath('k6', 'scenarios'))).filter((f) => f.endsWith('.ts'));
    await Promise.all(scenarios.map((f) => access(join(K6_DIST_DIR, `${basename(f, '.ts')}.js`))));
    return true;
  } catch {
    return false;
  }
}

/** Bundles unless k6/dist already holds the bundles of these exact sources; true when it bundled. */
export async function ensureBundle(): Promise<boolean> {
  const hash = await sourcesHash();
  if (await current(hash)) return false;
  await bundleScenarios();
  await writeFile(HASH_FILE, `${hash}\n`);
  return true;
}
