/**
 * One-line progress for a k6 scenario. Without --quiet and without a TTY, k6 prints a status line every
 * second on stdout (`running (04.0s), 2/2 VUs, 7773 complete and 0 interrupted iterations`); on an
 * interactive terminal the runner parses those and feeds the live board (run/live.ts) its row. Pure.
 */
import type { ExecutorPlan } from '../../plan/types.ts';
import { durationSeconds } from './duration.ts';

export interface K6Progress {
  elapsed: string;
  vus: number;
  maxVus: number;
  complete: number;
  interrupted: number;
}

const LINE = /^running \(([^)]+)\), (\d+)\/(\d+) VUs, (\d+) complete and (\d+) interrupted iterations/;

export function parseProgressLine(line: string): K6Progress | undefined {
  const m = LINE.exec(line.trim());
  if (!m) return undefined;
  return { elapsed: m[1] ?? '', vus: Number(m[2]), maxVus: Number(m[3]), complete: Number(m[4]), interrupted: Number(m[5]) };
}

/** k6's own notices at warning level that say nothing about the target (the dashboard of a short run). */
const BENIGN_WARNING = /report generation was skipped/;

/** k6 log lines at level error or warning (our scripts log failures as warnings), minus k6's benign notices. */
export function isErrorLogLine(line: string): boolean {
  return /level=(error|warning)/.test(line) && !BENIGN_WARNING.test(line);
}

/** What the live board's bar runs to: the executor's planned duration, or its iteration count. */
export function plannedLoad(executor: ExecutorPlan): { seconds: number | undefined; iterations: number | undefined } {
  const sum = (stages: ReadonlyArray<{ duration: string }>): number => stages.reduce((a, s) => a + durationSeconds(s.duration), 0);
  switch (executor.type) {
    case 'shared-iterations':
      return { seconds: undefined, iterations: executor.iterations };
    case 'per-vu-iterations':
      return { seconds: undefined, iterations: executor.iterations * executor.vus };
    case 'constant-vus':
    case 'constant-arrival-rate':
      return { seconds: durationSeconds(executor.duration), iterations: undefined };
    case 'ramping-vus':
    case 'ramping-arrival-rate':
      return { seconds: sum(executor.stages), iterations: undefined };
  }
}

/** k6's elapsed time as it prints it (`04.0s`, `1m02.5s`, `1h00m05.0s`) in seconds; undefined if unreadable. */
export function elapsedSeconds(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(\d+(?:\.\d+)?)s$/.exec(text.trim());
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3]) : undefined;
}
