import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { decideRun } from '../../../src/verdict/build.ts';
import { ALL_GATE_STATUSES, applyGate, gateExitCode, parseFailOn, waiverWarning } from '../../../src/verdict/gate.ts';
import { GATE_STATUSES } from '../../../src/exit-codes.ts';
import { UsageError } from '../../../src/errors.ts';
import { VERDICT_SCHEMA_PATH } from '../../../src/verdict/schema.ts';
import type { GateStatusName } from '../../../src/exit-codes.ts';
import { chatVerdict } from '../../fixtures/runs/make-run.ts';

const failingVerdict = (failOn?: GateStatusName[]) => chatVerdict((i) => 2900 + i, {}, failOn);

test('parseFailOn: any order, case and repetition comes back in the table order', () => {
  assert.deepEqual(parseFailOn('ERROR, fail,error'), ['fail', 'error']);
  assert.deepEqual(parseFailOn('invalid'), ['invalid']);
  assert.deepEqual(ALL_GATE_STATUSES, ['fail', 'invalid', 'error', 'inconclusive']);
});

test('parseFailOn: a name the code cannot produce, or none at all, is a UsageError naming it', () => {
  for (const bad of ['passed', 'pass', 'aborted', 'fail;error']) {
    assert.throws(
      () => parseFailOn(`fail,${bad}`),
      (e: unknown) => e instanceof UsageError && e.message.includes(`'${bad}'`),
    );
  }
  assert.deepEqual(parseFailOn('fail,'), ['fail'], 'a trailing comma is harmless');
  assert.throws(
    () => parseFailOn(''),
    (e: unknown) => e instanceof UsageError && /needs at least one status/.test(e.message),
  );
});

test('the default policy fails on everything: a FAIL exits 1 and nothing is waived', async () => {
  const v = await failingVerdict();
  assert.deepEqual(v.gate, { failOn: ['fail', 'invalid', 'error', 'inconclusive'], exitCode: 1 });
  assert.equal(gateExitCode(v), 1);
  assert.equal(waiverWarning(v), undefined);
});

test('a FAIL outside the policy exits 0, keeps its status and code, and says so', async () => {
  const v = await failingVerdict(['invalid', 'error']);
  assert.equal(v.status, 'FAIL');
  assert.equal(v.exitCode, 1);
  assert.deepEqual(v.gate, { failOn: ['invalid', 'error'], exitCode: 0, waived: 'FAIL' });
  assert.equal(gateExitCode(v), 0);
  assert.match(waiverWarning(v) ?? '', /^gate policy --fail-on invalid,error waives FAIL: exit 0 instead of 1/);
});

test('ABORTED is never waived: an interrupt after a waived FAIL exits 130 / 143', async () => {
  const v = await failingVerdict(['error']);
  assert.equal(gateExitCode(v), 0);
  decideRun(v, 'SIGTERM');
  assert.equal(v.status, 'ABORTED');
  assert.deepEqual(v.gate, { failOn: ['error'], exitCode: 143 });
  applyGate(v, ['fail']);
  assert.equal(gateExitCode(v), 143);
});

test('a verdict written before the policy existed exits with its own code', async () => {
  const v = await failingVerdict();
  delete v.gate;
  assert.equal(gateExitCode(v), 1);
});

test("the schema's gate enums are the table's", async () => {
  // Compared as text: the schema's gate block must hold exactly the table's names and statuses, in order.
  const schema = await readFile(VERDICT_SCHEMA_PATH, 'utf8');
  const gate = /"gate": \{[\s\S]*?\n {4}\}/.exec(schema)?.[0] ?? '';
  const compact = gate.replace(/\s+/g, '');
  assert.ok(compact.includes(`"items":{"enum":${JSON.stringify(Object.keys(GATE_STATUSES))}}`), gate);
  assert.ok(compact.includes(`"waived":{"enum":${JSON.stringify(Object.values(GATE_STATUSES).map((g) => g.status))}}`), gate);
});
