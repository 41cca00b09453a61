/**
 * A k6 that was killed (SIGKILL, a crash) never finishes its gzip stream: samples.json.gz ends mid-block and
 * no reader can get to its end. The samples before the cut are still good data, so instead of losing them
 * or leaving a truncated file, the readable prefix is recovered (zlib's sync-flush mode stops at the cut
 * without failing), the partial last line dropped, and a complete gzip file swapped in atomically.
 * Streamed both ways: a long run's samples never sit in memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGunzip, createGzip } from 'node:zlib';

export interface Salvage {
  /** The file was already a complete gzip stream: nothing was changed. */
  complete: boolean;
  /** Complete lines kept (when it was not complete). */
  lines: number;
  /** Bytes of a partial last line dropped. */
  droppedBytes: number;
}

/** Passes through only whole lines; counts them and what is left after the last newline. */
class WholeLines extends Transform {
  lines = 0;
  private tail: Buffer = Buffer.alloc(0);
  get droppedBytes(): number {
    return this.tail.length;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const data = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const cut = data.lastIndexOf(0x0a);
    if (cut < 0) {
      this.tail = data;
      return done();
    }
    for (let i = data.indexOf(0x0a); i >= 0 && i <= cut; i = data.indexOf(0x0a, i + 1)) this.lines++;
    this.tail = data.subarray(cut + 1);
    done(null, data.subarray(0, cut + 1));
  }
}

async function isCompleteGzip(path: string): Promise<boolean> {
  try {
    await pipeline(
      createReadStream(path),
      createGunzip(),
      new Writable({
        write: (_chunk, _enc, done) => done(),
      }),
    );
    return true;
  } catch {
    return false;
  }
}

export async function salvageGzipLines(path: string): Promise<Salvage> {
  if (await isCompleteGzip(path)) return { complete: true, lines: 0, droppedBytes: 0 };
  const tmp = `${path}.salvage.tmp`;
  const lines = new WholeLines();
  try {
    await pipeline(
      createReadStream(path),
      createGunzip({ finishFlush: constants.Z_SYNC_FLUSH }),
      lines,
      createGzip(),
      createWriteStream(tmp),
    );
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { complete: false, lines: lines.lines, droppedBytes: lines.droppedBytes };
}
