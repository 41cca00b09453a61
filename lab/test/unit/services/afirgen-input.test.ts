/** `POST /process` input checks: exactly one input, text length and script checks, file types and sizes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { checkProcessInput, MAX_FILE_BYTES, parseMultipart } from '../../../src/services/afirgen-input.ts';

const BOUNDARY = 'lab-test-boundary';

function req(contentType?: string): IncomingMessage {
  const r = new IncomingMessage(new Socket());
  if (contentType !== undefined) r.headers['content-type'] = contentType;
  return r;
}

function multipart(parts: { name: string; filename?: string; type?: string; data: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const head = `--${BOUNDARY}\r\nContent-Disposition: ${disp}\r\n${p.type !== undefined ? `Content-Type: ${p.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const MP = `multipart/form-data; boundary=${BOUNDARY}`;
const none = Buffer.alloc(0);
const q = (text?: string): URLSearchParams => new URLSearchParams(text === undefined ? '' : { text });
const TEXT = 'My phone was stolen at the bus stand yesterday evening.';

describe('checkProcessInput', { timeout: 5000 }, () => {
  test('text from the query string, a urlencoded form or a multipart field', () => {
    const a = checkProcessInput(req(), q(TEXT), none, false);
    assert.deepEqual(a, { ok: true, input: { kind: 'text', text: TEXT } });
    const form = Buffer.from(new URLSearchParams({ text: TEXT }).toString());
    const b = checkProcessInput(req('application/x-www-form-urlencoded'), q(), form, false);
    assert.deepEqual(b, { ok: true, input: { kind: 'text', text: TEXT } });
    const c = checkProcessInput(req(MP), q(), multipart([{ name: 'text', data: TEXT }]), false);
    assert.deepEqual(c, { ok: true, input: { kind: 'text', text: TEXT } });
  });

  test('as shipped (quirks): the form field is not read, so the answer is 400 No input provided', () => {
    const form = Buffer.from(new URLSearchParams({ text: TEXT }).toString());
    const r = checkProcessInput(req('application/x-www-form-urlencoded'), q(), form, true);
    assert.ok(!r.ok && r.status === 400 && /No input provided/.test(r.detail));
    assert.ok(checkProcessInput(req(), q(TEXT), none, true).ok);
  });

  test('no input or more than one: 400', () => {
    const r0 = checkProcessInput(req(), q(), none, false);
    assert.ok(!r0.ok && r0.status === 400);
    const both = multipart([{ name: 'image', filename: 'a.png', type: 'image/png', data: 'PNG' }]);
    const r2 = checkProcessInput(req(MP), q(TEXT), both, false);
    assert.ok(!r2.ok && r2.status === 400 && /only one/.test(r2.detail));
  });

  test('text: under 10 characters 400, over 50,000 413, script-like content 400', () => {
    const short = checkProcessInput(req(), q('too short'), none, false);
    assert.ok(!short.ok && short.status === 400);
    assert.ok(checkProcessInput(req(), q('ten chars!'), none, false).ok);
    const long = checkProcessInput(req(), q('x'.repeat(50_001)), none, false);
    assert.ok(!long.ok && long.status === 413);
    assert.ok(checkProcessInput(req(), q('x'.repeat(50_000)), none, false).ok);
    for (const bad of [
      '<script>alert(1)</script> hello',
      'see javascript:void(0) here',
      '<img onerror=alert(1)> text',
      'eval(atob("x")) please',
      '<iframe src=x></iframe>',
    ]) {
      const r = checkProcessInput(req(), q(bad), none, false);
      assert.ok(!r.ok && r.status === 400, bad);
    }
  });

  test('image and audio files: the right extension and type pass', () => {
    const img = checkProcessInput(
      req(MP),
      q(),
      multipart([{ name: 'image', filename: 'fir.JPG', type: 'image/jpeg', data: 'JPEG' }]),
      false,
    );
    assert.ok(img.ok && img.input.kind === 'image' && img.input.file.size === 4);
    const wav = checkProcessInput(req(MP), q(), multipart([{ name: 'audio', filename: 'c.wav', type: 'audio/wav', data: 'RIFF' }]), false);
    assert.ok(wav.ok && wav.input.kind === 'audio');
  });

  test('wrong extension or content type: 415; empty file: 400; over 25 MiB: 413', () => {
    const cases: [string, string, string][] = [
      ['image', 'scan.gif', 'image/gif'],
      ['image', 'scan.png', 'application/octet-stream'],
      ['audio', 'talk.ogg', 'audio/ogg'],
      ['audio', 'talk.mp3', 'image/png'],
    ];
    for (const [name, filename, type] of cases) {
      const r = checkProcessInput(req(MP), q(), multipart([{ name, filename, type, data: 'data' }]), false);
      assert.ok(!r.ok && r.status === 415, filename);
    }
    const empty = checkProcessInput(req(MP), q(), multipart([{ name: 'image', filename: 'a.png', type: 'image/png', data: '' }]), false);
    assert.ok(!empty.ok && empty.status === 400);
    const big = Buffer.alloc(MAX_FILE_BYTES + 1, 1);
    const huge = checkProcessInput(req(MP), q(), multipart([{ name: 'image', filename: 'a.png', type: 'image/png', data: big }]), false);
    assert.ok(!huge.ok && huge.status === 413);
  });

  test('a malformed multipart body is a 400, not a crash', () => {
    const r = checkProcessInput(req(MP), q(), Buffer.from('garbage without boundaries'), false);
    assert.ok(!r.ok && r.status === 400);
  });
});

describe('parseMultipart', { timeout: 5000 }, () => {
  test('splits parts with names, file names and types', () => {
    const body = multipart([
      { name: 'text', data: 'hello' },
      { name: 'image', filename: 'a.png', type: 'image/png', data: Buffer.from([0, 1, 2]) },
    ]);
    const parts = parseMultipart(body, MP);
    assert.ok(parts);
    assert.equal(parts.length, 2);
    assert.equal(parts[0]?.name, 'text');
    assert.equal(parts[0]?.data.toString(), 'hello');
    assert.equal(parts[1]?.filename, 'a.png');
    assert.equal(parts[1]?.contentType, 'image/png');
    assert.deepEqual([...(parts[1]?.data ?? [])], [0, 1, 2]);
  });

  test('no boundary, or no delimiter in the body: undefined', () => {
    assert.equal(parseMultipart(Buffer.from('x'), 'multipart/form-data'), undefined);
    assert.equal(parseMultipart(Buffer.from('x'), MP), undefined);
  });
});
