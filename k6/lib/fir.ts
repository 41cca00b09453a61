/**
 * One FIR end to end, per contracts/afirgen.md: POST /process (text, image or audio: fir-input.ts), POST /validate with
 * `approved: true` until `completed: true`, the FIR number checked, then GET /fir/{n}. Each step's time is
 * recorded under the server-side meaning of the call (fir-protocol.ts); a flow that does not reach a
 * well-formed, fetchable FIR number counts as not completed.
 */
import { sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { FirConfig } from './env.ts';
import { inputFile, inputFor, type InputFile } from './fir-input.ts';
import { send, type Answer } from './http.ts';
import type { RequestBody } from 'k6/http';
import { recordFailure } from './failures.ts';
import { warnFailure } from './log.ts';
import { firCompleted, firE2eDuration, firStepDuration, firViolations } from './metrics.ts';
import {
  checkFirRecord,
  complaintText,
  FIR_NUMBER_RE,
  FIR_STEPS,
  type FirStep,
  MAX_VALIDATE_CALLS,
  parseProcessAnswer,
  parseValidateAnswer,
  validateStepFor,
} from './fir-protocol.ts';
import { stepTags } from './tags.ts';

export interface FirFlowOptions {
  /** Extra tags on the flow's custom samples, e.g. `round` for fir-concurrency. */
  tags?: Record<string, string>;
}

/** Runs one flow; returns undefined on success, else the reason (also logged once per failure). */
export function firFlow(cfg: FirConfig, opts: FirFlowOptions = {}): string | undefined {
  const extra = opts.tags ?? {};
  const { baseUrl, vm } = cfg.afirgen;
  const auth = { 'X-API-Key': cfg.apiKey };
  const common = { vm, timeoutMs: cfg.httpTimeoutMs, retryMaxWaitMs: cfg.retryMaxWaitMs };
  const started = Date.now();
  const timeoutOf = (step: string): number => (isTimedStep(step) ? cfg.timeouts[step] : cfg.httpTimeoutMs);
  /** The flow failed at `step` (request `name`) with answer `a` (undefined when the request was not sent). */
  const fail = (why: string, step: string, name: string, a: Answer | undefined): string => {
    firCompleted.add(false, extra);
    const limits = {
      timeoutMs: timeoutOf(step),
      retryCapMs: cfg.retryMaxWaitMs,
      ...(a?.retryAfterMs === undefined ? {} : { retryAfterMs: a.retryAfterMs }),
    };
    recordFailure({ step, name, vm, extra, ...limits }, why, a?.res, a?.attempts);
    warnFailure('fir flow', why);
    return why;
  };

  const p = send({ ...common, ...processRequest(cfg), headers: auth, name: 'process', step: 'process', timeoutMs: timeoutOf('process') });
  const processed = parseProcessAnswer(p.res.status, p.res.body);
  if (!processed.ok) return fail(processed.error, 'process', 'process', p);
  firStepDuration.add(p.elapsedMs, stepTags('process', vm, extra));

  const body = JSON.stringify({ session_id: processed.value.sessionId, approved: true });
  const headers = { ...auth, 'Content-Type': 'application/json' };
  let current = processed.value.currentStep;
  let firNumber: string | undefined;
  let completed = false;
  let last: Answer = p;
  for (let call = 0; call < MAX_VALIDATE_CALLS && !completed; call++) {
    const step = validateStepFor(current);
    if (!step) return fail(`validate: unexpected current_step '${current}'`, 'validate', 'validate', undefined);
    const v = send({
      ...common,
      method: 'POST',
      url: `${baseUrl}/validate`,
      body,
      headers,
      name: 'validate',
      step,
      timeoutMs: timeoutOf(step),
    });
    last = v;
    const answer = parseValidateAnswer(v.res.status, v.res.body);
    if (!answer.ok) return fail(`${step}: ${answer.error}`, step, 'validate', v);
    firStepDuration.add(v.elapsedMs, stepTags(step, vm, extra));
    if (step === 'violations') firViolations.add(answer.value.violations ?? 0, extra);
    current = answer.value.currentStep;
    firNumber = answer.value.firNumber ?? firNumber;
    completed = answer.value.completed;
  }
  if (!completed) return fail(`validate: not completed after ${MAX_VALIDATE_CALLS} calls`, 'validate', 'validate', last);
  if (!firNumber || !FIR_NUMBER_RE.test(firNumber)) return fail(`FIR number '${firNumber ?? ''}' is malformed`, 'fir', 'validate', last);
  const e2e = Date.now() - started;

  const g = send({ ...common, method: 'GET', url: `${baseUrl}/fir/${firNumber}`, headers: auth, name: 'fir', step: 'fetch' });
  const fetchError = checkFirRecord(g.res.status, g.res.body, firNumber);
  if (fetchError) return fail(fetchError, 'fetch', 'fir', g);
  firE2eDuration.add(e2e, extra);
  firCompleted.add(true, extra);
  return undefined;
}

const TIMED: ReadonlySet<string> = new Set(FIR_STEPS);
function isTimedStep(step: string): step is FirStep {
  return TIMED.has(step);
}

// Per VU (k6 module state): the generated files, built on first use and reused by every iteration.
const files: Partial<Record<'image' | 'audio', InputFile>> = {};

/** POST /process for this iteration's input: the text (form field or query string) or a generated file. */
function processRequest(cfg: FirConfig): { method: 'POST'; url: string; body: RequestBody | null } {
  const url = `${cfg.afirgen.baseUrl}/process`;
  const kind = inputFor(cfg.input, exec.scenario.iterationInTest);
  if (kind === 'text') {
    const text = complaintText(cfg.textLength, exec.vu.idInTest * 1000 + exec.vu.iterationInScenario);
    // As shipped, AFIRGen reads `text` only from the query string; the contract's form field is the default.
    if (cfg.textVia === 'query') return { method: 'POST', url: `${url}?text=${encodeURIComponent(text)}`, body: null };
    return { method: 'POST', url, body: { text } };
  }
  const f = (files[kind] ??= inputFile(kind));
  // A FileData value makes k6 send multipart/form-data, the part named by the key, typed by the file.
  return { method: 'POST', url, body: { [f.field]: http.file(f.data, f.filename, f.contentType) } };
}

/** fir-concurrency: a flow tagged with its round (the VU's iteration), then the pause between rounds. */
export function firRound(cfg: FirConfig): void {
  firFlow(cfg, { tags: { round: String(exec.vu.iterationInScenario + 1) } });
  if (cfg.pauseMs > 0) sleep(cfg.pauseMs / 1000);
}
