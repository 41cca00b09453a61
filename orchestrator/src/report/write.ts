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

/**
 * Test hook, read here and nowhere else: LOADGATE_TEST_REPORT_DELAY_MS=<ms> pauses between verdict.json and
 * the other reports, so the chaos tests can interrupt a run at its most delicate moment (half its reports
 * written) deterministically instead of racing a few milliseconds of disk writes. The pause ends early when
 * the run is interrupted. Unset (always, outside those tests) it costs nothing.
 */
const TEST_DELAY_ENV = 'LOADGATE_TEST_REPORT_DELAY_MS';
const TEST_DELAY_MAX_MS = 60_000;

function testHookPause(env: NodeJS.ProcessEnv, signal: AbortSignal | undefined): Promise<void> {
  const raw = env[TEST_DELAY_ENV];
  const ms = raw !== undefined && /^\d+$/.test(raw) ? Math.min(Number(raw), TEST_DELAY_MAX_MS) : 0;
  if (ms === 0 || signal?.aborted === true) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * verdict.json first (the one file other tools read), then the derived reports. `signal` is the run's: when
 * an interrupt lands while these are written, the caller rewrites them all as ABORTED, so the step summary
 * is left to that second pass (appended once, with the status the run exits with).
 */
export async function writeReports(v: Verdict, runDir: string, env: NodeJS.ProcessEnv = {}, signal?: AbortSignal): Promise<void> {
  await writeAtomic(join(runDir, 'verdict.json'), verdictJson(v));
  await testHookPause(env, signal);
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
