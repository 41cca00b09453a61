import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { updateLatest } from '../../../src/report/atomic.ts';
import { ResultsError } from '../../../src/errors.ts';
import { tempRunDir } from '../../fixtures/runs/make-run.ts';

test('updateLatest repoints results/latest atomically', async () => {
  const dir = await tempRunDir();
  try {
    await updateLatest(dir, 'run-a');
    await updateLatest(dir, 'run-b');
    assert.equal(await readlink(join(dir, 'latest')), 'run-b');
    await assert.rejects(updateLatest(join(dir, 'nope', 'deeper'), 'x'), ResultsError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
