/**
 * The inputs `POST /process` accepts (contracts/afirgen.md): `text`, a multipart file `image` (.png) or a
 * multipart file `audio` (.wav). The image and the audio are small *valid* files generated here, byte for
 * byte the same on every run (integer arithmetic only), so the system's OCR/ASR path is exercised without a
 * committed binary: a grayscale PNG with "FIR THEFT COMPLAINT" drawn in a 5×7 pixel font, and a 16-bit mono
 * PCM WAV. `mixed` rotates text, image and audio across iterations. Pure: no `k6` import.
 */

import type { FirInput } from './param-spec.ts';

export { FIR_INPUTS, type FirInput } from './param-spec.ts';
export type SentInput = Exclude<FirInput, 'mixed'>;

/** What one /process request carries as a file: the multipart field, name and type the contract accepts. */
export interface InputFile {
  field: 'image' | 'audio';
  filename: string;
  contentType: string;
  /** An ArrayBuffer of exactly the file, what k6's `http.file` takes. */
  data: ArrayBuffer;
}

const ROTATION: readonly SentInput[] = ['text', 'image', 'audio'];

/** The input of iteration `n` (0-based, counted over the whole test): `mixed` takes text, image, audio in turn. */
export function inputFor(input: FirInput, n: number): SentInput {
  if (input !== 'mixed') return input;
  return ROTATION[Math.abs(Math.trunc(n)) % ROTATION.length] ?? 'text';
}

// ---------------------------------------------------------------------------------------------------------
// PNG

const MESSAGE = 'FIR THEFT COMPLAINT';
/** 5×7 glyphs, one string of five 0/1 per row: only the letters MESSAGE needs. */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  C: ['01110', '10001', '10000', '10000', '10000', '10001', '01110'],
  E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
  F: ['11111', '10000', '10000', '11110', '10000', '10000', '10000'],
  H: ['10001', '10001', '10001', '11111', '10001', '10001', '10001'],
  I: ['01110', '00100', '00100', '00100', '00100', '00100', '01110'],
  L: ['10000', '10000', '10000', '10000', '10000', '10000', '11111'],
  M: ['10001', '11011', '10101', '10101', '10001', '10001', '10001'],
  N: ['10001', '11001', '10101', '10011', '10001', '10001', '10001'],
  O: ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  T: ['11111', '00100', '00100', '00100', '00100', '00100', '00100'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
};
const SCALE = 3;
const MARGIN = 4;

/** Grayscale pixels (0 ink, 255 paper) of MESSAGE drawn at SCALE, row by row. */
function drawText(): { width: number; height: number; pixels: Uint8Array } {
  const cell = 6 * SCALE;
  const width = MARGIN * 2 + MESSAGE.length * cell;
  const height = MARGIN * 2 + 7 * SCALE;
  const pixels = new Uint8Array(width * height).fill(255);
  [...MESSAGE].forEach((ch, i) => {
    const glyph = GLYPHS[ch] ?? GLYPHS[' '] ?? [];
    glyph.forEach((row, gy) => {
      for (let gx = 0; gx < 5; gx++) {
        if (row[gx] !== '1') continue;
        for (let dy = 0; dy < SCALE; dy++)
          for (let dx = 0; dx < SCALE; dx++) pixels[(MARGIN + gy * SCALE + dy) * width + MARGIN + i * cell + gx * SCALE + dx] = 0;
      }
    });
  });
  return { width, height, pixels };
}

const CRC_TABLE = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream of stored (uncompressed) deflate blocks: valid for every PNG decoder, no compressor needed. */
function zlibStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / 65535));
  const out = new Uint8Array(2 + blocks * 5 + data.length + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let o = 2;
  for (let i = 0; i < blocks; i++) {
    const chunk = data.subarray(i * 65535, Math.min(data.length, (i + 1) * 65535));
    out[o++] = i === blocks - 1 ? 1 : 0;
    out[o++] = chunk.length & 0xff;
    out[o++] = chunk.length >>> 8;
    out[o++] = ~chunk.length & 0xff;
    out[o++] = (~chunk.length >>> 8) & 0xff;
    out.set(chunk, o);
    o += chunk.length;
  }
  writeU32BE(out, o, adler32(data));
  return out;
}

function writeU32BE(out: Uint8Array, at: number, v: number): void {
  out[at] = (v >>> 24) & 0xff;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeU32BE(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  writeU32BE(out, 8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** An 8-bit grayscale PNG of the complaint's headline. */
export function complaintPng(): Uint8Array {
  const { width, height, pixels } = drawText();
  const header = new Uint8Array(13);
  writeU32BE(header, 0, width);
  writeU32BE(header, 4, height);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grayscale), deflate, filter 0, no interlace
  const raw = new Uint8Array((width + 1) * height); // each row: filter byte 0 (None), then its pixels
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  return concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', zlibStored(raw)), pngChunk('IEND', new Uint8Array(0))]);
}

// ---------------------------------------------------------------------------------------------------------
// WAV

const SAMPLE_RATE = 8000;
const SECONDS_X10 = 5; // half a second: enough for an ASR to accept, small on the wire

/** A RIFF/WAVE file: 16-bit mono PCM at 8 kHz, a 400 Hz triangle tone (integer samples, so identical everywhere). */
export function complaintWav(): Uint8Array {
  const samples = (SAMPLE_RATE * SECONDS_X10) / 10;
  const out = new Uint8Array(44 + samples * 2);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  const period = SAMPLE_RATE / 400; // 20 samples
  for (let i = 0; i < samples; i++) {
    const phase = i % period;
    const tri = phase < period / 2 ? phase * 4 - period : period * 3 - phase * 4; // −period..+period
    view.setInt16(44 + i * 2, tri * 800, true);
  }
  return out;
}

/** The file one image or audio request carries (generated once per VU by the caller and reused). */
export function inputFile(kind: 'image' | 'audio'): InputFile {
  return kind === 'image'
    ? { field: 'image', filename: 'complaint.png', contentType: 'image/png', data: exactBuffer(complaintPng()) }
    : { field: 'audio', filename: 'complaint.wav', contentType: 'audio/wav', data: exactBuffer(complaintWav()) };
}

function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}
