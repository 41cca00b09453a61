/**
 * Small stand-ins for AFIRGen and the AutoBot chat API on 127.0.0.1 (ephemeral ports), following the
 * contracts closely enough to drive the real k6 scripts: per-step delays, a 429 with Retry-After on
 * demand, error events inside a 200 stream. They record what they received so tests can check tags,
 * bodies and headers. Only for tests that cannot wait for the lab.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type TestServer } from '../../../helpers/server.ts';

export const FAKE_KEY = 'fake-afirgen-key';

export interface FirFake {
  server: TestServer;
  /** Delay per server-side step, ms. */
  delays: Record<string, number>;
  /** How many of the next /process calls answer 429 (Retry-After: 1). */
  rateLimitNext: number;
  received: Array<{ path: string; body: string; apiKey: string | undefined }>;
  violations: number;
}

const STEPS: Record<string, { work: string; next: string }> = {
  transcript_review: { work: 'summary', next: 'summary_review' },
  summary_review: { work: 'violations', next: 'violations_review' },
  violations_review: { work: 'narrative', next: 'fir_narrative_review' },
  fir_narrative_review: { work: 'fir', next: 'final_review' },
  final_review: { work: 'complete', next: 'final_review' },
};

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const after = (ms: number, fn: () => void): void => void setTimeout(fn, ms);

function objectField(v: unknown, key: string): unknown {
  if (typeof v !== 'object' || v === null) return undefined;
  const value: unknown = Reflect.get(v, key);
  return value;
}

export async function startFirFake(delays: Record<string, number> = {}): Promise<FirFake> {
  const sessions = new Map<string, { step: string; fir?: string }>();
  const firs = new Set<string>();
  const state: Omit<FirFake, 'server'> = { delays, rateLimitNext: 0, received: [], violations: 3 };
  const server = await startServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const path = (req.url ?? '').split('?')[0] ?? '';
      const apiKey = typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined;
      state.received.push({ path, body, apiKey });
      const d = (step: string): number => state.delays[step] ?? 0;
      if (path === '/health') return json(res, 200, { status: 'healthy' });
      if (apiKey !== FAKE_KEY) return json(res, 401, { detail: 'bad key' });
      if (path === '/list_firs') return json(res, 200, { records: [], limit: 1, offset: 0, count: 0 });
      if (path === '/process' && req.method === 'POST') {
        if (state.rateLimitNext > 0) {
          state.rateLimitNext--;
          return json(res, 429, { detail: 'slow down', error: 'too_many_requests' }, { 'Retry-After': '1' });
        }
        const text = new URLSearchParams(body).get('text') ?? '';
        if (text.length < 10) return json(res, 400, { detail: 'No input provided' });
        const id = randomUUID();
        sessions.set(id, { step: 'transcript_review' });
        return after(d('process'), () =>
          json(res, 200, {
            success: true,
            session_id: id,
            current_step: 'transcript_review',
            requires_validation: true,
            content_for_validation: { transcript: text },
          }),
        );
      }
      if (path === '/validate' && req.method === 'POST') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          return json(res, 422, { detail: 'bad json' });
        }
        const sid = objectField(parsed, 'session_id');
        const s = typeof sid === 'string' ? sessions.get(sid) : undefined;
        if (!s || typeof sid !== 'string') return json(res, 404, { detail: 'unknown session' });
        if (objectField(parsed, 'approved') !== true) return json(res, 200, { success: true, content: { message: 'corrections?' } });
        const step = STEPS[s.step] ?? { work: 'complete', next: 'final_review' };
        return after(d(step.work), () => {
          let content: Record<string, unknown> = {};
          if (step.work === 'summary') content = { summary: 's', original_transcript: 't' };
          if (step.work === 'violations')
            content = {
              violations: Array.from({ length: state.violations }, (_, i) => ({ db: 'bns', section: String(i), text: 'x' })),
              summary: 's',
            };
          if (step.work === 'narrative') content = { fir_narrative: 'n' };
          if (step.work === 'fir' || step.work === 'complete') {
            s.fir ??= `FIR-${sid.slice(0, 8)}-20260101120000`;
            firs.add(s.fir);
            content = { fir_content: 'c', fir_number: s.fir };
          }
          s.step = step.next;
          const completed = step.work === 'complete';
          json(res, 200, {
            success: true,
            session_id: sid,
            message: 'ok',
            current_step: step.next,
            content,
            requires_validation: !completed,
            ...(completed ? { completed: true } : {}),
          });
        });
      }
      const fir = /^\/fir\/([^/]+)$/.exec(path)?.[1];
      if (fir && req.method === 'GET')
        return firs.has(fir) ? json(res, 200, { fir_number: fir, status: 'draft' }) : json(res, 404, { detail: 'no' });
      json(res, 404, { detail: 'not found' });
    })();
  });
  return Object.assign(state, { server });
}

export interface ChatFake {
  server: TestServer;
  delayMs: number;
  /** Every n-th stream carries an error event (0: never). */
  streamErrorEvery: number;
  received: Array<{ path: string; body: unknown }>;
}

export async function startChatFake(delayMs = 5): Promise<ChatFake> {
  let streams = 0;
  const state: Omit<ChatFake, 'server'> = { delayMs, streamErrorEvery: 0, received: [] };
  const server = await startServer((req, res) => {
    void (async () => {
      const raw = await bodyOf(req);
      const path = req.url ?? '';
      if (path === '/api/health') return json(res, 200, { status: 'healthy', service: 'autobot-backend' });
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return json(res, 422, { detail: [] });
      }
      state.received.push({ path, body });
      const sid = objectField(body, 'session_id');
      const content = objectField(body, 'content');
      if (typeof content !== 'string' || content === '') return json(res, 422, { detail: [] });
      if (path === '/api/chat')
        return after(state.delayMs, () =>
          json(res, 200, {
            success: true,
            data: { content: 'answer', role: 'assistant', session_id: sid, message_id: randomUUID() },
            message: 'ok',
            request_id: randomUUID(),
          }),
        );
      if (path === '/api/chat/stream') {
        const n = ++streams;
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        res.write(`data: ${JSON.stringify({ type: 'start', session_id: sid, request_id: 'r' })}\n\n`);
        return after(state.delayMs, () => {
          if (state.streamErrorEvery > 0 && n % state.streamErrorEvery === 0)
            res.write(`data: ${JSON.stringify({ type: 'error', content: 'llm down', request_id: 'r' })}\n\n`);
          else res.write(`data: ${JSON.stringify({ type: 'chunk', content: 'hi' })}\n\n`);
          res.end(`data: ${JSON.stringify({ type: 'end', request_id: 'r' })}\n\n`);
        });
      }
      json(res, 404, { detail: 'not found' });
    })();
  });
  return Object.assign(state, { server });
}
