/**
 * AutoBot's `ChatMessage` schema as the contract states it: FastAPI answers schema failures with 422 and
 * `{"detail": [...]}`, and some semantic failures (a session id that is not a UUID, whitespace-only content)
 * with the 500 envelope.
 */
import { randomUUID } from 'node:crypto';
import { isRecord } from '../is-record.ts';
import { isUuid } from './http.ts';

export interface ChatMessage {
  content: string;
  role: 'user' | 'assistant' | 'system';
  session_id: string;
  message_type: string;
  metadata: Record<string, unknown>;
}

export interface FieldError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

export type Checked<T> =
  { ok: true; value: T } | { ok: false; status: 422; detail: FieldError[] } | { ok: false; status: 500; message: string };

const MAX_CONTENT = 50_000;

export function missing(field: string, input: unknown): FieldError {
  return { type: 'missing', loc: ['body', field], msg: 'Field required', input };
}

export function checkContent(field: string, v: unknown, errors: FieldError[]): string | undefined {
  if (v === undefined) {
    errors.push(missing(field, v));
    return undefined;
  }
  if (typeof v !== 'string') {
    errors.push({ type: 'string_type', loc: ['body', field], msg: 'Input should be a valid string', input: v });
    return undefined;
  }
  if (v.length < 1) {
    errors.push({ type: 'string_too_short', loc: ['body', field], msg: 'String should have at least 1 character', input: v });
    return undefined;
  }
  if (v.length > MAX_CONTENT) {
    errors.push({ type: 'string_too_long', loc: ['body', field], msg: `String should have at most ${MAX_CONTENT} characters`, input: '…' });
    return undefined;
  }
  return v;
}

/** A session id is a UUID, or a string that starts with one. */
export function sessionIdOk(s: string): boolean {
  return isUuid(s.slice(0, 36));
}

export function checkChatMessage(body: unknown): Checked<ChatMessage> {
  if (!isRecord(body)) {
    return {
      ok: false,
      status: 422,
      detail: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary', input: body }],
    };
  }
  const errors: FieldError[] = [];
  const content = checkContent('content', body['content'], errors);
  const role = body['role'] ?? 'user';
  if (role !== 'user' && role !== 'assistant' && role !== 'system') {
    errors.push({ type: 'literal_error', loc: ['body', 'role'], msg: "Input should be 'user', 'assistant' or 'system'", input: role });
  }
  const sid = body['session_id'];
  if (sid !== undefined && sid !== null && typeof sid !== 'string') {
    errors.push({ type: 'string_type', loc: ['body', 'session_id'], msg: 'Input should be a valid string', input: sid });
  }
  const messageType = body['message_type'] ?? 'text';
  if (typeof messageType !== 'string') {
    errors.push({ type: 'string_type', loc: ['body', 'message_type'], msg: 'Input should be a valid string', input: messageType });
  }
  const metadata = body['metadata'] ?? {};
  if (!isRecord(metadata)) {
    errors.push({ type: 'dict_type', loc: ['body', 'metadata'], msg: 'Input should be a valid dictionary', input: metadata });
  }
  if (errors.length > 0 || content === undefined || typeof messageType !== 'string' || !isRecord(metadata)) {
    return { ok: false, status: 422, detail: errors };
  }
  if (role !== 'user' && role !== 'assistant' && role !== 'system') return { ok: false, status: 422, detail: errors };
  if (content.trim() === '') return { ok: false, status: 500, message: 'Message content cannot be empty' };
  const sessionId = typeof sid === 'string' ? sid : randomUUID();
  if (!sessionIdOk(sessionId)) return { ok: false, status: 500, message: `Invalid session_id: ${sessionId.slice(0, 80)}` };
  return { ok: true, value: { content, role, session_id: sessionId, message_type: messageType, metadata } };
}
