/**
 * The console summary: a compact table (one row per scenario) and ONE final verdict line naming why,
 * e.g. `verdict: FAIL (exit 1) — chat: chat_turn_duration p(95)<2000 observed 3012.4 ms`.
 */
import type { Verdict } from '../verdict/types.ts';
import { failureConsoleLines } from './failures.ts';
import { capacityLines } from './stages.ts';
import { criterionDecision } from '../scenario-result.ts';
import { mainLatency, ms, pct, requestsAndSuccess } from './format.ts';
import { gateExitCode, policyFlag, waiverWarning } from '../verdict/gate.ts';

export function consoleSummary(v: Verdict): string[] {
  const rows: string[][] = [['scenario', 'status', 'requests', 'success', 'p95', 'p99', 'criteria']];
  for (const s of v.scenarios) {
    const m = s.metrics[mainLatency(s) ?? ''];
    const { requests, success } = requestsAndSuccess(s);
    const passed = s.criteria.filter((c) => criterionDecision(c) === 'pass').length;
    rows.push([
      s.name,
      s.status.toUpperCase(),
      requests === undefined ? '—' : String(requests),
      pct(success),
      ms(m?.p95),
      ms(m?.p99),
      `${passed}/${s.criteria.length}`,
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const lines = rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  const failures = failureConsoleLines(v);
  if (failures.length > 0) lines.push('failures:', ...failures);
  lines.push(...capacityLines(v));
  for (const w of v.warnings) lines.push(`warning: ${w}`);
  const waiver = waiverWarning(v);
  if (waiver !== undefined) lines.push(`WARNING: ${waiver}`);
  lines.push(verdictLine(v));
  return lines;
}

export function verdictLine(v: Verdict): string {
  const why = v.reasons.length === 0 ? '' : ` — ${v.reasons[0] ?? ''}${v.reasons.length > 1 ? ` (+${v.reasons.length - 1} more)` : ''}`;
  // A waived status shows the code the process really exits with, and why it is not the status's own.
  const exit = v.gate?.waived === undefined ? `exit ${gateExitCode(v)}` : `exit 0, waived by ${policyFlag(v.gate.failOn)}`;
  return `verdict: ${v.status} (${exit})${why}`;
}
