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
