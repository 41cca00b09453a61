/**
 * One request with the frontend's retry policy (retry.ts): every attempt is a real k6 request (so
 * http_req_duration and http_req_failed see it), every retry is counted in `loadgate_retries{reason}`,
 * and the caller gets the last answer plus the wall time of all attempts together — what a user waits.
 */
import http, { type RefinedResponse, type RequestBody } from 'k6/http';
import { sleep } from 'k6';
import exec from 'k6/execution';
import { retries, vuStarted } from './metrics.ts';
import { retryDecision, type RetryDecision } from './retry.ts';
import { requestTags } from './tags.ts';

export interface RequestSpec {
  method: 'GET' | 'POST';
  url: string;
  body?: RequestBody | null;
  headers?: Record<string, string>;
  /** k6's `name` tag: the route, not the URL with ids in it. */
  name: string;
  step: string;
  vm: string;
  timeoutMs: number;
  retryMaxWaitMs: number;
  /** false for streams: a half-read stream is not re-sent. */
  retry?: boolean;
}

export interface Answer {
  res: RefinedResponse<'text'>;
  attempts: number;
  /** From the first try's start to the last try's end, retry waits included. */
  elapsedMs: number;
  /** The last answer was a 429 whose Retry-After (ms) was longer than the cap, so it was not waited for. */
  retryAfterMs?: number;
}

/**
 * Only a 2xx is an expected answer. k6 counts 200–399 as expected by default, but it never follows a redirect
 * here (options.json sets maxRedirects 0, and no contract endpoint redirects), so a 3xx is a failed request
 * in http_req_failed, and the callers' checks name its status. Defined once, as k6 recommends.
 */
const EXPECTED_STATUSES = http.expectedStatuses({ min: 200, max: 299 });
// Per VU (k6 module state): whether this VU has announced itself in `loadgate_vu_started`.
let vuAnnounced = false;

export function send(spec: RequestSpec): Answer {
  // Only iterations call send (setup() checks health with plain http.get), so this counts the VUs that
  // ran: exact even when the run is shorter than the once-a-second `vus` gauge.
  if (!vuAnnounced) {
    vuAnnounced = true;
    // The VU's id in the whole test: disjoint across the generators of a distributed run (one sample per VU).
    vuStarted.add(1, { vu: String(exec.vu.idInTest) });
  }
  const params = {
    headers: spec.headers ?? {},
    responseCallback: EXPECTED_STATUSES,
    tags: requestTags(spec.step, spec.vm, spec.name),
    timeout: spec.timeoutMs,
    responseType: 'text' as const,
  };
  const started = Date.now();
  let attempt = 1;
  for (;;) {
    const res = http.request(spec.method, spec.url, spec.body ?? null, params);
    const header = res.headers['Retry-After'];
    const decision: RetryDecision =
      spec.retry === false ? { retry: false } : retryDecision(res.status, header, attempt, spec.retryMaxWaitMs, Date.now());
    if (!decision.retry) {
      const over = decision.retryAfterMs;
      return { res, attempts: attempt, elapsedMs: Date.now() - started, ...(over === undefined ? {} : { retryAfterMs: over }) };
    }
    retries.add(1, { reason: decision.reason, step: spec.step, vm: spec.vm });
    sleep(decision.waitMs / 1000);
    attempt++;
  }
}
