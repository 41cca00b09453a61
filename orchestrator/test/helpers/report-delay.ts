/**
 * The pause the chaos tests put between verdict.json and the other reports (see cli-with-report-delay.ts):
 * the variable that carries its length to the test-only CLI entry, and the pause itself.
 */
export const REPORT_DELAY_ENV = 'LOADGATE_TEST_REPORT_DELAY_MS';

/** Resolves after `ms`, or at once when `signal` aborts (the run was interrupted). */
export function pauseUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted === true) return Promise.resolve();
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
