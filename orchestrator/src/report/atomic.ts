/**
 * Atomic file writes for the run and its reports: a temp file in the same directory, then rename. If anything fails
 * (disk full, permissions) the temp file is removed and a ResultsError names the file: a reader never
 * sees a truncated report.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { describeError, errnoCode, ResultsError } from '../errors.ts';
import { trackTempFile } from '../temp-files.ts';
import { RESULTS_FILE_MODE } from '../run/run-dir.ts';

/** The codes a full or read-only results disk gives, in words: the one line a user sees should say it. */
const MEANING: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
};

export async function writeAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  const untrack = trackTempFile(tmp);
  try {
    await writeFile(tmp, data, { mode: RESULTS_FILE_MODE }); // reports name production hosts
    await rename(tmp, path);
    untrack();
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    untrack();
    const code = errnoCode(err) ?? describeError(err);
    throw new ResultsError(`cannot write ${path}: ${code}${MEANING[code] ? ` (${MEANING[code]})` : ''}`, { cause: err });
  }
}
