/** The distributed section's parse of the CLI's "ended and pulled" lines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pullTimes } from '../sections/distributed.ts';

test('pullTimes: per k6 scenario, the ms of its "ended, pulled and cleaned up" line; other lines ignored', () => {
  const stderr = [
    'k6 chat: k6 on 3 generators: resumed (start skew 4 ms)',
    'k6 chat: k6 on 3 generators: ended and pulled in 412 ms',
    'k6 fir-concurrency: k6 on 2 generators: ended and pulled in 1290 ms',
    'probe redis: ended and pulled in 5 ms',
  ].join('\n');
  assert.deepEqual(
    [...pullTimes(stderr)],
    [
      ['chat', 412],
      ['fir-concurrency', 1290],
    ],
  );
});
