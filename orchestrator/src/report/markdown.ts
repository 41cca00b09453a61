/**
 * report.md: executive summary, per-scenario latency distribution, throughput and FIR step breakdown,
 * the criteria evaluation with provenance, the before/after table against a baseline, faults observed.
 */
import { CATALOG } from '../catalog.ts';
import { describeCriterion, formatNumber } from '../verdict/scenario.ts';
import type { ScenarioVerdict, Verdict } from '../verdict/types.ts';
import type { Drift } from '../verdict/drift.ts';
import { verdictLine } from './console.ts';
import { FAILURE_COLUMNS, failureRows } from './failures.ts';
import { mdText } from './markdown-escape.ts';
import { STAGE_COLUMNS, stageRows } from './stages.ts';
import { generatorsMarkdown } from './generators.ts';
import {
  agreesCell,
  breakdowns,
  driftTables,
  eventLoop,
  faultLines,
  inBreakdown,
  mainLatency,
  ms,
  observedText,
  pct,
  requestsAndSuccess,
  resultWord,
} from './format.ts';

// Every cell is text that may come from a target: escaped once, here.
const cell = mdText;
const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: string[][]): string[] => [row(head), row(head.map(() => '---')), ...rows.map(row)];

export function markdownSummary(v: Verdict): string {
  const lines = [`## loadgate ${v.runId}: ${v.status}`, '', `**${mdText(verdictLine(v))}**`, ''];
  lines.push(
    ...table(
      ['scenario', 'requests', 'success %', 'P95', 'P99', 'event loop', 'verdict'],
      v.scenarios.map((s) => {
        const m = s.metrics[mainLatency(s) ?? ''];
        const { requests, success } = requestsAndSuccess(s);
        return [
          s.name,
          requests === undefined ? '—' : String(requests),
          pct(success),
          ms(m?.p95),
          ms(m?.p99),
          eventLoop(s),
          s.status.toUpperCase(),
        ];
      }),
    ),
  );
  if (v.reasons.length > 0) lines.push('', ...v.reasons.map((r) => `- ${mdText(r)}`));
  if (v.warnings.length > 0) lines.push('', ...v.warnings.map((w) => `- ⚠ ${w}`));
  return `${lines.join('\n')}\n`;
}

export function markdownReport(v: Verdict): string {
  const out = [
    `# loadgate run ${v.runId}`,
    '',
    `Profile \`${v.profile}\` on inventory \`${v.inventory.name}\` (${v.inventory.file}); ${v.startedAt} → ${v.finishedAt}.`,
    `Tools: k6 ${v.tools.k6 ?? '—'}, node ${v.tools.node}, loadgate ${v.tools.loadgate}.`,
    '',
    markdownSummary(v).replace(/^## /, '## Summary: '),
  ];
  for (const s of v.scenarios) out.push(...scenarioSection(s));
  out.push('## Success criteria', '');
  out.push(
    ...table(
      ['scenario', 'engine', 'selector', 'expression', 'observed', 'samples', 'strict', 'k6 agrees', 'result'],
      v.scenarios.flatMap((s) =>
        s.criteria.map((c) => [
          s.name,
          c.source,
          c.selector,
          c.expression,
          observedText(c),
          String(c.samples),
          c.strict ? 'strict' : 'advisory',
          agreesCell(c),
          resultWord(c) === 'FAIL' ? `FAIL: ${describeCriterion(c)}` : resultWord(c),
        ]),
      ),
    ),
    '',
  );
  if (v.baseline) {
    out.push(`## Before / after (baseline ${v.baseline.baseRunId})`, '');
    out.push(
      `A regression needs p95 +${(v.baseline.minEffect * 100).toFixed(0)} % or more AND a one-sided Mann–Whitney U test with p < ${v.baseline.alpha} on the raw samples.`,
      '',
    );
    out.push(
      ...table(
        ['scenario', 'selector', 'p95 before', 'p95 after', 'change', 'p-value', 'samples', 'outcome'],
        v.baseline.deltas.map((d) => [
          d.scenario,
          d.selector,
          ms(d.base),
          ms(d.current),
          `${d.change >= 0 ? '+' : ''}${(d.change * 100).toFixed(1)} %`,
          d.pValue === null ? '—' : d.pValue.toPrecision(2),
          `${d.samples.base} / ${d.samples.current}`,
          d.outcome + (d.note ? ` (${d.note})` : ''),
        ]),
      ),
      '',
    );
  }
  if (v.drift) out.push(...driftSection(v.drift));
  const faults = faultLines(v);
  out.push('## Faults observed', '', ...(faults.length > 0 ? faults.map((f) => `- ${mdText(f)}`) : ['none']), '');
  return out.join('\n');
}

function driftSection(d: Drift): string[] {
  const out = [`## Drift across ${d.rounds.length} rounds`, ''];
  for (const t of driftTables(d)) out.push(...table(t.columns, t.rows), '');
  return out;
}

function scenarioSection(s: ScenarioVerdict): string[] {
  const out = [`## ${s.name} (${s.scenario}, ${s.engine}): ${s.status.toUpperCase()}`, ''];
  if (s.reasons.length > 0) out.push(...s.reasons.map((r) => `- ${mdText(r)}`), '');
  if (s.failures && s.failures.length > 0) {
    out.push('Failures (step × status, from the raw samples; answers redacted):', '');
    out.push(...table(FAILURE_COLUMNS, failureRows(s.failures)), '');
  }
  const trends = Object.entries(s.metrics).filter(([k, m]) => m.type === 'trend' && !inBreakdown(k));
  if (trends.length > 0) {
    out.push('Distributions (times in ms; counts such as fir_violations as plain numbers):', '');
    out.push(
      ...table(
        ['metric', 'count', 'min', 'avg', 'p50', 'p90', 'p95', 'p99', 'max'],
        trends.map(([k, m]) => {
          // Not every trend is a time: fir_violations counts violations. The catalog knows each metric's unit.
          const unit = CATALOG[s.scenario]?.metrics[k.replace(/\{.*$/, '')]?.unit ?? 'ms';
          const f = unit === 'ms' ? ms : formatNumber;
          return [k, String(m.count), f(m.min), f(m.avg), f(m.p50), f(m.p90), f(m.p95), f(m.p99), f(m.max)];
        }),
      ),
      '',
    );
  }
  const reqs = s.metrics['http_reqs'];
  const { requests, success } = requestsAndSuccess(s);
  if (requests !== undefined)
    out.push(
      `Throughput: ${requests} requests${reqs?.rate !== undefined ? `, ${reqs.rate.toFixed(2)}/s` : ''}; success ${pct(success)}.`,
      '',
    );
  for (const b of breakdowns(s)) {
    out.push(`${b.title} breakdown (${b.metric} by ${b.tag}):`, '');
    out.push(
      ...table(
        [b.tag, 'count', 'avg', 'p50', 'p95', 'p99', 'max'],
        b.rows.map(([value, m]) => [value, String(m.count), ms(m.avg), ms(m.p50), ms(m.p95), ms(m.p99), ms(m.max)]),
      ),
      '',
    );
  }
  out.push(...generatorsMarkdown(s, row));
  if (s.stages && s.stages.length > 0) {
    out.push(`Stages (${s.stages[0]?.latency?.metric ?? 'latency'}; p95 bounds one-sided at ${s.stages[0]?.latency?.level ?? 0.95}):`, '');
    out.push(...table(STAGE_COLUMNS, stageRows(s.stages)), '');
  }
  if (s.capacity) out.push(`**Capacity:** ${mdText(s.capacity.summary)}.`, '');
  if (s.load?.saturation) out.push(`Saturation (${s.load.saturation.by}): ${mdText(s.load.saturation.summary)}.`, '');
  if (s.load) {
    const intended = Object.entries(s.load.intended)
      .map(([k, x]) => `${k} ${x}`)
      .join(', ');
    const achieved = Object.entries(s.load.achieved)
      .map(([k, x]) => `${k} ${x}`)
      .join(', ');
    out.push(
      `Load: intended ${intended || '—'}; achieved ${achieved || '—'}${s.load.valid ? '' : ` — NOT DELIVERED: ${s.load.reasons.join('; ')}`}.`,
      '',
    );
  }
  return out;
}
