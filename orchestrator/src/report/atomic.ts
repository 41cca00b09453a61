/**
 * Atomic file writes for the run and its reports: a temp file in the same directory, then rename. If anything fails
 * (disk full, permissions) the temp file is removed and a ResultsError names the file: a reader never
 * sees a truncated report.
 */
import { randomBytes } from 'node:crypto';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, errnoCode, ResultsError } from '../errors.ts';
import { replaceAtomically } from '../temp-files.ts';
import { RESULTS_FILE_MODE } from '../paths.ts';

/** The codes a full or read-only results disk gives, in words: the one line a user sees should say it. */
const MEANING: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
};

/** A temp name beside `path`, unique to this process and call. */
const tmpBeside = (path: string): string => `${path}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;

export async function writeAtomic(path: string, data: string): Promise<void> {
  await replaceAtomically(
    path,
    (tmp) => writeFile(tmp, data, { mode: RESULTS_FILE_MODE }), // reports name production hosts
    tmpBeside(path),
    (err) => {
      const code = errnoCode(err) ?? describeError(err);
      return new ResultsError(`cannot write ${path}: ${code}${MEANING[code] ? ` (${MEANING[code]})` : ''}`, { cause: err });
    },
  );
}

/** Repoints `<resultsDir>/latest` at a run, atomically: a reader sees the old run or the new one, never neither. */
export async function updateLatest(resultsDir: string, runId: string): Promise<void> {
  const link = join(resultsDir, 'latest');
  await replaceAtomically(
    link,
    // Relative target: the results directory can be moved or mounted elsewhere.
    (tmp) => symlink(runId, tmp),
    join(resultsDir, `.latest.${process.pid}.${randomBytes(3).toString('hex')}`),
    (err) => new ResultsError(`cannot point ${link} at ${runId}: ${describeError(err)}`, { cause: err }),
  );
}
