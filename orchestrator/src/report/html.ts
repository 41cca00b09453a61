/**
 * report.html: one self-contained file that works offline — no network, no CDN. Its charts (report/charts.ts:
 * per second p50/p95/p99, requests, errors and VUs, zoomable; the latency by percentile; the FIR steps; the
 * stages; the generators; the baseline overlaid) are data in a JSON block, drawn by the inlined uPlot.
 * The tables (summary, criteria with observed vs limit, baseline, drift, faults) are plain HTML.
 */
import { parseExpression } from '../criteria/expression.ts';
import { describeCriterion, formatNumber } from '../verdict/scenario.ts';
import type { CriterionVerdict, ScenarioVerdict, Verdict } from '../verdict/types.ts';
import { verdictLine } from './console.ts';
import { FAILURE_COLUMNS, failureRows } from './failures.ts';
import { driftTables, esc, eventLoop, faultLines, mainLatency, ms, observedText, pct, requestsAndSuccess, resultWord } from './format.ts';
import { reportAssets } from './assets.ts';
import { embedJson, scenarioChartSpecs, type ChartSpec } from './charts.ts';
import { STAGE_COLUMNS, stageRows } from './stages.ts';
import { generatorsHtml } from './generators.ts';

const CSS = `body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}th{background:#f3f3f3}
.PASS,.passed{color:#1a7f37}.FAIL,.failed{color:#cf222e}.INVALID,.invalid{color:#9a6700}.ERROR,.error,.ABORTED,.aborted{color:#8250df}
.charts{display:flex;flex-wrap:wrap;gap:16px;margin:1em 0}.chart{min-height:300px}.verdict{font-size:1.3em;font-weight:700}`;

export function htmlReport(v: Verdict): string {
  const parts: string[] = [];
  parts.push(`<h1>loadgate run ${esc(v.runId)}</h1>`);
  parts.push(`<p class="verdict ${v.status}">${esc(verdictLine(v))}</p>`);
  parts.push(
    `<p>Profile <code>${esc(v.profile)}</code>, inventory <code>${esc(v.inventory.name)}</code>; ${esc(v.startedAt)} → ${esc(v.finishedAt)}; k6 ${esc(v.tools.k6 ?? '—')}, node ${esc(v.tools.node)}, loadgate ${esc(v.tools.loadgate)}.</p>`,
  );
  if (v.reasons.length > 0) parts.push(`<ul>${v.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`);
  if (v.warnings.length > 0) parts.push(`<ul>${v.warnings.map((w) => `<li>⚠ ${esc(w)}</li>`).join('')}</ul>`);
  parts.push(summaryTable(v));
  parts.push('<h2>Scenarios</h2>');
  const charts: ChartSpec[] = [];
  v.scenarios.forEach((s, i) => {
    const specs = scenarioChartSpecs(v, s, i);
    charts.push(...specs);
    parts.push(scenarioSection(s, specs));
  });
  parts.push('<h2>Success criteria</h2>', criteriaTable(v));
  if (v.baseline) {
    parts.push(
      `<h2>Before / after (baseline ${esc(v.baseline.baseRunId)})</h2><table><tr><th>scenario</th><th>selector</th><th>p95 before</th><th>p95 after</th><th>change</th><th>p-value</th><th>outcome</th></tr>`,
    );
    for (const d of v.baseline.deltas)
      parts.push(
        `<tr><td>${esc(d.scenario)}</td><td>${esc(d.selector)}</td><td>${ms(d.base)}</td><td>${ms(d.current)}</td><td>${(d.change * 100).toFixed(1)} %</td><td>${d.pValue === null ? '—' : d.pValue.toPrecision(2)}</td><td>${esc(d.outcome)}</td></tr>`,
      );
    parts.push('</table>');
  }
  if (v.drift) {
    parts.push(`<h2>Drift across ${v.drift.rounds.length} rounds</h2>`);
    for (const t of driftTables(v.drift))
      parts.push(
        `<table><tr>${t.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${t.rows
          .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
          .join('')}</table>`,
      );
  }
  const faults = faultLines(v);
  parts.push(
    '<h2>Faults observed</h2>',
    faults.length > 0 ? `<ul>${faults.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : '<p>none</p>',
  );
  const assets = reportAssets();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>loadgate ${esc(v.runId)}: ${v.status}</title><style>${assets.css}\n${CSS}</style></head><body>${parts.join('\n')}
<script type="application/json" id="loadgate-charts">${embedJson(charts)}</script>
<script>${assets.script}</script></body></html>\n`;
}

function summaryTable(v: Verdict): string {
  const rows = v.scenarios.map((s) => {
    const m = s.metrics[mainLatency(s) ?? ''];
    const { requests, success } = requestsAndSuccess(s);
    return `<tr><td>${esc(s.name)}</td><td>${requests ?? '—'}</td><td>${pct(success)}</td><td>${ms(m?.p95)}</td><td>${ms(m?.p99)}</td><td>${eventLoop(s)}</td><td class="${s.status}">${s.status.toUpperCase()}</td></tr>`;
  });
  return `<table><tr><th>scenario</th><th>requests</th><th>success %</th><th>P95</th><th>P99</th><th>event loop</th><th>verdict</th></tr>${rows.join('')}</table>`;
}

function chartDivs(specs: readonly ChartSpec[]): string {
  return specs.length === 0
    ? ''
    : `<div class="charts">${specs.map((c) => `<div class="chart" data-chart="${esc(c.id)}"></div>`).join('')}</div>`;
}

function scenarioSection(s: ScenarioVerdict, specs: readonly ChartSpec[]): string {
  const out = [`<h3>${esc(s.name)} <span class="${s.status}">${s.status.toUpperCase()}</span></h3>`];
  if (s.failures && s.failures.length > 0)
    out.push(
      `<table><caption>${esc(s.name)}: failures (step × status, answers redacted)</caption><tr>${FAILURE_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${failureRows(
        s.failures,
      )
        .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
        .join('')}</table>`,
    );
  out.push(generatorsHtml(s));
  if (s.stages && s.stages.length > 0)
    out.push(
      `<table><caption>${esc(s.name)}: stages</caption><tr>${STAGE_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${stageRows(
        s.stages,
      )
        .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
        .join('')}</table>`,
    );
  if (s.capacity) out.push(`<p><strong>Capacity:</strong> ${esc(s.capacity.summary)}</p>`);
  if (s.load?.saturation) out.push(`<p>Saturation (${esc(s.load.saturation.by)}): ${esc(s.load.saturation.summary)}</p>`);
  out.push(chartDivs(specs));
  return out.join('\n');
}

function criteriaTable(v: Verdict): string {
  const rows = v.scenarios.flatMap((s) =>
    s.criteria.map((c) => {
      const result = resultWord(c);
      const cls = result === 'pass' ? 'passed' : result === 'NO DATA' || result === 'INCONCLUSIVE' ? 'invalid' : 'failed';
      return `<tr><td>${esc(s.name)}</td><td>${esc(c.source)}</td><td>${esc(c.selector)}</td><td>${esc(c.expression)}</td><td>${esc(observedText(c))}</td><td>${esc(limitText(c))}</td><td>${c.samples}</td><td>${c.strict ? 'strict' : 'advisory'}</td><td class="${cls}" title="${esc(describeCriterion(c))}">${result}</td></tr>`;
    }),
  );
  return `<table><tr><th>scenario</th><th>engine</th><th>selector</th><th>expression</th><th>observed</th><th>limit</th><th>samples</th><th>strict</th><th>result</th></tr>${rows.join('')}</table>`;
}

/** The criterion's limit as written (`p(95)<2000` → `< 2000`), beside what was observed. */
function limitText(c: CriterionVerdict): string {
  const parsed = parseExpression(c.expression);
  return parsed.ok ? `${parsed.value.operator} ${formatNumber(parsed.value.threshold)}` : '—';
}
