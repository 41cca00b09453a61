import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locate, MAX_CONFIG_BYTES, parseSource, readSource } from '../../../src/config/source.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function problems(text: string | Uint8Array) {
  const r = parseSource('f.yaml', typeof text === 'string' ? bytes(text) : text);
  assert.equal(r.ok, false, 'expected problems');
  return r.ok ? [] : r.problems;
}

test('parses a document and locates paths, keys and list items', () => {
  const r = parseSource('f.yaml', bytes('a:\n  b: 1\n  list:\n    - x\n    - y: 2\n'));
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(r.source.value, { a: { b: 1, list: ['x', { y: 2 }] } });
  assert.deepEqual(locate(r.source, ['a', 'b']), { line: 2, col: 6 });
  assert.deepEqual(locate(r.source, ['a', 'b'], true), { line: 2, col: 3 });
  assert.deepEqual(locate(r.source, ['a', 'list', 1, 'y']), { line: 5, col: 10 });
  // A path that does not exist is located at its deepest existing ancestor.
  assert.deepEqual(locate(r.source, ['a', 'list', 1, 'nope', 'deeper']), { line: 5, col: 7 });
});

test('malformed YAML: located at the offending line', () => {
  const [p] = problems('a: 1\nb: [1, 2\nc: 3\n');
  assert.ok(p);
  assert.match(p.message, /^YAML: /);
  assert.ok(p.line >= 2, `line ${p.line}`);
});

test('a duplicate key is an error, not a silent overwrite', () => {
  const [p] = problems('a: 1\nb: 2\na: 3\n');
  assert.equal(p?.line, 3);
  assert.match(p?.message ?? '', /unique/i);
});

test('an empty file and a comment-only file are refused', () => {
  assert.match(problems('')[0]?.message ?? '', /is empty/);
  assert.match(problems('# nothing here\n')[0]?.message ?? '', /is empty/);
});

test('binary garbage is refused as not text, before the YAML parser sees it', () => {
  assert.match(problems(new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x10]))[0]?.message ?? '', /not UTF-8|NUL/);
  assert.match(problems('a: 1\n\0\n')[0]?.message ?? '', /NUL/);
});

test('an alias bomb is refused, not expanded', () => {
  const name = (i: number): string => `n${i}`;
  const lines = [`${name(0)}: &${name(0)} [x, x, x, x, x, x, x, x, x, x]`];
  for (let i = 1; i <= 12; i += 1) {
    const prev = `*${name(i - 1)}`;
    lines.push(`${name(i)}: &${name(i)} [${Array(10).fill(prev).join(', ')}]`);
  }
  assert.match(problems(lines.join('\n'))[0]?.message ?? '', /YAML/);
});

test('files: missing, a directory, and a 50 MB file (refused by size, never read)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-source-'));
  try {
    const missing = await readSource(join(dir, 'nope.yaml'));
    assert.ok(!missing.ok && /no such file/.test(missing.problems[0]?.message ?? ''));
    const isDir = await readSource(dir);
    assert.ok(!isDir.ok && /is a directory/.test(isDir.problems[0]?.message ?? ''));
    const big = join(dir, 'big.yaml');
    const fh = await open(big, 'w');
    await fh.truncate(50 * 1024 * 1024); // sparse: instant, no 50 MB written
    await fh.close();
    const started = performance.now();
    const r = await readSource(big);
    assert.ok(!r.ok && r.problems[0]?.message.includes(`${MAX_CONFIG_BYTES}-byte limit`));
    assert.ok(performance.now() - started < 500, 'the size check must come before reading');
    await writeFile(join(dir, 'ok.yaml'), 'a: 1\n');
    assert.ok((await readSource(join(dir, 'ok.yaml'))).ok);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
