import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { EXIT, EXIT_TABLE, exitForInterrupt, GATE_POLICY_ROW, interruptOf } from '../../src/exit-codes.ts';
import { projectPath } from '../../src/paths.ts';

test("the README's exit-code table is the code's table", async () => {
  // Cells are compared trimmed: the Markdown formatter pads them to align the columns.
  const rows = (await readFile(projectPath('README.md'), 'utf8'))
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim())
        .join(' | '),
    );
  for (const [status, meaning, code] of EXIT_TABLE) {
    assert.ok(rows.includes(`${status} | ${meaning} | ${code}`), `README lacks the row for exit ${code}`);
  }
  assert.ok(rows.includes(GATE_POLICY_ROW.join(' | ')), `README lacks the gate policy row: | ${GATE_POLICY_ROW.join(' | ')} |`);
});

test('the codes are those of the design', () => {
  assert.deepEqual(EXIT, { PASS: 0, FAIL: 1, USAGE: 2, PREFLIGHT: 3, INVALID: 4, ERROR: 5, INCONCLUSIVE: 6, SIGINT: 130, SIGTERM: 143 });
});

test('one signal → exit mapping: SIGINT 130, SIGTERM 143, read from the aborted signal main.ts sets', () => {
  assert.equal(exitForInterrupt('SIGINT'), 130);
  assert.equal(exitForInterrupt('SIGTERM'), 143);
  const term = new AbortController();
  term.abort('SIGTERM');
  assert.equal(interruptOf(term.signal), 'SIGTERM');
  const int = new AbortController();
  int.abort('SIGINT');
  assert.equal(interruptOf(int.signal), 'SIGINT');
  assert.equal(interruptOf(new AbortController().signal), undefined);
});
