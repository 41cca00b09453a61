/**
 * The five-call `POST /validate` step machine. The time of each call is the time to build the next artefact:
 * summary (one model call), violations (retrieval, then up to N parallel checks that are dropped silently on
 * timeout), narrative (one model call), FIR build (number, template, stored row), completion.
 */
import { renderFir, firNumberFor } from './afirgen-text.ts';
import type { AfirgenStore, Session, Violation } from './afirgen-store.ts';
import { ModelLayer } from './afirgen-models.ts';
import type { Exchange, HostState } from './host.ts';
import { isRecord } from '../is-record.ts';
import { parseJson, readBody, sendJson } from './http.ts';

const SESSION_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_USER_INPUT = 10_000;
const TIMEOUT = { detail: 'Processing timeout - please try again' };
const SECTIONS = ['103', '115', '118', '126', '303', '308', '309', '318', '324', '351'];

function err422(loc: string, msg: string, input: unknown): { detail: unknown[] } {
  return { detail: [{ type: 'value_error', loc: ['body', loc], msg, input }] };
}

export async function handleValidate(ex: Exchange, state: HostState, store: AfirgenStore, models: ModelLayer): Promise<void> {
  const body = await readBody(ex.req, 1024 * 1024);
  if (!body.ok) return sendJson(ex.res, 413, { detail: 'Request body too large' });
  const parsed = parseJson(body.data);
  if (!parsed.ok || !isRecord(parsed.value)) return sendJson(ex.res, 422, err422('', 'Input should be a valid JSON object', null));
  const b = parsed.value;
  const sid = b['session_id'];
  if (typeof sid !== 'string' || !SESSION_RE.test(sid))
    return sendJson(ex.res, 422, err422('session_id', 'session_id must be a lower-case UUID', sid));
  const approved = b['approved'];
  if (typeof approved !== 'boolean') return sendJson(ex.res, 422, err422('approved', 'Field required (a boolean)', approved));
  const userInput = b['user_input'];
  if (userInput !== undefined && userInput !== null && (typeof userInput !== 'string' || userInput.length > MAX_USER_INPUT)) {
    return sendJson(ex.res, 422, err422('user_input', `String should have at most ${MAX_USER_INPUT} characters`, '…'));
  }
  const session = await store.getSession(sid);
  if (!session) return sendJson(ex.res, 404, { detail: 'Session not found or expired' });
  ex.step = session.current_step;
  if (!session.awaiting_validation) return sendJson(ex.res, 400, { detail: 'Session not awaiting validation' });
  const now = new Date().toISOString();
  if (!approved) {
    await store.putSession({ ...session, last_activity: now });
    return sendJson(ex.res, 200, {
      success: true,
      session_id: sid,
      current_step: session.current_step,
      content: { message: 'Please provide corrections or additional input' },
      message: 'Validation not approved',
      requires_validation: true,
    });
  }
  const cfg = state.config.afirgen;
  const waited = ModelLayer.addWait(ex);
  const answer = (next: Session, content: Record<string, unknown>, message: string, extra: Record<string, unknown> = {}): Promise<void> =>
    store.putSession(next).then(() =>
      sendJson(ex.res, 200, {
        success: true,
        session_id: sid,
        current_step: next.current_step,
        content,
        message,
        requires_validation: next.awaiting_validation,
        ...extra,
      }),
    );
  const modelFailure = (outcome: 'timeout' | 'open', server: string): void => {
    if (outcome === 'timeout') sendJson(ex.res, 504, TIMEOUT);
    else sendJson(ex.res, 500, { detail: `Validation failed: Circuit breaker ${server} is OPEN` });
  };

  switch (session.current_step) {
    case 'transcript_review': {
      const r = await models.call('model_server', cfg.summaryMs, cfg.summaryTimeoutMs, waited);
      if (r !== 'ok') return modelFailure(r, 'model_server');
      const summary = `Summary: ${session.transcript.slice(0, 200)}${userInput ? ` (${userInput.slice(0, 200)})` : ''}`;
      const next: Session = { ...session, summary, current_step: 'summary_review', last_activity: new Date().toISOString() };
      return answer(next, { summary, original_transcript: session.transcript }, 'Summary generated. Please review.');
    }
    case 'summary_review': {
      await models.work(cfg.retrievalMs);
      const checks = Math.min(10, Math.max(0, Math.floor(cfg.violationChecks)));
      let maxWait = 0;
      const outcomes = await Promise.all(
        Array.from({ length: checks }, (_, i) =>
          models
            .call('model_server', cfg.violationCheckMs, cfg.violationTimeoutMs, (ms) => (maxWait = Math.max(maxWait, ms)), false)
            .then((o) => ({ i, o })),
        ),
      );
      ex.queueWaitMs += maxWait;
      const violations: Violation[] = outcomes
        .filter((x) => x.o === 'ok')
        .map(({ i }) => ({
          db: 'bns',
          section: `BNS ${SECTIONS[i] ?? String(i)}`,
          text: `Section ${SECTIONS[i] ?? String(i)} applies to the reported facts.`,
        }));
      const summary = session.summary ?? '';
      const next: Session = { ...session, violations, current_step: 'violations_review', last_activity: new Date().toISOString() };
      return answer(next, { violations, summary }, 'Violations identified. Please review.');
    }
    case 'violations_review': {
      const r = await models.call('model_server', cfg.narrativeMs, cfg.summaryTimeoutMs, waited);
      if (r !== 'ok') return modelFailure(r, 'model_server');
      const fir_narrative = `On the reported date the complainant stated: ${session.transcript.slice(0, 400)}`;
      const next: Session = { ...session, fir_narrative, current_step: 'fir_narrative_review', last_activity: new Date().toISOString() };
      return answer(next, { fir_narrative }, 'FIR narrative generated. Please review.');
    }
    case 'fir_narrative_review': {
      if (state.config.quirks) {
        return sendJson(ex.res, 500, { detail: 'Validation failed: get_fir_data() takes 1 positional argument but 2 were given' });
      }
      await models.work(cfg.firBuildMs);
      const created = new Date();
      const fir_number = firNumberFor(sid, created);
      const fir_content = renderFir(fir_number, session, created);
      await store.putFir({
        fir_number,
        status: 'pending',
        created_at: created.toISOString(),
        finalized_at: null,
        content: fir_content,
        session_id: sid,
      });
      const next: Session = { ...session, fir_number, fir_content, current_step: 'final_review', last_activity: created.toISOString() };
      return answer(next, { fir_content, fir_number }, 'FIR generated. Please review the final FIR.');
    }
    case 'final_review': {
      const next: Session = { ...session, status: 'completed', awaiting_validation: false, last_activity: new Date().toISOString() };
      return answer(next, { fir_content: session.fir_content ?? '', fir_number: session.fir_number ?? '' }, 'FIR completed.', {
        completed: true,
      });
    }
  }
}
