/**
 * The hand-written verdict schema's enums against the code's own tables, so a new status, exit code or gate
 * policy name cannot reach verdict.json without its schema knowing (exit 6 and `inconclusive` once did).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { EXIT, GATE_STATUSES } from '../../../src/exit-codes.ts';
import { projectPath } from '../../../src/paths.ts';

type Node = Record<string, unknown>;
const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && !Array.isArray(x);

function at(schema: unknown, ...path: string[]): Node {
  let n: unknown = schema;
  for (const p of path) n = isNode(n) ? n[p] : undefined;
  assert.ok(isNode(n), `schema has ${path.join('.')}`);
  return n;
}
const enumOf = (n: Node): unknown[] => {
  const e: unknown = n['enum'];
  return Array.isArray(e) ? e.map((x: unknown) => x) : [];
};
const sorted = (xs: unknown[]): string[] => xs.map(String).sort();

test('verdict.schema.json: statuses, exit codes and gate names are the code’s', async () => {
  const schema: unknown = JSON.parse(await readFile(projectPath('orchestrator/schemas/verdict.schema.json'), 'utf8'));
  // A verdict is written for every exit but usage errors (2); a preflight failure's (3) carries its reason.
  const codes = Object.values(EXIT).filter((c) => c !== EXIT.USAGE);
  assert.deepEqual(sorted(enumOf(at(schema, 'properties', 'exitCode'))), sorted(codes));
  assert.deepEqual(sorted(enumOf(at(schema, 'properties', 'gate', 'properties', 'exitCode'))), sorted(codes));
  const gate = Object.entries(GATE_STATUSES);
  assert.deepEqual(sorted(enumOf(at(schema, 'properties', 'gate', 'properties', 'failOn', 'items'))), sorted(gate.map(([n]) => n)));
  assert.deepEqual(sorted(enumOf(at(schema, 'properties', 'gate', 'properties', 'waived'))), sorted(gate.map(([, g]) => g.status)));
  const statuses = enumOf(at(schema, 'properties', 'status'));
  assert.deepEqual(sorted(statuses), sorted([...gate.map(([, g]) => g.status), 'PASS', 'ABORTED', 'PREFLIGHT']));
});
