/**
 * The failure breakdown as every report shows it: one row per (step, status) with counts, first and last
 * time and the answer sample; the console prints the top entries as lines.
 */
import { describeFailure, type FailureEntry } from '../verdict/failures.ts';
import type { ScenarioVerdict, Verdict } from '../verdict/types.ts';

export const FAILURE_COLUMNS = ['step', 'request', 'status', 'failed', 'tries', 'first', 'last', 'reason', 'answer (first characters)'];

/** Raw text cells: each report escapes them its own way. */
export function failureRows(failures: readonly FailureEntry[]): string[][] {
  return failures.map((f) => [
    f.step,
    f.request,
    f.statusText,
    String(f.count),
    String(f.tries),
    f.first,
    f.last,
    f.reason,
    f.answer ?? '—',
  ]);
}

/** Entries the console names per scenario. */
const CONSOLE_TOP = 3;

export function failureConsoleLines(v: Verdict): string[] {
  return v.scenarios.flatMap((s: ScenarioVerdict) => {
    const list = s.failures ?? [];
    const more = list.length > CONSOLE_TOP ? [`  ${s.name}: … ${list.length - CONSOLE_TOP} more (report.md)`] : [];
    return [...list.slice(0, CONSOLE_TOP).map((f) => `  ${s.name}: failed at ${describeFailure(f)}`), ...more];
  });
}
