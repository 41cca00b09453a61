/**
 * `setup()`'s fail-fast check: the target must be usable before any load is sent. A target that is not
 * aborts the whole test (k6 exits 108) with its reason behind PREFLIGHT_MARK (preflight.ts), which the runner
 * turns into a preflight failure, exit 3, with that reason.
 */
import http, { type RefinedResponse } from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';
import { afirgenAuthProblem, afirgenHealthProblem, AUTH_TRIES, PREFLIGHT_MARK, type SeenAnswer } from './preflight.ts';
import { requestTags } from './tags.ts';

const HEALTH_TIMEOUT_MS = 5000;
/** An authenticated path that reads and changes nothing (contracts/afirgen.md). */
const AUTH_PATH = '/list_firs?limit=1';
/** Between the tries of the authenticated path: a passing blip is not the target's steady answer. */
const AUTH_PAUSE_S = 0.5;

function seen(res: RefinedResponse<'text'>): SeenAnswer {
  const contentType = res.headers['Content-Type'];
  return { status: res.status, body: res.body, contentType, error: res.error };
}

function abortPreflight(reason: string): void {
  exec.test.abort(`${PREFLIGHT_MARK}${reason}`);
}

/** AFIRGen: GET /health usable (healthy or degraded), then an authenticated request the key is accepted on. */
export function requireAfirgenHealthy(baseUrl: string, vm: string, apiKey: string): void {
  const health = http.get(`${baseUrl}/health`, { tags: requestTags('setup', vm, 'health'), timeout: HEALTH_TIMEOUT_MS });
  const unhealthy = afirgenHealthProblem(seen(health));
  if (unhealthy) return abortPreflight(`AFIRGen at ${baseUrl} is not usable: ${unhealthy}`);
  const tries: SeenAnswer[] = [];
  for (let i = 0; i < AUTH_TRIES; i++) {
    if (i > 0) sleep(AUTH_PAUSE_S);
    const res = http.get(`${baseUrl}${AUTH_PATH}`, {
      headers: { 'X-API-Key': apiKey },
      tags: requestTags('setup', vm, 'list_firs'),
      timeout: HEALTH_TIMEOUT_MS,
    });
    tries.push(seen(res));
    if (res.status < 500) break;
  }
  const rejected = afirgenAuthProblem('/list_firs', tries);
  if (rejected) abortPreflight(`AFIRGen at ${baseUrl} is not usable: ${rejected}`);
}

/** AutoBot backend: GET /api/health, 200. */
export function requireChatHealthy(baseUrl: string, vm: string): void {
  const res = http.get(`${baseUrl}/api/health`, { tags: requestTags('setup', vm, 'health'), timeout: HEALTH_TIMEOUT_MS });
  if (res.status !== 200)
    abortPreflight(
      `AutoBot backend at ${baseUrl} is not usable: GET /api/health answered ${res.status}${res.error ? ` (${res.error})` : ''}`,
    );
}
