import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { complaintPng, complaintWav, crc32, inputFile, inputFor } from '../lib/fir-input.ts';

/** The PNG's chunks, each CRC checked against its type and data, as a decoder would. */
function pngChunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + len);
    assert.equal(png.readUInt32BE(at + 8 + len), crc32(png.subarray(at + 4, at + 8 + len)), `CRC of ${type}`);
    chunks.push({ type, data });
    at += 12 + len;
  }
  return chunks;
}

test('crc32 is the standard one (the check value of "123456789")', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('the image is a valid grayscale PNG with ink drawn in it', () => {
  const png = Buffer.from(complaintPng());
  const chunks = pngChunks(png);
  assert.deepEqual(
    chunks.map((c) => c.type),
    ['IHDR', 'IDAT', 'IEND'],
  );
  const ihdr = chunks[0]?.data ?? assert.fail('no IHDR');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  assert.deepEqual([...ihdr.subarray(8)], [8, 0, 0, 0, 0], '8-bit grayscale, no interlace');
  // zlib's own inflate checks the stream's Adler-32.
  const raw = inflateSync(chunks[1]?.data ?? assert.fail('no IDAT'));
  assert.equal(raw.length, (width + 1) * height, 'one filter byte plus the pixels per row');
  const rows = Array.from({ length: height }, (_, y) => raw.subarray(y * (width + 1), (y + 1) * (width + 1)));
  assert.ok(
    rows.every((r) => r[0] === 0),
    'filter None on every row',
  );
  const ink = rows.reduce((n, r) => n + [...r.subarray(1)].filter((p) => p === 0).length, 0);
  assert.ok(ink > 100 && ink < (width * height) / 2, `text drawn: ${ink} ink pixels of ${width * height}`);
  assert.deepEqual(complaintPng(), complaintPng(), 'deterministic');
});

test('the audio is a valid 16-bit mono PCM WAV with a tone in it', () => {
  const wav = Buffer.from(complaintWav());
  assert.equal(wav.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.equal(wav.readUInt32LE(4), wav.length - 8, 'RIFF size');
  assert.equal(wav.subarray(8, 16).toString('latin1'), 'WAVEfmt ');
  assert.deepEqual([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)], [1, 1, 8000, 16]);
  assert.equal(wav.readUInt32LE(28), 8000 * 2, 'byte rate');
  assert.equal(wav.subarray(36, 40).toString('latin1'), 'data');
  const samples = wav.readUInt32LE(40) / 2;
  assert.equal(44 + samples * 2, wav.length);
  const values = Array.from({ length: samples }, (_, i) => wav.readInt16LE(44 + i * 2));
  assert.ok(Math.max(...values) > 10_000 && Math.min(...values) < -10_000, 'not silence');
  assert.deepEqual(complaintWav(), complaintWav(), 'deterministic');
});

test('the files carry the field names, extensions and content types the contract accepts', () => {
  const image = inputFile('image');
  assert.deepEqual([image.field, image.filename, image.contentType], ['image', 'complaint.png', 'image/png']);
  assert.deepEqual(new Uint8Array(image.data), complaintPng());
  const audio = inputFile('audio');
  assert.deepEqual([audio.field, audio.filename, audio.contentType], ['audio', 'complaint.wav', 'audio/wav']);
  assert.deepEqual(new Uint8Array(audio.data), complaintWav());
});

test('mixed rotates text, image and audio over the iterations; the others are fixed', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((n) => inputFor('mixed', n)),
    ['text', 'image', 'audio', 'text', 'image', 'audio'],
  );
  assert.deepEqual(
    [0, 1, 2].map((n) => inputFor('image', n)),
    ['image', 'image', 'image'],
  );
  assert.equal(inputFor('text', 7), 'text');
  assert.equal(inputFor('audio', 7), 'audio');
});
