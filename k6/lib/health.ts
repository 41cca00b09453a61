/**
 * `setup()`'s fail-fast check: the target's health endpoint must answer before any load is sent.
 * One try with a short timeout; otherwise the whole test aborts with a message naming the target
 * (k6 exits 108, which the runner maps to `script-aborted`).
 */
import http from 'k6/http';
import exec from 'k6/execution';
import { isObject, parseJson, str } from './json.ts';
import { requestTags } from './tags.ts';

const HEALTH_TIMEOUT_MS = 5000;

/** AFIRGen: GET /health, 200 with status healthy or degraded (the contract's "usable"). */
export function requireAfirgenHealthy(baseUrl: string, vm: string): void {
  const res = http.get(`${baseUrl}/health`, { tags: requestTags('setup', vm, 'health'), timeout: HEALTH_TIMEOUT_MS });
  const j = parseJson(typeof res.body === 'string' ? res.body : null);
  const status = isObject(j) ? str(j, 'status') : undefined;
  if (res.status !== 200 || (status !== 'healthy' && status !== 'degraded'))
    exec.test.abort(`AFIRGen at ${baseUrl} is not usable: GET /health answered ${res.status} status=${status ?? '-'} ${res.error}`);
}

/** AutoBot backend: GET /api/health, 200. */
export function requireChatHealthy(baseUrl: string, vm: string): void {
  const res = http.get(`${baseUrl}/api/health`, { tags: requestTags('setup', vm, 'health'), timeout: HEALTH_TIMEOUT_MS });
  if (res.status !== 200)
    exec.test.abort(`AutoBot backend at ${baseUrl} is not usable: GET /api/health answered ${res.status} ${res.error}`);
}
