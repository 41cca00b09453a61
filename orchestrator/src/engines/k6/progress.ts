/**
 * One-line progress for a k6 scenario. Without --quiet and without a TTY, k6 prints a status line every
 * second on stdout (`running (04.0s), 2/2 VUs, 7773 complete and 0 interrupted iterations`); on an
 * interactive terminal the runner parses those and prints one concise line every few seconds. Pure.
 */
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

/** k6's own notices at warning level that say nothing about the target (the dashboard of a short run). */
const BENIGN_WARNING = /report generation was skipped/;

/** k6 log lines at level error or warning (our scripts log failures as warnings), minus k6's benign notices. */
export function isErrorLogLine(line: string): boolean {
  return /level=(error|warning)/.test(line) && !BENIGN_WARNING.test(line);
}

export function progressLine(id: string, p: K6Progress, errors: number): string {
  return `k6 ${id}: ${p.elapsed} VUs ${p.vus}/${p.maxVus}, iterations ${p.complete} (+${p.interrupted} interrupted), errors logged ${errors}`;
}
