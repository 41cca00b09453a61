/**
 * One real file operation for the mixed probe: write, fsync, read back and compare, delete (fs/promises).
 * The original suite's file operations never ran; these do, and each failure carries its reason
 * (no-space, read-only, permission, io, wrong-content, timeout).
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyError, type Reason } from './reasons.ts';

export interface FileOpResult {
  ok: boolean;
  reason?: Reason;
  ms: number;
}

async function writeReadDelete(path: string, data: Buffer): Promise<Reason | undefined> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    // fsync: the data must reach the disk, not just the page cache, or a full or failing disk goes unseen.
    await handle.sync();
  } finally {
    await handle.close();
  }
  const back = await readFile(path);
  await unlink(path);
  return back.equals(data) ? undefined : 'wrong-content';
}

/**
 * Runs one operation on `<dir>/op-<index>.bin`. An operation still running when `signal` fires counts as
 * a timeout (the fs call itself cannot be cancelled; it finishes in libuv's pool and its file is removed
 * with the directory).
 */
export async function fileOp(dir: string, index: number, data: Buffer, signal: AbortSignal): Promise<FileOpResult> {
  const started = performance.now();
  const path = join(dir, `op-${index}.bin`);
  if (signal.aborted) return { ok: false, reason: 'timeout', ms: 0 };
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<Reason>((resolve) => {
    onAbort = () => resolve('timeout');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const work = writeReadDelete(path, data).catch(async (err: unknown) => {
    await unlink(path).catch(() => undefined);
    return classifyError(err);
  });
  const reason = await Promise.race([work, aborted]);
  if (onAbort) signal.removeEventListener('abort', onAbort);
  const ms = performance.now() - started;
  return reason === undefined ? { ok: true, ms } : { ok: false, reason, ms };
}
