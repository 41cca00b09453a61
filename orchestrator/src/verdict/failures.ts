/**
 * The failure breakdown of one scenario, from its raw `loadgate_failures` samples (k6/lib/failures.ts):
 * per step × status — the HTTP status, or k6's error code with its name when nothing was answered — how many
 * operations failed there, how many tries they took, when the first and the last failed, and a short sample of
 * the answer (redacted). This is what a user acts on: "process → 400: No input provided".
 */
import type { KeptPoint } from '../samples/reader.ts';
import { redact } from '../safety/redact.ts';

export interface FailureEntry {
  step: string;
  /** The request name (k6's `name` tag), e.g. `validate` for the step `summary`. */
  request: string;
  /** HTTP status; 0 when nothing was answered (then `errorCode` says why). */
  status: number;
  errorCode?: number;
  /** `400`, or `k6 1050 request timeout` — with "timed out after N s" for a timeout, the Retry-After a 429 asked beyond the cap. */
  statusText: string;
  /** Failed operations (flows, turns, streams). */
  count: number;
  /** Requests they took, retries included. */
  tries: number;
  first: string;
  last: string;
  /** The protocol's reason for the first of them (e.g. `summary: validate: HTTP 400`). */
  reason: string;
  /** The first characters of one answer, secrets redacted. */
  answer?: string;
}

/** k6's error codes (go.k6.io/k6 lib/netext/httpext/error_codes.go), the ones a load test meets. */
export const K6_ERROR_NAMES: Readonly<Record<number, string>> = {
  1000: 'generic error',
  1010: 'non-TCP network error',
  1020: 'invalid URL',
  1050: 'request timeout',
  1100: 'DNS error',
  1101: 'no IP for the host',
  1110: 'blacklisted IP',
  1111: 'blocked hostname',
  1200: 'TCP error',
  1201: 'broken pipe',
  1202: 'unknown network errno',
  1210: 'TCP dial error',
  1211: 'TCP dial timeout',
  1212: 'connection refused',
  1213: 'unknown TCP dial errno',
  1220: 'connection reset by peer',
  1300: 'TLS error',
  1301: 'TLS header error',
  1310: 'unknown certificate authority',
  1311: 'certificate hostname mismatch',
  1610: 'HTTP/2 GOAWAY',
  1630: 'HTTP/2 stream error',
  1650: 'HTTP/2 connection error',
};

export function k6ErrorName(code: number): string {
  const known = K6_ERROR_NAMES[code];
  if (known) return known;
  if (code >= 1610 && code < 1630) return 'HTTP/2 GOAWAY';
  if (code >= 1630 && code < 1650) return 'HTTP/2 stream error';
  if (code >= 1650 && code < 1670) return 'HTTP/2 connection error';
  return 'k6 error';
}

function statusText(status: number, errorCode: number | undefined, tags: Readonly<Record<string, string>>): string {
  const timeoutS = tags['timeout_s'];
  const askedS = tags['retry_after_s'];
  const capS = tags['retry_cap_s'];
  if (status === 429 && askedS !== undefined && capS !== undefined) return `429, Retry-After ${askedS} s exceeded the ${capS} s cap`;
  if (errorCode === undefined) return String(status);
  const k6 = `k6 ${errorCode} ${k6ErrorName(errorCode)}`;
  if (errorCode === 1050) return timeoutS !== undefined ? `timed out after ${timeoutS} s (${k6})` : `timed out (${k6})`;
  return k6;
}

const int = (text: string | undefined): number | undefined => {
  const n = text === undefined ? Number.NaN : Number(text);
  return Number.isInteger(n) ? n : undefined;
};

/** Folds the failure samples into entries, most failures first. */
export function failureBreakdown(points: readonly KeptPoint[], secrets: readonly string[]): FailureEntry[] {
  const entries = new Map<string, FailureEntry>();
  for (const p of points) {
    const step = p.tags['step'] ?? '?';
    const status = int(p.tags['status']) ?? 0;
    // With an answer, k6's code only mirrors the HTTP status (1400-1599): the status says it all.
    const errorCode = status > 0 ? undefined : int(p.tags['error_code']);
    const key = `${step}|${status}|${errorCode ?? ''}`;
    let e = entries.get(key);
    if (e === undefined) {
      e = {
        step,
        request: p.tags['name'] ?? step,
        status,
        ...(errorCode !== undefined ? { errorCode } : {}),
        statusText: statusText(status, errorCode, p.tags),
        count: 0,
        tries: 0,
        first: p.time,
        last: p.time,
        reason: redact(p.tags['reason'] ?? '', secrets),
      };
      entries.set(key, e);
    }
    e.count++;
    e.tries += p.value;
    if (Date.parse(p.time) < Date.parse(e.first)) e.first = p.time;
    if (Date.parse(p.time) > Date.parse(e.last)) e.last = p.time;
    const answer = p.tags['answer'];
    if (e.answer === undefined && answer !== undefined && answer !== '') e.answer = redact(answer, secrets);
  }
  return [...entries.values()].sort((a, b) => b.count - a.count || a.first.localeCompare(b.first));
}

/** One line: `process → 400: 10 failed (10 tries): {"detail":"No input provided…"}`. */
export function describeFailure(e: FailureEntry, answerChars = 120): string {
  const request = e.request === e.step ? e.step : `${e.step} (${e.request})`;
  const tries = e.tries !== e.count ? ` (${e.tries} tries)` : '';
  const answer = e.answer === undefined ? '' : `: ${oneLine(e.answer, answerChars)}`;
  return `${request} → ${e.statusText}: ${e.count} failed${tries}${answer}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
