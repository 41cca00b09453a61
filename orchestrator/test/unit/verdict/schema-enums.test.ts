/**
 * The hand-written verdict schema's enums against the code's own tables, so a new status, exit code or gate
 * policy name cannot reach verdict.json without its schema knowing (exit 6 and `inconclusive` once did); and its
 * fields against the Verdict types: each table below must name every key of its type (the typecheck fails
 * otherwise), and the schema must declare exactly those, so a field added to a type but not to the schema fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { EXIT, GATE_STATUSES } from '../../../src/exit-codes.ts';
import { projectPath } from '../../../src/paths.ts';
import type { CriterionVerdict, MetricStats } from '../../../src/scenario-result.ts';
import type { FailureEntry } from '../../../src/verdict/failures.ts';
import { validateVerdict } from '../../../src/verdict/schema.ts';
import type { Comparison, ScenarioSeries, ScenarioVerdict, Verdict } from '../../../src/verdict/types.ts';

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

/** Every key of T, optional ones too: a literal of this type must list exactly T's keys. */
type Keys<T> = { readonly [K in keyof Required<T>]: true };

// `location` is set by loadVerdict when a verdict is read back, never written.
const VERDICT: Keys<Omit<Verdict, 'location'>> = {
  schemaVersion: true,
  runId: true,
  status: true,
  exitCode: true,
  reasons: true,
  startedAt: true,
  finishedAt: true,
  profile: true,
  inventory: true,
  tools: true,
  aborted: true,
  warnings: true,
  scenarios: true,
  baseline: true,
  gate: true,
  drift: true,
};
const SCENARIO: Keys<ScenarioVerdict> = {
  name: true,
  scenario: true,
  engine: true,
  status: true,
  startedAt: true,
  finishedAt: true,
  metrics: true,
  criteria: true,
  load: true,
  errors: true,
  faults: true,
  failures: true,
  artifacts: true,
  samples: true,
  reasons: true,
  series: true,
  details: true,
  stages: true,
  capacity: true,
};
const CRITERION: Keys<CriterionVerdict> = {
  scenario: true,
  engine: true,
  metric: true,
  tags: true,
  selector: true,
  expression: true,
  threshold: true,
  observed: true,
  ok: true,
  samples: true,
  strict: true,
  engineOk: true,
  confidence: true,
  window: true,
  source: true,
  origin: true,
  description: true,
  disagreement: true,
  note: true,
};
const METRIC: Keys<MetricStats> = {
  type: true,
  count: true,
  sum: true,
  min: true,
  avg: true,
  p50: true,
  p90: true,
  p95: true,
  p99: true,
  max: true,
  rate: true,
  value: true,
};
const FAILURE: Keys<FailureEntry> = {
  step: true,
  request: true,
  status: true,
  errorCode: true,
  statusText: true,
  count: true,
  tries: true,
  first: true,
  last: true,
  reason: true,
  answer: true,
};
const COMPARISON: Keys<Comparison> = {
  baseRunId: true,
  minEffect: true,
  alpha: true,
  regressions: true,
  deltas: true,
  series: true,
};
const SERIES: Keys<ScenarioSeries> = {
  requests: true,
  latency: true,
  latencyMetric: true,
  errors: true,
  vus: true,
  cdf: true,
};

test('verdict.schema.json declares exactly the fields of the Verdict types, at every level', async () => {
  const schema: unknown = JSON.parse(await readFile(projectPath('orchestrator/schemas/verdict.schema.json'), 'utf8'));
  const props = (...path: string[]): string[] => Object.keys(at(schema, ...path, 'properties')).sort();
  const keys = (k: object): string[] => Object.keys(k).sort();
  assert.deepEqual(props(), keys(VERDICT), 'Verdict');
  assert.deepEqual(props('definitions', 'scenario'), keys(SCENARIO), 'ScenarioVerdict');
  assert.deepEqual(props('definitions', 'criterion'), keys(CRITERION), 'CriterionVerdict');
  assert.deepEqual(props('definitions', 'metric'), keys(METRIC), 'MetricStats');
  assert.deepEqual(props('definitions', 'failure'), keys(FAILURE), 'FailureEntry');
  assert.deepEqual(props('definitions', 'comparison'), keys(COMPARISON), 'Comparison');
  assert.deepEqual(props('definitions', 'series'), keys(SERIES), 'ScenarioSeries');
});

test('validateVerdict reports every error, each as `path: message`, on one line', () => {
  const checked = validateVerdict({ schemaVersion: 1, status: 'MAYBE', exitCode: 42 });
  assert.equal(checked.ok, false);
  if (checked.ok) return;
  assert.ok(checked.errors.length >= 3, checked.error);
  assert.ok(
    checked.errors.some((e) => /^\/status: /.test(e)),
    checked.error,
  );
  assert.ok(
    checked.errors.some((e) => /^\/exitCode: /.test(e)),
    checked.error,
  );
  assert.ok(
    checked.errors.some((e) => /^\/: must have required property 'runId'/.test(e)),
    checked.error,
  );
  assert.equal(checked.error, checked.errors.join('; '));
  assert.doesNotMatch(checked.error, /\n/);
});
