/**
 * Writes a verdict's outputs into its run directory, each atomically: verdict.json, report.md,
 * summary.md, report.html, junit.xml; appends summary.md's text to $GITHUB_STEP_SUMMARY when set.
 * (results/latest is repointed by atomic.ts's updateLatest.)
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ResultsError } from '../errors.ts';
import type { Verdict } from '../verdict/types.ts';
import { writeAtomic } from './atomic.ts';
import { htmlReport } from './html.ts';
import { junitReport } from './junit.ts';
import { markdownReport } from './markdown.ts';
import { prSummary } from './summary.ts';

export function verdictJson(v: Verdict): string {
  const { location: _location, ...rest } = v;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

/** Regenerates report.md, summary.md, report.html and junit.xml (what `loadgate report` does). */
export async function writeDerivedReports(v: Verdict, runDir: string): Promise<void> {
  await writeAtomic(join(runDir, 'report.md'), markdownReport(v));
  await writeAtomic(join(runDir, 'summary.md'), prSummary(v));
  await writeAtomic(join(runDir, 'report.html'), htmlReport(v));
  await writeAtomic(join(runDir, 'junit.xml'), junitReport(v));
}

/** What runs between verdict.json and the derived reports; given the run's signal. */
export type BetweenReports = (signal: AbortSignal | undefined) => Promise<void>;

let betweenReports: BetweenReports | undefined;

/**
 * A seam for the chaos tests only (test/helpers/cli-with-report-delay.ts installs a pause here before it
 * starts the real CLI), so they can interrupt a run — or fill its disk — between verdict.json and the other
 * reports instead of racing a few milliseconds of writes. Nothing in loadgate sets it: unset, it costs nothing.
 */
export function setBetweenReports(hook: BetweenReports | undefined): void {
  betweenReports = hook;
}

/**
 * verdict.json first (the one file other tools read), then the derived reports. `signal` is the run's: when
 * an interrupt lands while these are written, the caller rewrites them all as ABORTED, so the step summary
 * is left to that second pass (appended once, with the status the run exits with).
 */
export async function writeReports(v: Verdict, runDir: string, env: NodeJS.ProcessEnv = {}, signal?: AbortSignal): Promise<void> {
  await writeAtomic(join(runDir, 'verdict.json'), verdictJson(v));
  await betweenReports?.(signal);
  await writeDerivedReports(v, runDir);
  if (signal?.aborted === true && v.aborted === undefined) return;
  const summary = env['GITHUB_STEP_SUMMARY'];
  if (summary) {
    try {
      await appendFile(summary, prSummary(v));
    } catch (err) {
      throw new ResultsError(`cannot append to GITHUB_STEP_SUMMARY ${summary}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }
}
