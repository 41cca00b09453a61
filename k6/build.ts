/**
 * Bundles every k6/scenarios/*.ts into k6/dist/<name>.js for k6 to run (and, through bundleEntries, the
 * script of a kind that is not built in, wherever its entry is).
 * esbuild only strips types; `make check` runs `tsc --noEmit -p k6` for the type checking.
 */
import { build } from 'esbuild';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const k6Dir = dirname(fileURLToPath(import.meta.url));
const scenariosDir = join(k6Dir, 'scenarios');
const outdir = join(k6Dir, 'dist');

export async function bundleScenarios(): Promise<string[]> {
  const entries = (await readdir(scenariosDir)).filter((f) => f.endsWith('.ts')).map((f) => join(scenariosDir, f));
  await bundleEntries(
    entries.map((e) => ({ in: e, out: basename(e, '.ts') })),
    outdir,
  );
  return entries.map((e) => join(outdir, `${basename(e, '.ts')}.js`));
}

/** Bundles each entry (`in`: a .ts path) into `<dir>/<out>.js`, the same way for every scenario script. */
export async function bundleEntries(entries: ReadonlyArray<{ in: string; out: string }>, dir: string): Promise<void> {
  await build({
    entryPoints: [...entries],
    outdir: dir,
    // One self-contained file per scenario: k6 resolves only its own modules, not node_modules.
    bundle: true,
    // k6 loads ES modules natively; keeping ESM lets k6 see `export default` and `export function`.
    format: 'esm',
    // k6's runtime (Sobek) supports ES2020+ but not every newer syntax; this keeps output it can parse.
    target: 'es2020',
    // k6 has no Node built-ins: the bundle must not assume a Node platform.
    platform: 'neutral',
    // `k6` and `k6/*` are k6's built-in modules, resolved by k6 at run time, never bundled.
    external: ['k6', 'k6/*'],
    // Stack traces from a failing VU point at the TypeScript line, not the bundle.
    sourcemap: 'inline',
    // Readable output: the bundles are small, and a human may read them next to a k6 error.
    minify: false,
    // Keep function names: k6 scenarios reference exported functions by name (`exec`).
    keepNames: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outputs = await bundleScenarios();
  process.stdout.write(`bundled ${outputs.length} k6 scenario(s) into ${outdir}\n`);
}
