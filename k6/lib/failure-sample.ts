/**
 * What the k6 side keeps of a failed operation for the verdict's failure breakdown: the tags of one
 * `loadgate_failures` sample (step, request name, HTTP status, k6 error code, the protocol's reason) and,
 * for the first few failures of each (step, status) in a VU, the answer's first characters as text. The
 * answer rides in the sample's `answer` tag, so it lands in the run's raw samples with no side channel;
 * the budget per VU keeps the samples file bounded however often a target fails. Pure: no `k6` import.
 */

/** Characters of an answer kept: enough for an error's message, never a whole page. */
export const ANSWER_CHARS = 300;
/** Answers kept per (step, status) per VU; the count of failures is kept for every one. */
export const ANSWERS_PER_KEY = 2;

export interface FailedAnswer {
  status: number;
  body: unknown;
  error_code: number;
  error: string;
}

/** The answer as short text: the body's first characters, or k6's error text when nothing was answered. */
export function answerText(a: FailedAnswer): string {
  if (typeof a.body !== 'string' || a.body.length === 0) return a.error;
  // Control characters other than tab/newline mean a binary answer: say so instead of keeping bytes.
  if (hasControlCharacters(a.body.slice(0, ANSWER_CHARS))) return `(binary answer, ${a.body.length} characters)`;
  return a.body.length > ANSWER_CHARS ? `${a.body.slice(0, ANSWER_CHARS)}…` : a.body;
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) return true;
  }
  return false;
}

/** Counts answers kept per (step, status) key in one VU. */
export class AnswerBudget {
  private readonly kept = new Map<string, number>();
  constructor(private readonly perKey = ANSWERS_PER_KEY) {}
  take(key: string): boolean {
    const n = this.kept.get(key) ?? 0;
    if (n >= this.perKey) return false;
    this.kept.set(key, n + 1);
    return true;
  }
}

/** The tags of one failure sample; `answer` only when the budget allows. */
export function failureTags(
  step: string,
  name: string,
  vm: string,
  reason: string,
  a: FailedAnswer | undefined,
  budget: AnswerBudget,
  extra: Record<string, string> = {},
  timeoutMs?: number,
  retryAfter?: { askedMs: number; capMs: number },
): Record<string, string> {
  const status = a?.status ?? 0;
  const tags: Record<string, string> = { ...extra, step, name, vm, status: String(status), reason };
  if (a !== undefined && a.error_code > 0) tags['error_code'] = String(a.error_code);
  // k6 1050 is its own request timeout: keep the limit, so the breakdown can say "timed out after N s".
  if (a?.error_code === 1050 && timeoutMs !== undefined) tags['timeout_s'] = String(timeoutMs / 1000);
  // A 429 whose Retry-After was longer than the scenario's cap: keep both, so the breakdown can say so.
  if (status === 429 && retryAfter !== undefined) {
    tags['retry_after_s'] = String(retryAfter.askedMs / 1000);
    tags['retry_cap_s'] = String(retryAfter.capMs / 1000);
  }
  if (a !== undefined && budget.take(`${step}|${status}|${a.error_code}`)) tags['answer'] = answerText(a);
  return tags;
}
