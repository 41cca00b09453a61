/**
 * The per-generator table of a scenario that ran over several generators (verdict.json's
 * `details.generators`, written by the engine's judge): one row per generator — its segment, VUs, requests,
 * CPU as a share of its own host's cores, clock offset, k6 version and exit. One module renders it for
 * report.md, report.html and junit.xml, so the three say the same; a scenario on one local process has no
 * `details.generators` and shows no table. The details are read as `unknown` (a verdict.json read back from
 * disk goes through here too): a row missing a field is left out rather than guessed.
 */
import { isRecord } from '../is-record.ts';
import type { ScenarioVerdict } from '../verdict/types.ts';
import { esc } from './format.ts';
import type { GeneratorRow } from '../scenario-result.ts';

export const GENERATOR_COLUMNS = ['generator', 'host', 'segment', 'VUs', 'requests', 'iterations', 'CPU', 'clock offset', 'k6', 'exit'];

const str = (r: Record<string, unknown>, k: string): string | undefined => (typeof r[k] === 'string' ? r[k] : undefined);
const num = (r: Record<string, unknown>, k: string): number | undefined =>
  typeof r[k] === 'number' && Number.isFinite(r[k]) ? r[k] : undefined;
const numOrNull = (r: Record<string, unknown>, k: string): number | null | undefined => (r[k] === null ? null : num(r, k));

function parseLine(x: unknown): GeneratorRow | undefined {
  if (!isRecord(x)) return undefined;
  const line = {
    generator: str(x, 'generator'),
    host: str(x, 'host'),
    segment: str(x, 'segment'),
    vus: num(x, 'vus'),
    requests: numOrNull(x, 'requests'),
    iterations: numOrNull(x, 'iterations'),
    cpu: numOrNull(x, 'cpu'),
    cores: num(x, 'cores'),
    clockOffsetMs: num(x, 'clockOffsetMs'),
    k6Version: str(x, 'k6Version'),
    exitCode: num(x, 'exitCode'),
    outcome: str(x, 'outcome'),
  };
  const { generator, host, segment, vus, requests, iterations, cpu, cores, clockOffsetMs, k6Version, exitCode, outcome } = line;
  if (
    generator === undefined ||
    host === undefined ||
    segment === undefined ||
    vus === undefined ||
    requests === undefined ||
    iterations === undefined ||
    cpu === undefined ||
    cores === undefined ||
    clockOffsetMs === undefined ||
    k6Version === undefined ||
    exitCode === undefined ||
    outcome === undefined
  )
    return undefined;
  return { generator, host, segment, vus, requests, iterations, cpu, cores, clockOffsetMs, k6Version, exitCode, outcome };
}

/** The scenario's generators, or none (one local process, or a verdict without the details). */
export function generatorLines(s: ScenarioVerdict): GeneratorRow[] {
  const raw = s.details?.['generators'];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((x: unknown) => {
    const line = parseLine(x);
    return line === undefined ? [] : [line];
  });
}

const count = (x: number | null): string => (x === null ? '—' : String(x));

/** The table's cells, text only (each renderer escapes them its own way). */
export function generatorRowCells(lines: readonly GeneratorRow[]): string[][] {
  return lines.map((g) => [
    g.generator,
    g.host,
    g.segment,
    String(g.vus),
    count(g.requests),
    count(g.iterations),
    g.cpu === null ? `— of ${g.cores} cores` : `${Math.round(g.cpu * 100)} % of ${g.cores} cores`,
    `${g.clockOffsetMs > 0 ? '+' : ''}${g.clockOffsetMs} ms`,
    g.k6Version,
    g.outcome === 'ok' ? String(g.exitCode) : `${g.exitCode} (${g.outcome})`,
  ]);
}

/** report.md: a heading line and the table, or nothing. `row` is the report's own escaped table row. */
export function generatorsMarkdown(s: ScenarioVerdict, row: (cells: string[]) => string): string[] {
  const lines = generatorLines(s);
  if (lines.length === 0) return [];
  return [
    `Generators (${lines.length}; CPU as a share of each host's cores):`,
    '',
    row(GENERATOR_COLUMNS),
    row(GENERATOR_COLUMNS.map(() => '---')),
    ...generatorRowCells(lines).map(row),
    '',
  ];
}

/** report.html: the table with a caption, or an empty string. */
export function generatorsHtml(s: ScenarioVerdict): string {
  const lines = generatorLines(s);
  if (lines.length === 0) return '';
  const head = `<tr>${GENERATOR_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const body = generatorRowCells(lines)
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="generators"><caption>${esc(s.name)}: ${lines.length} generators</caption>${head}${body}</table>`;
}

/** The table as fixed-width text, for junit.xml's <system-out> (CI servers show it as the test's output). */
export function generatorsText(s: ScenarioVerdict): string | undefined {
  const lines = generatorLines(s);
  if (lines.length === 0) return undefined;
  const rows = [GENERATOR_COLUMNS, ...generatorRowCells(lines)];
  const widths = GENERATOR_COLUMNS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * junit.xml: one passing testcase per distributed scenario whose <system-out> is the table. Output, not
 * <properties>: Jenkins shows a testcase's standard output on its page, while GitLab ignores properties (it
 * shows system-out, for a failed test); a property list would be invisible where the table matters.
 */
export function generatorsJunitCase(s: ScenarioVerdict): string[] {
  const text = generatorsText(s);
  if (text === undefined) return [];
  const n = generatorLines(s).length;
  return [
    `    <testcase classname="loadgate.${esc(s.name)}" name="load over ${n} generators" time="0"><system-out>${esc(text)}</system-out></testcase>`,
  ];
}
