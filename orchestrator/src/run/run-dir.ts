/**
 * Run directories: `results/<run-id>/`, created exclusively so two runs can never share (or clobber) one,
 * and never reused. The id sorts by time: `<UTC yyyymmdd-HHMMSS>-<profile>-<4 hex>`. Created 0750 (files
 * 0640, see RESULTS_FILE_MODE): samples and plans name production hosts. Whatever would stop the run at its
 * end (`latest` that is not a symlink, a directory that cannot be written) is found here, before any traffic.
 */
import { lstat, mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describeError, errnoCode, ResultsError } from '../errors.ts';
import { RESULTS_DIR_MODE } from '../paths.ts';

export interface RunDir {
  runId: string;
  path: string;
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export { RESULTS_DIR_MODE, RESULTS_FILE_MODE, RESULTS_UMASK } from '../paths.ts';

/** A fresh run id (`loadgate export` names its runners' results with one before any directory exists). */
export function newRunId(profile: string, now = new Date()): string {
  return `${stamp(now)}-${profile.replace(/[^A-Za-z0-9_-]/g, '_')}-${randomBytes(2).toString('hex')}`;
}

/** `latest` is replaced by a rename at the end of the run: a directory or a file there would fail only then. */
async function checkLatest(resultsDir: string): Promise<void> {
  const link = join(resultsDir, 'latest');
  try {
    if ((await lstat(link)).isSymbolicLink()) return;
  } catch {
    return; // absent: the first complete run creates it
  }
  throw new ResultsError(`${link} exists and is not a symbolic link: move it away; nothing was sent`);
}

export async function createRunDir(resultsDir: string, profile: string, now = new Date()): Promise<RunDir> {
  try {
    await mkdir(resultsDir, { recursive: true, mode: RESULTS_DIR_MODE });
  } catch (err) {
    throw new ResultsError(`cannot create results directory ${resultsDir}: ${errnoCode(err) ?? describeError(err)}`, {
      cause: err,
    });
  }
  await checkLatest(resultsDir);
  for (let attempt = 0; attempt < 5; attempt++) {
    const runId = newRunId(profile, now);
    const path = join(resultsDir, runId);
    try {
      // Not recursive: EEXIST tells us another run took this id, and we pick another.
      await mkdir(path, { mode: RESULTS_DIR_MODE });
      return { runId, path };
    } catch (err) {
      if (errnoCode(err) === 'EEXIST') continue;
      throw new ResultsError(`cannot create run directory ${path}: ${errnoCode(err) ?? describeError(err)}; nothing was sent`, {
        cause: err,
      });
    }
  }
  throw new ResultsError(`cannot find a free run id under ${resultsDir}`);
}
