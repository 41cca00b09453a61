/**
 * The bench's one report: sections of tables, target checks and notes, rendered as Markdown for people
 * (results/bench/<id>.md, latest.md) and kept as JSON with every raw figure for machines (<id>.json).
 */

export type SectionId = 'generators' | 'overhead' | 'truth' | 'internal' | 'distributed';
export const SECTION_IDS: readonly SectionId[] = ['generators', 'overhead', 'truth', 'internal', 'distributed'];

export type TargetStatus = 'met' | 'missed' | 'no data';

export interface Table {
  title?: string;
  columns: string[];
  rows: string[][];
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  status: TargetStatus;
}

export interface SectionReport {
  id: SectionId;
  title: string;
  tables: Table[];
  targets: TargetCheck[];
  notes: string[];
  /** The raw figures behind the tables, for the JSON report. */
  data: Record<string, unknown>;
  /** Set when the section could not run at all. */
  error?: string;
  seconds: number;
}

export interface BenchReport {
  id: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  mode: 'full' | 'quick';
  machine: { cpus: number; cpuModel: string; memGiB: number; loadBefore: string; loadAfter: string };
  tools: Record<string, string>;
  sections: SectionReport[];
  log: string[];
}

/** `met` when ok, `missed` otherwise, `no data` when there is nothing to judge. */
export function check(name: string, target: string, measured: string | undefined, ok: boolean | undefined): TargetCheck {
  if (measured === undefined || ok === undefined) return { name, target, measured: measured ?? '—', status: 'no data' };
  return { name, target, measured, status: ok ? 'met' : 'missed' };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderTable(t: Table): string {
  const lines = [`| ${t.columns.map(cell).join(' | ')} |`, `|${t.columns.map(() => ' --- ').join('|')}|`];
  for (const r of t.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return `${t.title ? `**${t.title}**\n\n` : ''}${lines.join('\n')}\n`;
}

const MARK: Record<TargetStatus, string> = { met: '✅ met', missed: '❌ missed', 'no data': '— no data' };

export function renderSection(s: SectionReport, n: number): string {
  const parts = [`## ${n}. ${s.title}\n`];
  if (s.error) parts.push(`**Could not run:** ${s.error}\n`);
  for (const t of s.tables) parts.push(renderTable(t));
  if (s.targets.length > 0)
    parts.push(
      renderTable({
        title: 'Targets',
        columns: ['target', 'goal', 'measured', 'status'],
        rows: s.targets.map((c) => [c.name, c.target, c.measured, MARK[c.status]]),
      }),
    );
  if (s.notes.length > 0) parts.push(s.notes.map((x) => `- ${x}`).join('\n') + '\n');
  parts.push(`_Section time: ${s.seconds.toFixed(0)} s._\n`);
  return parts.join('\n');
}

export function renderReport(r: BenchReport): string {
  const m = r.machine;
  const head = [
    `# loadgate bench ${r.id}`,
    '',
    `- command: \`${r.command}\` (${r.mode}), ${r.startedAt} → ${r.finishedAt}`,
    `- machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memGiB.toFixed(1)} GiB; generators, the lab and its Redis share these cores`,
    `- load average (uptime) before: ${m.loadBefore}; after: ${m.loadAfter} — other work on the machine skews every figure`,
    `- tools: ${Object.entries(r.tools)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
  ].join('\n');
  const all = r.sections.flatMap((s) => s.targets);
  const summary = renderTable({
    title: 'All targets',
    columns: ['section', 'target', 'goal', 'measured', 'status'],
    rows: r.sections.flatMap((s) => s.targets.map((c) => [s.title, c.name, c.target, c.measured, MARK[c.status]])),
  });
  const tally = `${all.filter((c) => c.status === 'met').length} met, ${all.filter((c) => c.status === 'missed').length} missed, ${all.filter((c) => c.status === 'no data').length} without data`;
  return `${head}\n${summary}\n${tally}\n\n${r.sections.map((s, i) => renderSection(s, SECTION_IDS.indexOf(s.id) + 1 || i + 1)).join('\n')}`;
}

/** Number formatting for the tables: fixed decimals, thousands separators, '—' for no value. */
export function fmt(v: number | undefined, digits = 0): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function mib(bytes: number | undefined): string {
  return bytes === undefined ? '—' : `${fmt(bytes / 1048576, 0)} MiB`;
}
