/**
 * How `setup()` judges the target before any load, and how it tells the runner why it gave up: the reason
 * rides in k6's abort message behind PREFLIGHT_MARK, which the runner finds in stderr.log
 * (orchestrator/src/engines/k6/preflight-reason.ts) and turns into a preflight failure (exit 3) instead of an
 * unexplained "k6 aborted the script". Pure: no `k6` import, so it is unit-tested under Node.
 */
import { answerText } from './failure-sample.ts';
import { isObject, parseJson, str } from './json.ts';

/** Starts every abort message of a preflight failure; nothing else k6 prints starts with it. */
export const PREFLIGHT_MARK = 'loadgate-preflight: ';

/** How many times setup() asks an authenticated path before it calls a 5xx the target's steady answer. */
export const AUTH_TRIES = 3;

export interface SeenAnswer {
  status: number;
  body: unknown;
  contentType: string | undefined;
  error: string;
}

function shortAnswer(a: SeenAnswer): string {
  const text = answerText({ status: a.status, body: a.body, error_code: 0, error: a.error });
  return text === '' ? '' : ` ${JSON.stringify(text)}`;
}

/** AFIRGen's GET /health: usable only as 200 with status healthy or degraded (contracts/afirgen.md). */
export function afirgenHealthProblem(a: SeenAnswer): string | undefined {
  const j = parseJson(typeof a.body === 'string' ? a.body : null);
  const status = isObject(j) ? str(j, 'status') : undefined;
  if (a.status === 200 && (status === 'healthy' || status === 'degraded')) return undefined;
  if (a.status === 0) return `GET /health got no answer (${a.error})`;
  const detail = isObject(j) ? str(j, 'error') : undefined;
  if (a.status === 200)
    return `GET /health answered 200 with status '${status ?? '-'}'${detail === undefined ? '' : ` (${detail})`}: a dependency is down`;
  return `GET /health answered ${a.status}${shortAnswer(a)}`;
}

/**
 * The answers of the same authenticated request, tried up to AUTH_TRIES times: a rejected key at once, or
 * the same 5xx on every try. AFIRGen as shipped answers a wrong or missing key with 500 text/plain, not 401:
 * that one gets the hint. Anything else (a 2xx, a 429, a 4xx of the request itself) is not a preflight matter.
 */
export function afirgenAuthProblem(path: string, tries: readonly SeenAnswer[]): string | undefined {
  const first = tries[0];
  if (first === undefined) return undefined;
  if (first.status === 401 || first.status === 403)
    return `GET ${path} with the API key answered ${first.status}${shortAnswer(first)}: the API key was rejected`;
  const steady = tries.length >= AUTH_TRIES && first.status >= 500 && tries.every((t) => t.status === first.status);
  if (!steady) return undefined;
  const every = `GET ${path} answered ${first.status}${shortAnswer(first)} on all ${tries.length} tries`;
  if (first.status === 500 && (first.contentType ?? '').startsWith('text/plain'))
    return `${every} as text/plain — AFIRGen answers a wrong or missing API key that way: check its apiKey`;
  return every;
}
