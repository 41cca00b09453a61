/**
 * Writes a verdict's outputs into its run directory, each atomically: verdict.json, report.md,
 * report.html, junit.xml; appends the Markdown summary to $GITHUB_STEP_SUMMARY when set. `updateLatest`
 * repoints results/latest at a complete run by swapping a symlink with rename (never a dangling moment).
 */
import { appendFile, rm, symlink, rename } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ResultsError } from '../errors.ts';
import type { Verdict } from '../verdict/types.ts';
import { writeAtomic } from './atomic.ts';
import { htmlReport } from './html.ts';
import { junitReport } from './junit.ts';
import { markdownReport, markdownSummary } from './markdown.ts';

export function verdictJson(v: Verdict): string {
  const { location: _location, ...rest } = v;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

/** Regenerates report.md, report.html and junit.xml (what `loadgate report` does). */
export async function writeDerivedReports(v: Verdict, runDir: string): Promise<void> {
  await writeAtomic(join(runDir, 'report.md'), markdownReport(v));
  await writeAtomic(join(runDir, 'report.html'), htmlReport(v));
  await writeAtomic(join(runDir, 'junit.xml'), junitReport(v));
}

export async function writeReports(v: Verdict, runDir: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  await writeAtomic(join(runDir, 'verdict.json'), verdictJson(v));
  await writeDerivedReports(v, runDir);
  const summary = env['GITHUB_STEP_SUMMARY'];
  if (summary) {
    try {
      await appendFile(summary, markdownSummary(v));
    } catch (err) {
      throw new ResultsError(`cannot append to GITHUB_STEP_SUMMARY ${summary}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }
}

export async function updateLatest(resultsDir: string, runId: string): Promise<void> {
  const link = join(resultsDir, 'latest');
  const tmp = join(resultsDir, `.latest.${process.pid}.${randomBytes(3).toString('hex')}`);
  try {
    // Relative target: the results directory can be moved or mounted elsewhere.
    await symlink(runId, tmp);
    await rename(tmp, link);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new ResultsError(`cannot point ${link} at ${runId}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
