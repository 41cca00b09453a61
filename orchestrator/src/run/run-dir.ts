/**
 * Run directories: `results/<run-id>/`, created exclusively so two runs can never share (or clobber) one,
 * and never reused. The id sorts by time: `<UTC yyyymmdd-HHMMSS>-<profile>-<4 hex>`.
 */
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describeError, errnoCode, ResultsError } from '../errors.ts';

export interface RunDir {
  runId: string;
  path: string;
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export async function createRunDir(resultsDir: string, profile: string, now = new Date()): Promise<RunDir> {
  try {
    await mkdir(resultsDir, { recursive: true });
  } catch (err) {
    throw new ResultsError(`cannot create results directory ${resultsDir}: ${errnoCode(err) ?? describeError(err)}`, {
      cause: err,
    });
  }
  const safeProfile = profile.replace(/[^A-Za-z0-9_-]/g, '_');
  for (let attempt = 0; attempt < 5; attempt++) {
    const runId = `${stamp(now)}-${safeProfile}-${randomBytes(2).toString('hex')}`;
    const path = join(resultsDir, runId);
    try {
      // Not recursive: EEXIST tells us another run took this id, and we pick another.
      await mkdir(path);
      return { runId, path };
    } catch (err) {
      if (errnoCode(err) === 'EEXIST') continue;
      throw new ResultsError(`cannot create run directory ${path}: ${errnoCode(err) ?? describeError(err)}`, { cause: err });
    }
  }
  throw new ResultsError(`cannot find a free run id under ${resultsDir}`);
}
