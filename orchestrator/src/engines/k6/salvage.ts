/**
 * k6 writes its own files (samples, summary, dashboard) in place, so a k6 that was killed (SIGKILL, a crash)
 * or whose disk filled up leaves them cut off: samples.json.gz ends mid-block, summary.json mid-object.
 * After k6 ends, every one of them is made whole or removed, so a run directory never holds a truncated
 * file:
 * - samples: the samples before the cut are still good data, so the readable prefix is recovered (zlib's
 *   sync-flush mode stops at the cut without failing), the partial last line dropped, and a complete gzip
 *   file swapped in atomically. Streamed both ways: a long run's samples never sit in memory.
 * - summary.json and dashboard.html: nothing to recover from half of either; a cut-off one is removed.
 * Each repair or removal is one error line for the scenario: its data is no longer what k6 meant to write.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { access, readFile, rm } from 'node:fs/promises';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGunzip, createGzip } from 'node:zlib';
import { replaceAtomically } from '../../temp-files.ts';
import { cutAtLastNewline } from '../../samples/whole-lines.ts';

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
    const { whole, tail } = cutAtLastNewline(this.tail, chunk);
    this.tail = tail;
    if (whole === undefined) return done();
    for (let i = whole.indexOf(0x0a); i >= 0; i = whole.indexOf(0x0a, i + 1)) this.lines++;
    done(null, whole);
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
  const lines = new WholeLines();
  await replaceAtomically(
    path,
    (tmp) =>
      pipeline(createReadStream(path), createGunzip({ finishFlush: constants.Z_SYNC_FLUSH }), lines, createGzip(), createWriteStream(tmp)),
    `${path}.salvage.tmp`,
  );
  return { complete: false, lines: lines.lines, droppedBytes: lines.droppedBytes };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function cause(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Checks k6's files in a scenario directory (`file(name)` gives a path) once k6 has ended; returns one line
 * per file it had to repair or remove. `killed`: k6 ended by a signal, which explains a cut.
 */
export async function completeArtifacts(file: (name: string) => string, killed: boolean): Promise<string[]> {
  const why = killed ? 'k6 was killed mid-write' : 'k6 could not finish writing it (disk full?)';
  const problems: string[] = [];
  const samples = file('samples.json.gz');
  if (await exists(samples)) {
    try {
      const s = await salvageGzipLines(samples);
      if (!s.complete)
        problems.push(
          `samples.json.gz was cut off (${why}): its ${s.lines} complete line(s) were kept, a partial last line (${s.droppedBytes} bytes) dropped`,
        );
    } catch (err) {
      await rm(samples, { force: true });
      problems.push(`samples.json.gz was cut off (${why}) and could not be recovered, so it was removed: ${cause(err)}`);
    }
  }
  const summary = file('summary.json');
  if (await exists(summary)) {
    try {
      JSON.parse(await readFile(summary, 'utf8'));
    } catch {
      await rm(summary, { force: true });
      problems.push(`summary.json was cut off (${why}) and removed`);
    }
  }
  const dashboard = file('dashboard.html');
  if (await exists(dashboard)) {
    const text = await readFile(dashboard, 'utf8');
    if (!/<\/html>\s*$/i.test(text)) {
      await rm(dashboard, { force: true });
      problems.push(`dashboard.html was cut off (${why}) and removed`);
    }
  }
  return problems;
}
