/**
 * Opens a raw sample file for the reader as a stream of bytes: a regular file only, read up to its size at open
 * time, gunzipped when it starts with gzip's magic number (whatever its name).
 */
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ResultsError, describeError } from '../errors.ts';
import { MAX_SAMPLE_FILE_BYTES, openRegularFile } from '../safety/run-files.ts';

export const CHUNK_BYTES = 64 * 1024;

export async function openStream(file: string): Promise<Readable> {
  // A regular file only, read up to its size at open time: a FIFO or a device named as samples cannot hang
  // or spin the reader, and a file that keeps growing is still read to a bound.
  const { handle, size } = await openRegularFile(file, MAX_SAMPLE_FILE_BYTES).catch((err: unknown) => {
    throw new ResultsError(`cannot read samples ${file}: ${describeError(err)}`, { cause: err });
  });
  const head = Buffer.alloc(2);
  try {
    await handle.read(head, 0, 2, 0);
  } catch (err) {
    await handle.close();
    throw new ResultsError(`cannot read samples ${file}: ${describeError(err)}`, { cause: err });
  }
  // 64 KiB pieces: each decoded piece is a string small enough for V8's young generation, which is
  // collected cheaply and often; megabyte strings would pile up in large-object space until a full GC.
  const raw = handle.createReadStream({ highWaterMark: CHUNK_BYTES, start: 0, end: Math.max(0, size - 1), autoClose: true });
  // gzip's magic number, not the file name, decides: a renamed file still reads.
  return head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
}
