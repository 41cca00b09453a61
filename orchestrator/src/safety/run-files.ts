/**
 * Files named inside a run (a verdict's `samples` and `artifacts`) are read only when they stay inside that
 * run's directory and are regular files, and then only up to a size bound. A crafted verdict.json could name
 * `../../etc/passwd`, `/dev/zero` (endless), a FIFO (blocks forever) or a symlink out of the run: each is
 * refused with the field that named it, before anything is opened for reading.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

/** verdict.json is a few hundred kilobytes at most; 64 MiB is far past any real one. */
export const MAX_VERDICT_BYTES = 64 * 1024 * 1024;
/** A sample file (gzipped k6 JSON) of the longest soak stays well under this. */
export const MAX_SAMPLE_FILE_BYTES = 4 * 1024 * 1024 * 1024;

export type RunFileCheck = { ok: true; path: string | undefined } | { ok: false; problem: string };

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Where `name` (relative to the run directory `runDir`) really is, when it is a regular file inside the run;
 * `path: undefined` when it does not exist (samples may have been pruned: the caller treats them as gone).
 */
export async function checkRunFile(runDir: string, name: string): Promise<RunFileCheck> {
  if (isAbsolute(name)) return { ok: false, problem: `'${name}' is an absolute path, not one inside the run directory` };
  const root = await realpath(runDir);
  const lexical = join(root, name);
  if (!within(root, lexical)) return { ok: false, problem: `'${name}' is outside the run directory` };
  try {
    await lstat(lexical);
  } catch {
    return { ok: true, path: undefined };
  }
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    return { ok: false, problem: `'${name}' is a dangling symbolic link` };
  }
  if (!within(root, real)) return { ok: false, problem: `'${name}' leads outside the run directory (to ${real})` };
  const s = await lstat(real);
  if (!s.isFile()) return { ok: false, problem: `'${name}' is ${kindOf(s)}` };
  return { ok: true, path: real };
}

/**
 * Opens a file for reading only if it is a regular file of at most `maxBytes`. O_NONBLOCK: opening a FIFO does
 * not wait for a writer; O_NOFOLLOW: the last component cannot be swapped for a symlink after the check.
 * Returns the handle and the size at open time: readers stop there, so a file that grows is still bounded.
 */
export async function openRegularFile(path: string, maxBytes: number): Promise<{ handle: FileHandle; size: number }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw new Error(`${path} is ${kindOf(s)}`);
    if (s.size > maxBytes) throw new Error(`${path} is ${s.size} bytes, more than the ${maxBytes} allowed`);
    return { handle, size: s.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** A regular file's text, at most `maxBytes`. */
export async function readBoundedText(path: string, maxBytes: number): Promise<string> {
  const { handle, size } = await openRegularFile(path, maxBytes);
  try {
    const buf = Buffer.alloc(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(buf, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return buf.subarray(0, at).toString('utf8');
  } finally {
    await handle.close();
  }
}
