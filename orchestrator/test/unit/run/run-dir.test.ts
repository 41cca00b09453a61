import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunDir } from '../../../src/run/run-dir.ts';
import { writeAtomic } from '../../../src/report/atomic.ts';
import { removeTempFiles } from '../../../src/temp-files.ts';
import { ResultsError } from '../../../src/errors.ts';

test('run ids sort by time and two runs in the same second never share a directory', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'loadgate-rundir-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const now = new Date('2026-11-23T11:22:33Z');
  const dirs = await Promise.all(Array.from({ length: 20 }, () => createRunDir(root, 'load', now)));
  assert.equal(new Set(dirs.map((d) => d.path)).size, 20);
  for (const d of dirs) assert.match(d.runId, /^20261123-112233-load-[0-9a-f]{4}$/);
  assert.equal((await readdir(root)).length, 20);
});

test('atomic writes leave the whole file or none, and no temp files', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'loadgate-atomic-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await writeAtomic(join(root, 'a.json'), '{"x":1}');
  assert.equal(await readFile(join(root, 'a.json'), 'utf8'), '{"x":1}');
  assert.deepEqual(await readdir(root), ['a.json']);
  // Replacing it is whole too: the new content, never a mix.
  await writeAtomic(join(root, 'a.json'), '{"x":22}');
  assert.equal(await readFile(join(root, 'a.json'), 'utf8'), '{"x":22}');
  // None: a write whose last step (the rename) fails leaves the old state and no temp file. A directory in the
  // way makes the rename fail for any user, root too.
  await mkdir(join(root, 'b.json'));
  await writeFile(join(root, 'b.json', 'keep'), 'old');
  await assert.rejects(writeAtomic(join(root, 'b.json'), 'x'.repeat(1 << 20)), ResultsError);
  assert.deepEqual((await readdir(root, { recursive: true })).sort(), ['a.json', 'b.json', 'b.json/keep']);
  assert.equal(await readFile(join(root, 'b.json', 'keep'), 'utf8'), 'old');
});

test('a write that cannot happen is a ResultsError naming the file', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'loadgate-atomic-'));
  t.after(async () => {
    await chmod(root, 0o755);
    await rm(root, { recursive: true, force: true });
  });
  await assert.rejects(
    writeAtomic(join(root, 'missing-dir', 'a.json'), 'x'),
    (e: unknown) => e instanceof ResultsError && e.message.includes('a.json'),
  );
});

test('a forced exit mid-write removes the temp file: neither a cut-off file nor a stray .tmp is left', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'loadgate-atomic-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  // Large enough that Node writes it in many chunks, one event-loop turn each: the temp file is seen mid-write.
  const writing = writeAtomic(join(root, 'verdict.json'), 'x'.repeat(128 * 2 ** 20)).then(
    () => 'written',
    (err: unknown) => (err instanceof ResultsError ? 'refused' : 'other error'),
  );
  for (let i = 0; i < 10_000 && !readdirSync(root).some((f) => f.endsWith('.tmp')); i++) await new Promise((r) => setImmediate(r));
  assert.ok(
    readdirSync(root).some((f) => f.endsWith('.tmp')),
    'the temp file appeared',
  );
  removeTempFiles(); // what main.ts does on a second Ctrl-C, synchronously
  assert.deepEqual(readdirSync(root), [], 'nothing left: no temp file, no verdict.json');
  assert.equal(await writing, 'refused', 'the interrupted write fails instead of renaming a missing file');
  assert.deepEqual(await readdir(root), []);
});

test('run directories are 0750 and report files 0640', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'loadgate-rundir-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const d = await createRunDir(join(root, 'results'), 'load');
  assert.equal((await stat(join(root, 'results'))).mode & 0o777, 0o750);
  assert.equal((await stat(d.path)).mode & 0o777, 0o750);
  await writeAtomic(join(d.path, 'verdict.json'), '{}');
  assert.equal((await stat(join(d.path, 'verdict.json'))).mode & 0o777, 0o640);
});

test('results/latest that is not a symlink is refused when the run directory is made, before any traffic', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'loadgate-rundir-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'latest'));
  await assert.rejects(createRunDir(root, 'load'), (e: unknown) => {
    assert.ok(e instanceof ResultsError);
    assert.equal(e.message, `${join(root, 'latest')} exists and is not a symbolic link: move it away; nothing was sent`);
    return true;
  });
  assert.deepEqual(await readdir(root), ['latest'], 'no run directory made');
  await rm(join(root, 'latest'), { recursive: true });
  await symlink('elsewhere', join(root, 'latest'));
  await createRunDir(root, 'load');
});
