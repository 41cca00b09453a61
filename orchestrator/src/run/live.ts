/**
 * The terminal during a run. On a TTY: one line per running scenario (k6 or probe), redrawn in place — a bar to
 * its planned duration or iteration count, elapsed / total, VUs, requests/s, errors, p95 so far. Without a TTY
 * or under CI: a quiet heartbeat, one plain line per running scenario every 30 s, no escape codes. Start and end
 * lines print above the board as before. Holds only each row's latest figures: bounded whatever the run length.
 */
import type { LiveFigures, LiveSink } from '../engines/live.ts';

export type { LiveFigures, LiveSink } from '../engines/live.ts';

interface Row {
  label: string;
  startedAt: number;
  plannedSeconds: number | undefined;
  figures: LiveFigures;
}

export const HEARTBEAT_MS = 30_000;
const BAR = 20;
/** Redraws at most this often on a TTY (k6 reports once a second per scenario). */
const REDRAW_MS = 250;

export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** One row as text: `k6 chat [######--------------]  30% 00:09/00:30 iterations 40 VUs 5/5 4.4 it/s errors 0 p95 —`. */
export function rowText(
  label: string,
  elapsedSeconds: number,
  plannedSeconds: number | undefined,
  f: LiveFigures,
  withBar: boolean,
): string {
  const byIterations = f.totalIterations !== undefined && f.totalIterations > 0 && f.iterations !== undefined;
  const fraction = byIterations
    ? (f.iterations ?? 0) / (f.totalIterations ?? 1)
    : plannedSeconds !== undefined && plannedSeconds > 0
      ? elapsedSeconds / plannedSeconds
      : undefined;
  const parts = [label];
  if (fraction !== undefined) {
    const done = Math.max(0, Math.min(1, fraction));
    const filled = Math.round(done * BAR);
    if (withBar) parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`);
    parts.push(`${String(Math.floor(done * 100)).padStart(3)}%`);
  }
  parts.push(`${clock(elapsedSeconds)}/${plannedSeconds === undefined ? '?' : clock(plannedSeconds)}`);
  if (byIterations) parts.push(`iterations ${f.iterations ?? 0}/${f.totalIterations ?? 0}`);
  else if (f.iterations !== undefined) parts.push(`iterations ${f.iterations}`);
  if (f.vus !== undefined) parts.push(`VUs ${f.vus}${f.maxVus === undefined ? '' : `/${f.maxVus}`}`);
  if (f.rate !== undefined) parts.push(`${f.rate.perSecond.toFixed(1)} ${f.rate.unit}`);
  if (f.errors !== undefined) parts.push(`errors ${f.errors}`);
  const bound = f.p95Bound === true ? '≤' : '';
  parts.push(`p95 ${f.p95Ms === undefined ? '—' : `${bound}${f.p95Ms >= 100 ? f.p95Ms.toFixed(0) : f.p95Ms.toFixed(1)} ms`}`);
  return parts.join(' ');
}

export interface BoardOutput {
  write(text: string): unknown;
  /** The terminal's width, on a TTY. */
  columns?: number | undefined;
}

export class LiveBoard implements LiveSink {
  private readonly rows = new Map<string, Row>();
  private drawn = 0;
  private lastDraw = 0;
  private pending: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: BoardOutput,
    private readonly tty: boolean,
    private readonly now: () => number = Date.now,
    heartbeatMs = HEARTBEAT_MS,
  ) {
    if (!tty) {
      this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
      this.heartbeat.unref();
    }
  }

  start(id: string, label: string, plannedSeconds: number | undefined): void {
    this.rows.set(id, { label, startedAt: this.now(), plannedSeconds, figures: {} });
    // Drawn at once, not within the redraw limit: a short probe can end before a deferred draw would show it.
    this.redraw(true);
  }

  update(id: string, figures: LiveFigures): void {
    const row = this.rows.get(id);
    if (!row) return;
    row.figures = { ...row.figures, ...figures };
    this.redraw();
  }

  end(id: string): void {
    this.rows.delete(id);
    this.redraw(true);
  }

  /** A line that stays (a start or end line): printed above the board, which is drawn again below it. */
  line(text: string): void {
    if (!this.tty) {
      this.out.write(`${text}\n`);
      return;
    }
    this.out.write(`${this.clear()}${text}\n`);
    this.drawn = 0;
    this.draw();
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    if (this.tty && this.drawn > 0) this.out.write(this.clear());
    this.drawn = 0;
  }

  private lines(withBar: boolean): string[] {
    const t = this.now();
    // A pseudo-terminal may report 0 columns: unknown, not narrow.
    const columns = this.out.columns !== undefined && this.out.columns > 0 ? this.out.columns : 120;
    const width = Math.max(40, columns - 1);
    return [...this.rows.values()].map((r) => {
      const text = rowText(r.label, (t - r.startedAt) / 1000, r.plannedSeconds, r.figures, withBar);
      return this.tty && text.length > width ? text.slice(0, width) : text;
    });
  }

  private beat(): void {
    for (const l of this.lines(false)) this.out.write(`… ${l}\n`);
  }

  /** Up to the board's first line and clear to the end of the screen. */
  private clear(): string {
    return this.drawn > 0 ? `\r\x1b[${this.drawn}A\x1b[J` : '\r\x1b[J';
  }

  private draw(): void {
    const lines = this.lines(true);
    this.out.write(lines.map((l) => `${l}\n`).join(''));
    this.drawn = lines.length;
    this.lastDraw = this.now();
  }

  private redraw(force = false): void {
    if (!this.tty) return;
    const wait = this.lastDraw + REDRAW_MS - this.now();
    if (!force && wait > 0) {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.redraw(true);
      }, wait);
      return;
    }
    this.out.write(this.clear());
    this.draw();
  }
}
