#!/usr/bin/env node
// Runs orchestrator/test/mutation/decision-tests.ts for StrykerJS's command runner, once per mutant.
// Through tsx every run re-loads the TypeScript loader and re-reads ~100 modules: about 3 s of CPU a run,
// four times what the tests themselves take, on a machine that runs ~1,000 of them. So the tests are bundled
// once with esbuild (the same transform tsx uses) into one plain ESM file, and each run is a bare `node`:
// Stryker's mutants are all in the bundle (mutant schemata) and chosen per run by __STRYKER_ACTIVE_MUTANT__.
// Each module's `import.meta.url` is replaced by its own file's URL, so paths it resolves next to itself
// (orchestrator/src/paths.ts) are the same as unbundled. And the tests' `test()` stops the process at the
// first failing test (exit 1): a mutant is killed by one failure, so the other hundred tests need not run.
//   --cache   reuse the bundle between runs (Stryker's sandbox: built once, deleted with the sandbox);
//             without it the bundle is built fresh and removed when the tests end.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'orchestrator', 'test', 'mutation', 'decision-tests.ts');
const cache = process.argv.includes('--cache');

const BAIL_SHIM = `
import * as real from 'node:test';
export * from 'node:test';
function bail(fn) {
  return async function (...args) {
    try {
      return await fn.apply(this, args);
    } catch (err) {
      process.stderr.write('first failing test: ' + (err && err.stack ? err.stack : String(err)) + '\\n');
      process.exit(1);
    }
  };
}
export function test(name, options, fn) {
  if (typeof name === 'function') return real.test(bail(name));
  if (typeof options === 'function') return real.test(name, bail(options));
  return real.test(name, options, typeof fn === 'function' ? bail(fn) : fn);
}
`;

async function bundle(outfile) {
  const { build } = await import('esbuild');
  const ownUrl = {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => ({
        contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: 'ts',
      }));
    },
  };
  // `node:test` as the tests import it: the same, except that a test that fails ends the run there.
  const bail = {
    name: 'bail-on-first-failure',
    setup(b) {
      b.onResolve({ filter: /^node:test$/ }, (args) =>
        args.namespace === 'bail' ? { path: 'node:test', external: true } : { path: 'node:test', namespace: 'bail' },
      );
      b.onLoad({ filter: /.*/, namespace: 'bail' }, () => ({ contents: BAIL_SHIM, loader: 'js' }));
    },
  };
  const tmp = `${outfile}.${process.pid}.tmp.mjs`;
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: tmp,
    logLevel: 'warning',
    plugins: [ownUrl, bail],
  });
  // Two workers may build at once: each writes its own file and the rename is atomic.
  renameSync(tmp, outfile);
}

// In the project's root, so the bundle's bare imports resolve from its node_modules.
const outfile = join(root, cache ? '.mutation-bundle.mjs' : `.mutation-bundle-${process.pid}.mjs`);
if (!cache || !existsSync(outfile)) await bundle(outfile);
if (!cache) process.on('exit', () => rmSync(outfile, { force: true }));
await import(pathToFileURL(outfile).href);
