/** The canary's outages as fault lines: one per run of failed polls, with its start, reasons and end. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { outageLines, readCanaryPolls, type CanaryPoll } from '../../../../src/engines/k6/canary-faults.ts';
import { ResultsError } from '../../../../src/errors.ts';
import { k6Lines, tempRunDir } from '../../../fixtures/runs/make-run.ts';

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const ok = (s: number): CanaryPoll => ({ time: at(s), failed: false });
const bad = (s: number, reason?: string): CanaryPoll => ({ time: at(s), failed: true, ...(reason ? { reason } : {}) });

test('no failed poll: no fault', () => {
  assert.deepEqual(outageLines([ok(0), ok(1), ok(2)], 'main/backend'), []);
  assert.deepEqual(outageLines([], 'main/backend'), []);
});

test('an outage that ends: its start, reasons, poll count and the moment the target answered again', () => {
  const lines = outageLines([ok(0), bad(1, 'refused'), bad(2, 'refused'), bad(3, 'timeout'), ok(4)], 'main/backend (GET /x)');
  assert.equal(lines.length, 1);
  assert.equal(
    lines[0],
    `${at(1)} main/backend (GET /x) stopped answering the canary (refused, timeout); 3 poll(s) failed, answered again at ${at(4)}`,
  );
});

test('two outages, polls out of order, the last one still failing at the end', () => {
  const lines = outageLines([bad(5), ok(2), bad(1, 'refused'), ok(3), bad(4, 'reset')], 'redis');
  assert.equal(lines.length, 2);
  assert.match(lines[0] ?? '', new RegExp(`^${at(1)} redis .*\\(refused\\); 1 poll\\(s\\) failed, answered again at ${at(2)}`));
  assert.match(lines[1] ?? '', new RegExp(`^${at(4)} redis .*\\(reset\\); 2 poll\\(s\\) failed, still failing when the scenario ended$`));
});

test('readCanaryPolls reads canary_failed through the one sample reader: polls with their reasons; a bad line is a ResultsError', async () => {
  const dir = await tempRunDir();
  try {
    const text = k6Lines([
      { metric: 'canary_duration', value: 3, tags: { vm: 'main' }, t: 0 },
      { metric: 'canary_failed', value: 0, tags: { vm: 'main' }, t: 0 },
      { metric: 'canary_failed', value: 1, tags: { vm: 'main', reason: 'refused' }, t: 1 },
    ]).trimEnd();
    await writeFile(join(dir, 'canary.json.gz'), gzipSync(text));
    const polls = await readCanaryPolls(join(dir, 'canary.json.gz'));
    assert.deepEqual(
      polls.map((p) => [p.failed, p.reason]),
      [
        [false, undefined],
        [true, 'refused'],
      ],
    );
    await writeFile(join(dir, 'bad.json.gz'), gzipSync(`${text}\n{not json\n`));
    await assert.rejects(
      readCanaryPolls(join(dir, 'bad.json.gz')),
      (e: unknown) => e instanceof ResultsError && /bad\.json\.gz:\d+/.test(e.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
