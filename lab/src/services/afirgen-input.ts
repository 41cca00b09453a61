/**
 * `POST /process` input: exactly one of `text` (query string or form field), an `image` file or an `audio`
 * file, checked before any slot is taken, with the contract's statuses (400 / 413 / 415).
 */
import type { IncomingMessage } from 'node:http';

export interface FilePart {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export type ProcessInput = { kind: 'text'; text: string } | { kind: 'image' | 'audio'; file: FilePart };
export type InputCheck = { ok: true; input: ProcessInput } | { ok: false; status: number; detail: string };

export const MAX_FILE_BYTES = 25 * 1024 * 1024;
const MIN_TEXT = 10;
const MAX_TEXT = 50_000;
const SCRIPT_RE = /<script|javascript:|\bon\w+\s*=|<iframe|<object|<embed|eval\(|expression\(/i;
const IMAGE_EXT = ['.jpg', '.jpeg', '.png'];
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/jpg'];
const AUDIO_EXT = ['.wav', '.mp3', '.mpeg'];
const AUDIO_TYPES = ['audio/wav', 'audio/mpeg', 'audio/mp3'];

interface Part {
  name: string;
  filename: string | undefined;
  contentType: string;
  data: Buffer;
}

/** A minimal multipart/form-data splitter: enough for the lab's inputs (no nested parts, no encodings). */
export function parseMultipart(body: Buffer, contentType: string): Part[] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) return undefined;
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    const next = body.indexOf(delim, pos);
    if (headerEnd < 0 || next < 0 || headerEnd > next) return undefined;
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const data = body.subarray(headerEnd + 4, next - 2);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) return undefined;
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    const type = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim().toLowerCase() ?? 'application/octet-stream';
    parts.push({ name, filename, contentType: type, data });
    pos = next;
  }
  return parts;
}

/** Collects the candidate inputs from the query string and the body, then applies the contract's checks. */
export function checkProcessInput(req: IncomingMessage, query: URLSearchParams, body: Buffer, quirks: boolean): InputCheck {
  const texts: string[] = [];
  const files: FilePart[] = [];
  const q = query.get('text');
  if (q !== null) texts.push(q);
  const ct = (req.headers['content-type'] ?? '').toLowerCase();
  if (ct.startsWith('multipart/form-data')) {
    const parts = parseMultipart(body, req.headers['content-type'] ?? '');
    if (!parts) return { ok: false, status: 400, detail: 'Malformed multipart body' };
    for (const p of parts) {
      if (p.filename !== undefined && (p.name === 'image' || p.name === 'audio')) {
        files.push({ field: p.name, filename: p.filename, contentType: p.contentType, size: p.data.length });
      } else if (p.name === 'text' && !quirks) {
        texts.push(p.data.toString('utf8'));
      }
    }
  } else if (ct.startsWith('application/x-www-form-urlencoded') && !quirks) {
    const t = new URLSearchParams(body.toString('utf8')).get('text');
    if (t !== null) texts.push(t);
  }
  const count = texts.length + files.length;
  if (count === 0) return { ok: false, status: 400, detail: 'No input provided. Please provide exactly one of: audio, image, or text' };
  if (count > 1) return { ok: false, status: 400, detail: 'Please provide only one input type: audio, image, or text' };
  const text = texts[0];
  if (text !== undefined) {
    if (text.length > MAX_TEXT) return { ok: false, status: 413, detail: `Text input too long (max ${MAX_TEXT} characters)` };
    if (text.length < MIN_TEXT) return { ok: false, status: 400, detail: `Text input too short (min ${MIN_TEXT} characters)` };
    if (SCRIPT_RE.test(text)) return { ok: false, status: 400, detail: 'Text contains potentially malicious content' };
    return { ok: true, input: { kind: 'text', text } };
  }
  const file = files[0];
  if (!file) return { ok: false, status: 400, detail: 'No input provided' };
  const kind = file.field === 'image' ? 'image' : 'audio';
  const ext = file.filename.toLowerCase().slice(file.filename.lastIndexOf('.'));
  const okExt = kind === 'image' ? IMAGE_EXT : AUDIO_EXT;
  const okTypes = kind === 'image' ? IMAGE_TYPES : AUDIO_TYPES;
  if (!okExt.includes(ext) || !okTypes.includes(file.contentType)) {
    return { ok: false, status: 415, detail: `Unsupported ${kind} type: ${file.contentType} (${ext})` };
  }
  if (file.size > MAX_FILE_BYTES) return { ok: false, status: 413, detail: 'File too large (max 25 MiB)' };
  if (file.size === 0) return { ok: false, status: 400, detail: 'Empty file' };
  return { ok: true, input: { kind, file } };
}
