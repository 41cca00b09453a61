import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBundle, sourcesHash } from '../../../../src/engines/k6/bundle.ts';
import { K6_DIST_DIR } from '../../../../src/paths.ts';

test('the k6 bundle is built once per content hash: a second run with the same sources does not rebuild', async () => {
  await ensureBundle();
  assert.equal((await readFile(join(K6_DIST_DIR, '.sources.sha256'), 'utf8')).trim(), await sourcesHash());
  assert.equal(await ensureBundle(), false);
});
