/**
 * AutoBot's chat contract (contracts/autobot.md): the JSON envelope of POST /api/chat and the event
 * stream of POST /api/chat/stream. Pure: no `k6` import.
 */
import { isObject, parseJson, str } from './json.ts';

export interface ChatMessageBody {
  content: string;
  role: 'user';
  session_id: string;
}

export function chatMessage(content: string, sessionId: string): ChatMessageBody {
  return { content, role: 'user', session_id: sessionId };
}

/** Undefined when the turn succeeded; otherwise why it failed. */
export function checkChatAnswer(status: number, body: string | null | undefined, sessionId: string): string | undefined {
  if (status !== 200) return `chat: HTTP ${status}`;
  const j = parseJson(body);
  if (!isObject(j)) return 'chat: body is not a JSON object';
  if (j['success'] !== true) return 'chat: success is not true';
  const data = j['data'];
  if (!isObject(data)) return 'chat: no data';
  if (typeof data['content'] !== 'string') return 'chat: data.content is not a string';
  if (str(data, 'role') !== 'assistant') return 'chat: data.role is not assistant';
  if (str(data, 'session_id') !== sessionId) return 'chat: data.session_id is not the conversation';
  return undefined;
}

export interface StreamEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Splits a `text/event-stream` body into its `data:` events (one JSON object each); junk is skipped. */
export function parseSse(body: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data === '') continue;
    const j = parseJson(data);
    if (isObject(j)) events.push({ type: str(j, 'type') ?? '', data: j });
  }
  return events;
}

/**
 * Undefined when the stream is a success: 200, `start` first, an answer (a `complete` event or at least one
 * `chunk`/`response` event), `end` last, no `error` event. The contract's error event carries `content`;
 * the real backend's carries `message` and no `end` follows: either text is reported.
 */
export function checkStream(status: number, events: readonly StreamEvent[]): string | undefined {
  if (status !== 200) return `stream: HTTP ${status}`;
  if (events.length === 0) return 'stream: no events';
  const error = events.find((e) => e.type === 'error');
  if (error) return `stream: error event (${str(error.data, 'message') ?? str(error.data, 'content') ?? 'no message'})`;
  if (events[0]?.type !== 'start') return `stream: first event is '${events[0]?.type ?? ''}', not start`;
  if (events[events.length - 1]?.type !== 'end') return 'stream: no end event';
  if (!events.some((e) => e.type === 'complete' || e.type === 'chunk' || e.type === 'response'))
    return 'stream: no answer (neither a complete nor a chunk event)';
  return undefined;
}

const QUESTIONS = [
  'What is AutoBot?',
  'Which services run on the main machine?',
  'How do I check the health of the backend?',
  'Summarise our conversation so far.',
  'What should I look at when chat gets slow?',
];

/** The user's message for a turn: varied, never empty, never whitespace-only. */
export function turnContent(turn: number): string {
  return QUESTIONS[turn % QUESTIONS.length] ?? 'What is AutoBot?';
}
