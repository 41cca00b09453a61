/**
 * Every temp file loadgate is writing right now (an atomic report write, a sample file before its rename) is
 * registered here, like child processes in children.ts, so that an emergency exit (a second Ctrl-C, an
 * uncaught error) can remove them: a forced exit leaves neither a cut-off file nor a stray `.tmp` behind.
 */
import { unlinkSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';

const pending = new Set<string>();

/** Registers a temp file; the returned function unregisters it (after its rename, or its removal). */
export function trackTempFile(path: string): () => void {
  pending.add(path);
  return () => {
    pending.delete(path);
  };
}

/** Removes every registered temp file. Synchronous on purpose: the forced-exit path cannot wait. */
export function removeTempFiles(): void {
  for (const path of pending) {
    try {
      unlinkSync(path);
    } catch {
      // not created yet, or already renamed: nothing to remove
    }
  }
  pending.clear();
}

/**
 * Makes `tmp` (a file, a symlink) beside `path` and renames it over `path`: a reader sees the old file or the new
 * one, never half of one. On any failure the temp is removed and `fail(err)` is thrown (the error itself unless
 * the caller words it). The one temp-then-rename: reports, `latest`, rewritten sample files.
 */
export async function replaceAtomically(
  path: string,
  make: (tmp: string) => Promise<void>,
  tmp: string,
  fail: (err: unknown) => unknown = (err) => err,
): Promise<void> {
  const untrack = trackTempFile(tmp);
  try {
    await make(tmp);
    await rename(tmp, path);
    untrack();
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    untrack();
    throw fail(err);
  }
}
