/**
 * Ground truth: every request's server-side timing, appended to `<run-dir>/ground-truth.jsonl` and kept in
 * memory (up to a cap) for `GET /ground-truth`. Records carry a sequence number so a reader can page with
 * `since`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { GroundTruthRecord } from './protocol.ts';

export type NumberedRecord = GroundTruthRecord & { seq: number };

/** Memory cap: about 100 MB at most; older records stay in the JSONL file. */
const MEMORY_CAP = 500_000;

export interface GroundTruthQuery {
  since?: number;
  service?: string;
  route?: string;
  method?: string;
  limit?: number;
}

export class GroundTruthSink {
  private readonly records: NumberedRecord[] = [];
  private next = 1;
  private dropped = 0;
  private readonly file: WriteStream | undefined;

  constructor(path: string | undefined) {
    this.file = path ? createWriteStream(path, { flags: 'a' }) : undefined;
  }

  add(batch: readonly GroundTruthRecord[]): void {
    let lines = '';
    for (const r of batch) {
      const rec: NumberedRecord = { seq: this.next++, ...r };
      this.records.push(rec);
      if (this.file) lines += `${JSON.stringify(rec)}\n`;
    }
    if (this.records.length > MEMORY_CAP) {
      const excess = this.records.length - MEMORY_CAP;
      this.records.splice(0, excess);
      this.dropped += excess;
    }
    if (lines !== '') this.file?.write(lines);
  }

  query(q: GroundTruthQuery): { records: NumberedRecord[]; next: number; dropped: number } {
    const since = q.since ?? 0;
    const limit = q.limit ?? 100_000;
    const out: NumberedRecord[] = [];
    for (const r of this.records) {
      if (r.seq <= since) continue;
      if (q.service !== undefined && r.service !== q.service) continue;
      if (q.route !== undefined && r.route !== q.route) continue;
      if (q.method !== undefined && r.method !== q.method) continue;
      out.push(r);
      if (out.length >= limit) break;
    }
    return { records: out, next: this.next - 1, dropped: this.dropped };
  }

  close(): Promise<void> {
    const f = this.file;
    if (!f) return Promise.resolve();
    return new Promise((resolve) => f.end(() => resolve()));
  }
}
