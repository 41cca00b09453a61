/** FIR numbers and the rendered FIR text (about 2 KB, like the real template). */
import type { Session } from './afirgen-store.ts';

export const FIR_NUMBER_RE = /^FIR-[a-f0-9]{8}-\d{14}$/;

const pad = (n: number): string => String(n).padStart(2, '0');

/** `FIR-` + the first 8 hex characters of the session id + `-` + server local time `YYYYmmddHHMMSS`. */
export function firNumberFor(sessionId: string, at: Date): string {
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `FIR-${sessionId.slice(0, 8)}-${stamp}`;
}

export function renderFir(firNumber: string, s: Session, at: Date): string {
  const violations = (s.violations ?? []).map((v) => `  - ${v.section}: ${v.text}`).join('\n') || '  (none identified)';
  const text = [
    'FIRST INFORMATION REPORT',
    '(Under Section 173 B.N.S.S.)',
    `FIR No.: ${firNumber}`,
    `Date and time of report: ${at.toISOString()}`,
    '',
    'Complaint as received:',
    s.transcript.slice(0, 600),
    '',
    'Summary:',
    (s.summary ?? '').slice(0, 400),
    '',
    'Sections applicable:',
    violations,
    '',
    'Narrative:',
    (s.fir_narrative ?? '').slice(0, 600),
    '',
  ].join('\n');
  // The real template renders to about 2 KB; pad short complaints so answer sizes stay realistic.
  return text.length >= 2048
    ? text
    : `${text}${'Signature of officer in charge: ____________\n'.repeat(Math.ceil((2048 - text.length) / 45))}`;
}
