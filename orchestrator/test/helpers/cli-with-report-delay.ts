/**
 * A test-only entry to the real CLI: `node --import tsx orchestrator/test/helpers/cli-with-report-delay.ts
 * <loadgate args>` with LOADGATE_TEST_REPORT_DELAY_MS=<ms> (read here, never in src) is loadgate with a pause
 * of that many milliseconds (at most 60 s) between verdict.json and the other reports, installed through the
 * report writer's seam (report/write.ts setBetweenReports). The pause ends early when the run is interrupted.
 * The chaos tests start it through spawnCli's `reportDelayMs`.
 */
import { setBetweenReports } from '../../src/report/write.ts';
import { pauseUnlessAborted, REPORT_DELAY_ENV } from './report-delay.ts';

const MAX_MS = 60_000;

const raw = process.env[REPORT_DELAY_ENV] ?? '';
if (!/^\d+$/.test(raw)) throw new Error(`${REPORT_DELAY_ENV} must be a whole number of milliseconds, not '${raw}'`);
const ms = Math.min(Number(raw), MAX_MS);
setBetweenReports((signal) => pauseUnlessAborted(ms, signal));
await import('../../src/cli/main.ts');
