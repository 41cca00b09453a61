/** Small formatting helpers shared by the Markdown, HTML, JUnit and console reports. */
import { catalogReads, reportOf, type GroupBy, type KindReport } from '../catalog.ts';
import type { MetricStats } from '../verdict/types.ts';
import type { Drift } from '../verdict/drift.ts';
import { criterionDecision } from '../scenario-result.ts';
import { describeInterval, formatNumber } from '../verdict/scenario.ts';
import { describeWindow } from '../verdict/format.ts';
import type { CriterionVerdict, ScenarioVerdict, Verdict } from '../verdict/types.ts';

export function ms(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
}

export function pct(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 2)} %`;
}

/** The kind's report headline (catalog.ts), or the one of the kind whose metrics an unknown kind's verdict has. */
function headline(s: ScenarioVerdict): KindReport | undefined {
  return reportOf(s.scenario, (m) => s.metrics[m] !== undefined);
}

/** The scenario's main latency metric: the domain one when it has samples, else HTTP or the probe's. */
export function mainLatency(s: ScenarioVerdict): string | undefined {
  return headline(s)?.latency.find((m) => s.metrics[m] !== undefined);
}

/** Requests (HTTP requests, or a probe's operations) and the share that succeeded. */
export function requestsAndSuccess(s: ScenarioVerdict): { requests: number | undefined; success: number | undefined } {
  const h = headline(s);
  const failed = h?.failed === undefined ? undefined : s.metrics[h.failed];
  const succeeded = h?.succeeded === undefined ? undefined : s.metrics[h.succeeded];
  const reqs = (h?.requests === undefined ? undefined : s.metrics[h.requests]?.count) ?? failed?.count ?? succeeded?.count;
  let success = failed?.rate !== undefined ? 1 - failed.rate : undefined;
  if (success === undefined && succeeded?.rate !== undefined) success = succeeded.rate;
  return { requests: reqs, success };
}

/** A kind's breakdowns (the FIR steps) with the verdict's stats per tag value, for the Markdown and HTML reports. */
export function breakdowns(s: ScenarioVerdict): Array<GroupBy & { rows: Array<[string, MetricStats]> }> {
  return catalogReads()
    .groupBy.map((g) => {
      const one = `${g.metric}{${g.tag}:`;
      // A row per tag value; a selector with more tags keeps its whole key as its label.
      const rows = Object.entries(s.metrics)
        .filter(([k]) => k.startsWith(`${g.metric}{`))
        .map(([k, m]): [string, MetricStats] => [k.startsWith(one) && k.endsWith('}') ? k.slice(one.length, -1) : k, m]);
      return { ...g, rows };
    })
    .filter((b) => b.rows.length > 0);
}

/** Whether a metric key is one row of a breakdown (shown there, not among the distributions). */
export function inBreakdown(key: string): boolean {
  return catalogReads().groupBy.some((g) => key.startsWith(`${g.metric}{`));
}

export function eventLoop(s: ScenarioVerdict): string {
  const stall = s.metrics['event_loop_max_stall'];
  return stall ? ms(stall.value ?? stall.max) : '—';
}

/** Every fault and error the run observed, each prefixed with its scenario: the "Faults observed" list of every report. */
export function faultLines(v: Verdict): string[] {
  return v.scenarios.flatMap((s) => [...s.faults, ...s.errors].map((f) => `${s.name}: ${f}`));
}

/** The "k6 agrees" cell: "—" where nothing was compared (k6 did not judge it, or loadgate had no data). */
export function agreesCell(c: { ok: boolean | null; engineOk?: boolean }): string {
  if (c.engineOk === undefined || c.ok === null) return '—';
  return c.engineOk === c.ok ? 'yes' : 'NO';
}

/** Escapes text for HTML and XML. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function mib(bytes: number | null): string {
  return bytes === null ? '—' : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function signedPct(x: number | null): string {
  return x === null ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
}

/** The drift section's two tables (memory per round, p95 per round), as text cells for Markdown and HTML alike. */
export function driftTables(d: Drift): Array<{ columns: string[]; rows: string[][] }> {
  return [
    {
      columns: ['round', 'finished', "loadgate's RSS", 'target Redis used_memory', 'note'],
      rows: d.rounds.map((r) => [String(r.round), r.at, mib(r.loadgateRssBytes), mib(r.redisUsedMemoryBytes), r.note ?? '']),
    },
    {
      columns: ['scenario', 'metric', ...d.rounds.map((r) => `p95 r${r.round}`), 'first → last'],
      rows: d.scenarios.map((s) => [s.scenario, s.metric, ...s.p95.map((p) => (p === null ? '—' : ms(p))), signedPct(s.change)]),
    },
  ];
}

/** A criterion's result in one word for the reports' tables: its gate decision, advisory misses as `warn`. */
export function resultWord(c: CriterionVerdict): string {
  const d = criterionDecision(c);
  if (d === 'no-data') return 'NO DATA';
  if (d === 'pass') return 'pass';
  if (!c.strict) return 'warn';
  return d === 'fail' ? 'FAIL' : 'INCONCLUSIVE';
}

/** The observed value, with its confidence interval where the criterion has one: `1410 [1350, 1480] at 0.95, n = 2152`. */
export function observedText(c: CriterionVerdict): string {
  const window = c.window ? `, ${describeWindow(c.window)}` : '';
  if (c.observed === null) return `no data${window}`;
  return `${c.confidence ? `${formatNumber(c.observed)} ${describeInterval(c.confidence)}` : formatNumber(c.observed)}${window}`;
}
