/**
 * When to retry a request, modelled on the real AFIRGen frontend: up to 3 tries on 429 and 5xx, waiting
 * 1 s and then 2 s — except that a 429's `Retry-After` is honoured up to `maxWaitMs` (the scenario's cap). A
 * 429 asking for longer is not retried early (the server would only say 429 again): the answer is final and
 * says how long it asked for, so the breakdown reads "Retry-After 60 s exceeded the 10 s cap". Pure: the k6
 * side (http.ts) sleeps and counts.
 * A retry never hides a failure: every attempt is still an HTTP sample, every retry is counted in
 * `loadgate_retries`, and when the last try fails the step fails.
 */
export const MAX_ATTEMPTS = 3;
/** The frontend's waits before the 2nd and the 3rd try. */
export const BACKOFF_MS: readonly number[] = [1000, 2000];

export type RetryReason = 'rate_limited' | 'gateway_timeout' | 'server_error';

export type RetryDecision =
  | { retry: false; /** A 429's Retry-After, ms, that was longer than the cap. */ retryAfterMs?: number }
  | { retry: true; waitMs: number; reason: RetryReason };

/**
 * Why a status is worth retrying, or undefined when it is final: success, a client error, or no answer at
 * all (status 0: refused, reset, or k6's request timeout — the frontend does not retry those, and re-sending
 * a request that already waited the whole timeout would triple a step's time).
 */
export function retryReason(status: number): RetryReason | undefined {
  if (status === 429) return 'rate_limited';
  if (status === 504) return 'gateway_timeout';
  if (status >= 500 && status <= 599) return 'server_error';
  return undefined;
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Decides after attempt number `attempt` (1-based) answered `status`.
 * `retryAfter` is the raw header value, if any.
 */
export function retryDecision(
  status: number,
  retryAfter: string | undefined,
  attempt: number,
  maxWaitMs: number,
  nowMs: number,
): RetryDecision {
  const reason = retryReason(status);
  if (reason === undefined) return { retry: false };
  const asked = reason === 'rate_limited' ? parseRetryAfter(retryAfter, nowMs) : undefined;
  if (asked !== undefined && asked > maxWaitMs) return { retry: false, retryAfterMs: asked };
  if (attempt >= MAX_ATTEMPTS) return { retry: false };
  const backoff = BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)] ?? 0;
  return { retry: true, waitMs: Math.min(asked ?? backoff, maxWaitMs), reason };
}
