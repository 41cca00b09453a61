/**
 * summary.md: the run in a few lines, small enough for a PR comment (and what loadgate appends to
 * $GITHUB_STEP_SUMMARY): the verdict line, the gate policy, one row per scenario, the regressions against
 * the baseline and the top failure causes as the verdict holds them (its reasons, then the errors and faults
 * observed). Everything a target could have written is escaped; long lines are clipped; report.md has the rest.
 */
import type { Verdict } from '../verdict/types.ts';
import { gateExitCode, policyFlag, waiverWarning } from '../verdict/gate.ts';
import { verdictLine } from './console.ts';
import { faultLines, mainLatency, ms, pct, requestsAndSuccess } from './format.ts';
import { clip, mdText } from './markdown-escape.ts';

/** How many failure causes the comment lists before pointing at report.md. */
export const TOP_CAUSES = 5;
/** The longest a cause (or any target-written cell) may be in the comment, in characters. */
export const CAUSE_MAX_CHARS = 240;

const text = (t: string): string => mdText(clip(t, CAUSE_MAX_CHARS));
const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: string[][]): string[] => [row(head), row(head.map(() => '---')), ...rows.map(row)];

export function prSummary(v: Verdict): string {
  const lines = [
    `### loadgate: ${v.status} (exit ${gateExitCode(v)})`,
    '',
    `Run \`${mdText(v.runId)}\`, profile \`${mdText(v.profile)}\`, inventory \`${mdText(v.inventory.name)}\`.`,
    '',
    `**${text(verdictLine(v))}**`,
    '',
  ];
  const waiver = waiverWarning(v);
  if (v.gate) lines.push(`Gate policy: \`${policyFlag(v.gate.failOn)}\`.`, '');
  if (waiver !== undefined) lines.push(`> **⚠ WARNING:** ${text(waiver)}`, '');
  lines.push(...scenarioTable(v), '', ...regressions(v), '', ...causes(v));
  return `${lines.join('\n')}\n`;
}

function scenarioTable(v: Verdict): string[] {
  if (v.scenarios.length === 0) return ['No scenario ran.'];
  return table(
    ['scenario', 'status', 'requests', 'success', 'p95', 'criteria'],
    v.scenarios.map((s) => {
      const { requests, success } = requestsAndSuccess(s);
      const passed = s.criteria.filter((c) => c.ok === true).length;
      return [
        text(s.name),
        s.status.toUpperCase(),
        requests === undefined ? '—' : String(requests),
        pct(success),
        ms(s.metrics[mainLatency(s) ?? '']?.p95),
        `${passed}/${s.criteria.length}`,
      ];
    }),
  );
}

function regressions(v: Verdict): string[] {
  if (!v.baseline) return ['Baseline: none given, nothing compared.'];
  const base = mdText(v.baseline.baseRunId);
  const found = v.baseline.deltas.filter((d) => d.outcome === 'regression');
  if (found.length === 0) return [`Regressions against baseline \`${base}\`: none (${v.baseline.deltas.length} p95 compared).`];
  return [
    `Regressions against baseline \`${base}\` (p95 +${(v.baseline.minEffect * 100).toFixed(0)} % or more, p < ${v.baseline.alpha}):`,
    '',
    ...table(
      ['scenario', 'selector', 'p95 before', 'p95 after', 'change', 'p-value'],
      found.map((d) => [
        text(d.scenario),
        text(d.selector),
        ms(d.base),
        ms(d.current),
        `${d.change >= 0 ? '+' : ''}${(d.change * 100).toFixed(1)} %`,
        d.pValue === null ? '—' : d.pValue.toPrecision(2),
      ]),
    ),
  ];
}

/** The verdict's reasons first (why it has its status), then the errors and faults observed, each once. */
function causes(v: Verdict): string[] {
  const all = [...new Set([...v.reasons, ...faultLines(v)])];
  if (all.length === 0) return ['Failure causes: none.'];
  const shown = all.slice(0, TOP_CAUSES).map((c, i) => `${i + 1}. ${text(c)}`);
  const more = all.length - shown.length;
  return ['Top failure causes:', '', ...shown, ...(more > 0 ? ['', `(+${more} more in report.md)`] : [])];
}
