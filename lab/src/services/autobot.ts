/**
 * AutoBot's backend on main:8001: the chat API and health checks of the contract. Each chat turn reads the
 * conversation from Redis (`chat:conversation:<session_id>`, DB 0, a list of JSON messages, TTL 24 h), waits
 * for a slot of the simulated Ollama (its parallelism limit; excess turns queue), "generates" for the model
 * time, then appends the user and assistant messages.
 */
import { randomUUID } from 'node:crypto';
import type { LabConfig } from '../config.ts';
import { Semaphore, sleep } from '../sim/semaphore.ts';
import { checkChatMessage, checkContent, sessionIdOk, type ChatMessage, type FieldError } from './chat-message.ts';
import type { Exchange, HostState, ServiceLogic } from './host.ts';
import { isRecord } from '../is-record.ts';
import { parseJson, readBody, sendJson } from './http.ts';
import type { LabRedis } from './redis.ts';

const CONVERSATION_TTL_S = 24 * 3600;
const HISTORY_READ = 20;
const SYSTEM_HEALTH_KEY = 'cache:system_health';
const MAX_BODY = 2 * 1024 * 1024;

const ROUTES = new Map<string, string>([
  ['/api/chat', '/api/chat'],
  ['/api/chat/message', '/api/chat/message'],
  ['/api/chat/stream', '/api/chat/stream'],
  ['/api/health', '/api/health'],
  ['/api/system/health', '/api/system/health'],
]);
const CHATS_RE = /^\/api\/chats\/([^/]+)\/message$/;

interface Turn {
  reply: string;
  messageId: string;
  timestamp: string;
}

export function autobotLogic(state: HostState, redis: LabRedis): ServiceLogic {
  const ollama = new Semaphore(state.config.autobot.chatParallel);

  function envelope500(ex: Exchange, message: string): void {
    sendJson(ex.res, 500, { success: false, error: { code: 'INTERNAL_ERROR', message, request_id: randomUUID() } });
  }

  async function readJson(ex: Exchange): Promise<{ ok: true; value: unknown } | { ok: false }> {
    const body = await readBody(ex.req, MAX_BODY);
    if (!body.ok) {
      if (body.reason === 'too-large') sendJson(ex.res, 413, { detail: 'Request body too large' });
      else ex.res.destroy();
      return { ok: false };
    }
    const parsed = parseJson(body.data);
    if (!parsed.ok) {
      sendJson(ex.res, 422, { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }] });
    }
    return parsed;
  }

  /** One turn: read history, hold an Ollama slot for the model time (optionally paced as chunks), append. */
  async function turn(ex: Exchange, msg: ChatMessage, onChunk?: (text: string) => void): Promise<Turn> {
    const key = `chat:conversation:${msg.session_id}`;
    const history = await redis.lRange(key, -HISTORY_READ, -1);
    const waitStart = performance.now();
    await ollama.acquire();
    ex.queueWaitMs += performance.now() - waitStart;
    const cfg = state.config.autobot;
    const reply = `AutoBot (lab) answer ${Math.floor(history.length / 2) + 1} to: ${msg.content.slice(0, 60)}`;
    try {
      const modelMs = state.delays.sample(cfg.chatMs, cfg.chatSigma, cfg.chatMaxMs);
      if (onChunk) {
        const n = Math.max(1, Math.floor(cfg.streamChunks));
        const words = reply.split(' ');
        const per = Math.ceil(words.length / n);
        for (let i = 0; i < n; i++) {
          await sleep(modelMs / n);
          const part = words.slice(i * per, (i + 1) * per).join(' ');
          if (part !== '') onChunk(i === 0 ? part : ` ${part}`);
        }
      } else {
        await sleep(modelMs);
      }
    } finally {
      ollama.release();
    }
    const timestamp = new Date().toISOString();
    const messageId = randomUUID();
    const user = JSON.stringify({
      role: msg.role,
      content: msg.content,
      message_type: msg.message_type,
      timestamp,
      message_id: randomUUID(),
    });
    const assistant = JSON.stringify({ role: 'assistant', content: reply, message_type: 'text', timestamp, message_id: messageId });
    await Promise.all([redis.rPush(key, [user, assistant]), redis.expire(key, CONVERSATION_TTL_S)]);
    return { reply, messageId, timestamp };
  }

  function data(msg: ChatMessage, t: Turn): Record<string, unknown> {
    return {
      content: t.reply,
      role: 'assistant',
      session_id: msg.session_id,
      message_id: t.messageId,
      timestamp: t.timestamp,
      metadata: msg.metadata,
    };
  }

  /** The request's chat message, or undefined once the error answer (bad JSON, 422, 500) has been sent. */
  async function readMessage(ex: Exchange): Promise<ChatMessage | undefined> {
    const parsed = await readJson(ex);
    if (!parsed.ok) return undefined;
    const checked = checkChatMessage(parsed.value);
    if (checked.ok) return checked.value;
    if (checked.status === 422) sendJson(ex.res, 422, { detail: checked.detail });
    else envelope500(ex, checked.message);
    return undefined;
  }

  async function chat(ex: Exchange): Promise<void> {
    const msg = await readMessage(ex);
    if (!msg) return;
    const t = await turn(ex, msg);
    sendJson(ex.res, 200, {
      success: true,
      data: data(msg, t),
      message: 'Message processed successfully',
      request_id: randomUUID(),
    });
  }

  function sse(ex: Exchange, event: Record<string, unknown>): void {
    ex.res.write(`data: ${JSON.stringify(event)}\n\n`);
  }

  async function stream(ex: Exchange, msg: ChatMessage): Promise<void> {
    const requestId = randomUUID();
    ex.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    sse(ex, { type: 'start', session_id: msg.session_id, request_id: requestId });
    try {
      await turn(ex, msg, (content) => sse(ex, { type: 'chunk', content, session_id: msg.session_id, request_id: requestId }));
    } catch (err) {
      sse(ex, { type: 'error', content: err instanceof Error ? err.message : 'internal error', request_id: requestId });
    }
    sse(ex, { type: 'end', request_id: requestId });
    ex.res.end();
  }

  async function chatStream(ex: Exchange): Promise<void> {
    const msg = await readMessage(ex);
    if (msg) await stream(ex, msg);
  }

  async function chatsMessage(ex: Exchange, chatId: string): Promise<void> {
    const parsed = await readJson(ex);
    if (!parsed.ok) return;
    const body = parsed.value;
    const errors: FieldError[] = [];
    const content = isRecord(body) ? checkContent('message', body['message'], errors) : undefined;
    if (!isRecord(body) || content === undefined) {
      sendJson(ex.res, 422, {
        detail:
          errors.length > 0
            ? errors
            : [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary', input: body }],
      });
      return;
    }
    if (!sessionIdOk(chatId)) return envelope500(ex, `Invalid chat id: ${chatId.slice(0, 80)}`);
    if (content.trim() === '') return envelope500(ex, 'Message content cannot be empty');
    await stream(ex, { content, role: 'user', session_id: chatId, message_type: 'text', metadata: {} });
  }

  async function systemHealth(ex: Exchange): Promise<void> {
    if (state.degraded) {
      sendJson(ex.res, 200, { status: 'degraded', timestamp: new Date().toISOString(), components: components('degraded') });
      return;
    }
    const cached = await redis.get(SYSTEM_HEALTH_KEY);
    if (cached !== null) {
      const parsed = parseJson(Buffer.from(cached));
      if (parsed.ok) return sendJson(ex.res, 200, parsed.value);
    }
    const fresh = { status: 'healthy', timestamp: new Date().toISOString(), components: components('healthy') };
    await redis.set(SYSTEM_HEALTH_KEY, JSON.stringify(fresh), { EX: 30 });
    sendJson(ex.res, 200, fresh);
  }

  return {
    route(_method, path) {
      const known = ROUTES.get(path);
      if (known) return known;
      return CHATS_RE.test(path) ? '/api/chats/{chat_id}/message' : path;
    },
    configure(config: LabConfig) {
      ollama.setLimit(config.autobot.chatParallel);
    },
    fail(ex, status) {
      if (ex.route === '/api/chat/stream' || ex.route === '/api/chats/{chat_id}/message') {
        // Streams report errors in-band with HTTP 200, as the contract says.
        const requestId = randomUUID();
        ex.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
        sse(ex, { type: 'start', session_id: null, request_id: requestId });
        sse(ex, { type: 'error', content: `injected error ${status}`, request_id: requestId });
        sse(ex, { type: 'end', request_id: requestId });
        ex.res.end();
        return;
      }
      sendJson(ex.res, status, { success: false, error: { code: 'INTERNAL_ERROR', message: 'injected fault', request_id: randomUUID() } });
    },
    async handle(ex) {
      const { method, route } = ex;
      const post = method === 'POST';
      switch (route) {
        case '/api/health':
          if (method !== 'GET') return sendJson(ex.res, 405, { detail: 'Method Not Allowed' });
          return sendJson(ex.res, 200, { status: 'healthy', timestamp: new Date().toISOString(), service: 'autobot-backend' });
        case '/api/system/health':
          if (method !== 'GET') return sendJson(ex.res, 405, { detail: 'Method Not Allowed' });
          return systemHealth(ex);
        case '/api/chat':
        case '/api/chat/message':
          return post ? chat(ex) : sendJson(ex.res, 405, { detail: 'Method Not Allowed' });
        case '/api/chat/stream':
          return post ? chatStream(ex) : sendJson(ex.res, 405, { detail: 'Method Not Allowed' });
        case '/api/chats/{chat_id}/message': {
          const id = decodeURIComponent(CHATS_RE.exec(ex.path)?.[1] ?? '');
          return post ? chatsMessage(ex, id) : sendJson(ex.res, 405, { detail: 'Method Not Allowed' });
        }
        default:
          ex.req.resume();
          return sendJson(ex.res, 404, { detail: 'Not Found' });
      }
    },
  };
}

function components(status: string): Record<string, string> {
  return { backend: status, config: 'healthy', logging: 'healthy', conversation_files_db: 'healthy' };
}
