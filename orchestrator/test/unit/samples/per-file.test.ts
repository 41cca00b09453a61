/** The reader's per-file tallies: each file's own count, sum and non-zero values per metric and tag filter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readSamples } from '../../../src/samples/reader.ts';
import { tempRunDir, writeSamples } from '../../fixtures/runs/make-run.ts';

test("perFile: each file's tally per metric and filter; a metric first met in the second file is absent from the first", async () => {
  const dir = await tempRunDir();
  try {
    const a = await writeSamples(dir, 'a.json.gz', [
      { metric: 'http_reqs', value: 1, tags: { status: '200' } },
      { metric: 'http_reqs', value: 1, tags: { status: '500' } },
      { metric: 'checks', value: 1 },
      { metric: 'checks', value: 0 },
    ]);
    const b = await writeSamples(dir, 'b.json.gz', [
      { metric: 'http_reqs', value: 1, tags: { status: '200' } },
      { metric: 'data_received', value: 512 },
      { metric: 'data_received', value: 256 },
    ]);
    const files = [join(dir, a), join(dir, b)];
    const read = await readSamples(files, {
      perFile: true,
      filters: [
        { metric: 'http_reqs', tags: { status: '200' } },
        { metric: 'checks', tags: {} },
      ],
    });
    const of = (f: string) => Object.fromEntries(read.perFile?.get(f) ?? []);
    assert.deepEqual(of(files[0] ?? ''), {
      http_reqs: { count: 2, sum: 2, nonzero: 2 },
      'http_reqs{status:200}': { count: 1, sum: 1, nonzero: 1 },
      checks: { count: 2, sum: 1, nonzero: 1 },
    });
    assert.deepEqual(of(files[1] ?? ''), {
      http_reqs: { count: 1, sum: 1, nonzero: 1 },
      'http_reqs{status:200}': { count: 1, sum: 1, nonzero: 1 },
      data_received: { count: 2, sum: 768, nonzero: 2 },
    });
    assert.equal((await readSamples(files)).perFile, undefined, 'only when asked');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
