/**
 * `POST /process`: the input checked before any slot is taken (afirgen-input.ts), then a `/process` slot held
 * for the text step or the OCR/ASR model call, and a new session awaiting its first `/validate`. As shipped
 * (quirks), text sessions are never marked awaiting validation.
 */
import { randomUUID } from 'node:crypto';
import { checkProcessInput, MAX_FILE_BYTES } from './afirgen-input.ts';
import { ModelLayer } from './afirgen-models.ts';
import type { AfirgenStore } from './afirgen-store.ts';
import type { Exchange, HostState } from './host.ts';
import { readBody, sendJson } from './http.ts';

export async function handleProcess(ex: Exchange, state: HostState, store: AfirgenStore, models: ModelLayer): Promise<void> {
  const body = await readBody(ex.req, MAX_FILE_BYTES + 1024 * 1024);
  if (!body.ok) return sendJson(ex.res, 413, { detail: 'File too large (max 25 MiB)' });
  const checked = checkProcessInput(ex.req, ex.query, body.data, state.config.quirks);
  if (!checked.ok) return sendJson(ex.res, checked.status, { detail: checked.detail });
  const cfg = state.config.afirgen;
  const t0 = performance.now();
  await models.processSlots.acquire();
  ex.queueWaitMs += performance.now() - t0;
  try {
    const input = checked.input;
    let transcript: string;
    let steps: string[] = [];
    if (input.kind === 'text') {
      await models.work(cfg.processTextMs);
      transcript = input.text;
    } else {
      const image = input.kind === 'image';
      const r = await models.call(
        'asr_ocr_server',
        image ? cfg.ocrMs : cfg.asrMs,
        image ? cfg.ocrTimeoutMs : cfg.asrTimeoutMs,
        ModelLayer.addWait(ex),
      );
      if (r === 'timeout') return sendJson(ex.res, 504, { detail: 'Processing timeout - please try again' });
      if (r === 'open') {
        return sendJson(ex.res, 200, {
          success: false,
          session_id: null,
          fir_number: null,
          fir_content: null,
          error: 'processing_error:Circuit breaker asr_ocr_server is OPEN',
          steps: [],
          requires_validation: false,
          current_step: null,
          content_for_validation: null,
        });
      }
      transcript = `${image ? 'Text read from' : 'Speech transcribed from'} ${input.file.filename} (${input.file.size} bytes): a complaint about a theft reported at the police station.`;
      steps = [image ? 'ocr_done' : 'asr_done'];
    }
    const now = new Date().toISOString();
    const sessionId = randomUUID();
    // As shipped, text sessions were never marked awaiting validation (quirk).
    const awaiting = !(state.config.quirks && input.kind === 'text');
    await store.putSession({
      session_id: sessionId,
      status: awaiting ? 'awaiting_validation' : 'processing',
      current_step: 'transcript_review',
      awaiting_validation: awaiting,
      created_at: now,
      last_activity: now,
      transcript,
    });
    sendJson(ex.res, 200, {
      success: true,
      session_id: sessionId,
      fir_number: null,
      fir_content: null,
      error: null,
      steps,
      requires_validation: true,
      current_step: 'transcript_review',
      content_for_validation: { transcript },
    });
  } finally {
    models.processSlots.release();
  }
}
