/**
 * AFIRGen's FIR flow as the contract describes it (contracts/afirgen.md): POST /process with `text`, then
 * POST /validate `approved: true` until `completed: true`. Each /validate call is named after the work the
 * server does in it (the contract's step table), derived from the step the session was in *before* the
 * call — not from a call counter — so a repeated or skipped step is still labelled by its real meaning.
 * Pure: parses answers into typed results, no `k6` import.
 */
import { isObject, parseJson, str } from './json.ts';

export type FirStep = 'process' | 'summary' | 'violations' | 'narrative' | 'fir' | 'complete';
export const FIR_STEPS: readonly FirStep[] = ['process', 'summary', 'violations', 'narrative', 'fir', 'complete'];

/** `current_step` before a /validate call → the work that call does. */
const WORK_OF_STEP: Readonly<Record<string, FirStep>> = {
  transcript_review: 'summary',
  summary_review: 'violations',
  violations_review: 'narrative',
  fir_narrative_review: 'fir',
  final_review: 'complete',
};

export function validateStepFor(currentStep: string): FirStep | undefined {
  return WORK_OF_STEP[currentStep];
}

/** Five /validate calls finish a FIR; a few spare calls tolerate a repeated step, then we give up. */
export const MAX_VALIDATE_CALLS = 8;

export const FIR_NUMBER_RE = /^FIR-[a-f0-9]{8}-\d{14}$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ProcessAnswer {
  sessionId: string;
  currentStep: string;
}

export function parseProcessAnswer(status: number, body: string | null | undefined): Parsed<ProcessAnswer> {
  if (status !== 200) return { ok: false, error: `process: HTTP ${status}` };
  const j = parseJson(body);
  if (!isObject(j)) return { ok: false, error: 'process: body is not a JSON object' };
  if (j['success'] !== true) return { ok: false, error: `process: success=${String(j['success'])} (${str(j, 'error') ?? ''})` };
  const sessionId = str(j, 'session_id');
  if (!sessionId) return { ok: false, error: 'process: no session_id' };
  return { ok: true, value: { sessionId, currentStep: str(j, 'current_step') ?? 'transcript_review' } };
}

export interface ValidateAnswer {
  currentStep: string;
  completed: boolean;
  /** Only in the answer to the violations step. */
  violations?: number;
  firNumber?: string;
}

export function parseValidateAnswer(status: number, body: string | null | undefined): Parsed<ValidateAnswer> {
  if (status !== 200) return { ok: false, error: `validate: HTTP ${status}` };
  const j = parseJson(body);
  if (!isObject(j)) return { ok: false, error: 'validate: body is not a JSON object' };
  if (j['success'] !== true) return { ok: false, error: `validate: success=${String(j['success'])}` };
  const currentStep = str(j, 'current_step');
  if (!currentStep) return { ok: false, error: 'validate: no current_step' };
  const content = isObject(j['content']) ? j['content'] : {};
  const violations = Array.isArray(content['violations']) ? content['violations'].length : undefined;
  const firNumber = str(content, 'fir_number');
  return {
    ok: true,
    value: {
      currentStep,
      completed: j['completed'] === true,
      ...(violations === undefined ? {} : { violations }),
      ...(firNumber === undefined ? {} : { firNumber }),
    },
  };
}

/** GET /fir/{n} must answer 200 with the same number. */
export function checkFirRecord(status: number, body: string | null | undefined, firNumber: string): string | undefined {
  if (status !== 200) return `fir: HTTP ${status}`;
  const j = parseJson(body);
  if (!isObject(j) || str(j, 'fir_number') !== firNumber) return 'fir: record does not carry the FIR number';
  return undefined;
}

const WORDS = [
  'the',
  'complainant',
  'reported',
  'that',
  'his',
  'motorcycle',
  'was',
  'stolen',
  'from',
  'outside',
  'market',
  'near',
  'bus',
  'stand',
  'on',
  'evening',
  'witness',
  'saw',
  'two',
  'persons',
  'leaving',
  'quickly',
  'in',
  'direction',
  'of',
  'railway',
  'station',
  'police',
  'were',
  'informed',
  'next',
  'morning',
];

/**
 * A plain-language complaint of exactly `length` characters (10–50 000, per the contract), varied by
 * `seed` so that not every request is byte-identical. Only letters, spaces and full stops: nothing the
 * server's script filter could reject.
 */
export function complaintText(length: number, seed: number): string {
  const parts: string[] = [];
  let size = 0;
  let i = Math.abs(Math.trunc(seed));
  while (size < length) {
    const w = WORDS[i % WORDS.length] ?? 'report';
    parts.push(w);
    size += w.length + 1;
    i = (i * 7 + 3) % 1009;
  }
  const text = `${parts.join(' ')}.`.slice(0, length);
  return text.length < length ? text.padEnd(length, '.') : text;
}
