/** Recovering a gzip samples file cut off by a killed k6: whole lines kept, the partial one dropped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { salvageGzipLines } from '../../../../src/engines/k6/salvage.ts';

const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ type: 'Point', metric: 'm', data: { value: i } })).join('\n') + '\n';

test('a complete gzip file is left exactly as it was', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'salvage-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'samples.json.gz');
  const bytes = gzipSync(lines);
  await writeFile(path, bytes);
  assert.deepEqual(await salvageGzipLines(path), { complete: true, lines: 0, droppedBytes: 0 });
  assert.ok((await readFile(path)).equals(bytes));
});

test('a cut-off file becomes a complete one with only whole lines', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'salvage-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'samples.json.gz');
  const full = gzipSync(lines);
  await writeFile(path, full.subarray(0, Math.floor(full.length * 0.6)));
  assert.throws(() => gunzipSync(full.subarray(0, Math.floor(full.length * 0.6))), 'the input really is truncated');
  const s = await salvageGzipLines(path);
  assert.equal(s.complete, false);
  const text = gunzipSync(await readFile(path)).toString('utf8');
  assert.ok(text.endsWith('\n'));
  const kept = text.split('\n').filter((l) => l !== '');
  assert.equal(kept.length, s.lines);
  assert.ok(s.lines > 0 && s.lines < 2000);
  for (const l of kept) JSON.parse(l);
  assert.ok(lines.startsWith(text), 'what is kept is a prefix of the original');
});
