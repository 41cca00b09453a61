/**
 * Where things are: the project root (found from this file, not the working directory, so `loadgate`
 * works from anywhere) and the fixed places under it.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const PROJECT_ROOT = resolve(here, '..', '..');

export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}

/** The project-local toolchain directory written by scripts/setup.sh. */
export const TOOLS_DIR = projectPath('.tools');

/** Bundled k6 scripts (k6/build.ts writes them). */
export const K6_DIST_DIR = projectPath('k6', 'dist');

/** Default results directory; `--results-dir` overrides it. */
export const RESULTS_DIR = projectPath('results');

/** Modes of the results directory and its files (run/run-dir.ts, report/atomic.ts): they name production hosts. */
export const RESULTS_DIR_MODE = 0o750;
export const RESULTS_FILE_MODE = 0o640;
/** Given to the whole run (k6 and the lab inherit it): nothing it writes is readable by others. */
export const RESULTS_UMASK = 0o027;
