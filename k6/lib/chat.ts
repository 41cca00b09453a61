/**
 * AutoBot chat per contracts/autobot.md: `content`, `role: user`, one UUID `session_id` per conversation,
 * `turns` turns with think time between them. The streaming variant reads /api/chat/stream whole (k6's
 * HTTP client has no incremental reads): the time to the first event is the time to the response's first
 * byte, which the server sends with the `start` event; the stream's duration is the time to its last byte,
 * the `end` event.
 */
import { sleep } from 'k6';
import type { ChatConfig } from './env.ts';
import { recordFailure } from './failures.ts';
import { send } from './http.ts';
import { warnFailure } from './log.ts';
import { chatFailed, chatStreamDuration, chatStreamFailed, chatStreamFirstEvent, chatTurnDuration } from './metrics.ts';
import { chatMessage, checkChatAnswer, checkStream, parseSse, turnContent } from './chat-protocol.ts';
import { stepTags } from './tags.ts';

/**
 * k6's WebCrypto global (no import: k6 ≥ 1.0 has it built in); @types/k6 does not declare it. Only what is used.
 */
declare const crypto: { randomUUID(): string };

/**
 * A fresh uuid4 (lower case, as both contracts require), made natively by k6's Go runtime: formatting 16 random
 * bytes in the script cost about 2 of the chat row's 8–9 CPU s per 10,000 requests (issue 17's measurements).
 */
export function newSessionId(): string {
  return crypto.randomUUID();
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** One conversation: a fresh session id, `turns` turns (each given its JSON body), think time between turns. */
function converse(cfg: ChatConfig, turn: (body: string, sessionId: string) => void): void {
  const sessionId = newSessionId();
  for (let i = 0; i < cfg.turns; i++) {
    if (i > 0 && cfg.thinkTimeMs > 0) sleep(cfg.thinkTimeMs / 1000);
    turn(JSON.stringify(chatMessage(turnContent(i), sessionId)), sessionId);
  }
}

/** One conversation over POST /api/chat. */
export function chatConversation(cfg: ChatConfig): void {
  const { baseUrl, vm } = cfg.chat;
  converse(cfg, (body, sessionId) => {
    const a = send({
      method: 'POST',
      url: `${baseUrl}/api/chat`,
      body,
      headers: JSON_HEADERS,
      name: 'chat',
      step: 'chat',
      vm,
      timeoutMs: cfg.httpTimeoutMs,
      retryMaxWaitMs: cfg.retryMaxWaitMs,
    });
    const why = checkChatAnswer(a.res.status, a.res.body, sessionId);
    chatFailed.add(why !== undefined, stepTags('chat', vm));
    // Only answered turns have a meaningful duration: a fast 500 must not make the P95 look good.
    if (why === undefined) chatTurnDuration.add(a.elapsedMs, stepTags('chat', vm));
    else {
      const over = a.retryAfterMs === undefined ? {} : { retryAfterMs: a.retryAfterMs };
      recordFailure(
        { step: 'chat', name: 'chat', vm, timeoutMs: cfg.httpTimeoutMs, retryCapMs: cfg.retryMaxWaitMs, ...over },
        why,
        a.res,
        a.attempts,
      );
      warnFailure('chat turn', why);
    }
  });
}

/** One conversation over the stream endpoint. */
export function chatStreamConversation(cfg: ChatConfig): void {
  const { baseUrl, vm } = cfg.chat;
  converse(cfg, (body) => {
    const a = send({
      method: 'POST',
      url: `${baseUrl}/api/chat/stream`,
      body,
      headers: { ...JSON_HEADERS, Accept: 'text/event-stream' },
      name: 'chat_stream',
      step: 'stream',
      vm,
      timeoutMs: cfg.httpTimeoutMs,
      retryMaxWaitMs: cfg.retryMaxWaitMs,
      retry: false,
    });
    const t = a.res.timings;
    const events = typeof a.res.body === 'string' ? parseSse(a.res.body) : [];
    const why = checkStream(a.res.status, events);
    const tags = stepTags('stream', vm);
    chatStreamFailed.add(why !== undefined, tags);
    if (a.res.status === 200) chatStreamFirstEvent.add(t.blocked + t.connecting + t.tls_handshaking + t.sending + t.waiting, tags);
    if (why === undefined) chatStreamDuration.add(t.blocked + t.connecting + t.tls_handshaking + t.duration, tags);
    else {
      recordFailure({ step: 'stream', name: 'chat_stream', vm, timeoutMs: cfg.httpTimeoutMs }, why, a.res, a.attempts);
      warnFailure('chat stream', why);
    }
  });
}
