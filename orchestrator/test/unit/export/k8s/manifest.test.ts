/**
 * Every TestRun `loadgate export k8s` builds validates against the k6-operator's own CRD schema (read from
 * ../shared/k6-operator/, never copied here), required fields and enums included; a deliberately broken one
 * fails. The runner's args and env carry the run's options and no secret value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPlan } from '../../../../src/config/load.ts';
import { projectPath } from '../../../../src/paths.ts';
import type { K6ScenarioPlan, RunPlan } from '../../../../src/plan/types.ts';
import {
  buildConfigMap,
  buildTestRun,
  runnerArgs,
  runnerEnv,
  archiveEnv,
  API_KEY_STAND_IN,
  type ExportOptions,
} from '../../../../src/export/k8s/manifest.ts';
import { assertFitsConfigMap } from '../../../../src/export/k8s/export.ts';
import { loadTestRunSchema, schemaErrors } from '../../../helpers/k6-operator-crd.ts';

const SECRET = 'k8s-export-secret-7f3a9c';

async function labPlan(profile: string): Promise<RunPlan> {
  return loadPlan({
    inventory: projectPath('lab/inventory.yaml'),
    thresholdsDir: projectPath('thresholds'),
    profilesFile: projectPath('orchestrator/profiles.yaml'),
    profile,
    env: { AFIRGEN_API_KEY: SECRET },
    forRun: false,
  });
}

const k6Scenarios = (p: RunPlan): K6ScenarioPlan[] => p.scenarios.filter((s): s is K6ScenarioPlan => s.engine === 'k6');

const options = (over: Partial<ExportOptions> = {}): ExportOptions => ({
  runId: '20261201-120000-smoke-ab12',
  namespace: 'load',
  parallelism: 1,
  image: 'grafana/k6:2.2.0',
  resultsClaim: 'loadgate-results',
  secretName: 'loadgate-secrets',
  separate: false,
  requests: { cpu: '500m', memory: '256Mi' },
  ...over,
});

/** A JSON round trip: what `kubectl apply` sends is the document, not the object with its undefineds. */
/** The compiled CRD schema, or a loud skip saying why it is not there (a clone without ../shared). */
async function crdOrSkip(t: {
  skip: (message: string) => void;
}): Promise<Extract<Awaited<ReturnType<typeof loadTestRunSchema>>, { ok: true }> | undefined> {
  const crd = await loadTestRunSchema();
  if (crd.ok) return crd;
  process.stderr.write(`\n*** SKIPPED: k6-operator CRD schema check: ${crd.reason} ***\n\n`);
  t.skip(`SKIPPED LOUDLY: ${crd.reason}`);
  return undefined;
}

const asDocument = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

test('every generated TestRun validates against the k6-operator CRD (smoke and load, configMap and volumeClaim)', async (t) => {
  const crd = await crdOrSkip(t);
  if (!crd) return;
  let checked = 0;
  for (const profile of ['smoke', 'load']) {
    for (const s of k6Scenarios(await labPlan(profile))) {
      for (const o of [options(), options({ parallelism: 1, separate: true, scriptClaim: 'loadgate-scripts' })]) {
        const doc = asDocument(buildTestRun(s, o));
        assert.ok(crd.validate(doc), `${profile}/${s.id}: ${schemaErrors(crd.validate)}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 10, `only ${checked} TestRuns checked`);
});

test('a broken TestRun fails the CRD schema: wrong types, a missing required field, a value outside an enum', async (t) => {
  const crd = await crdOrSkip(t);
  if (!crd) return;
  const [s] = k6Scenarios(await labPlan('smoke'));
  assert.ok(s);
  const good = asDocument(buildTestRun(s, options()));
  assert.ok(crd.validate(good), schemaErrors(crd.validate));
  const breakages: Array<[string, (spec: Record<string, unknown>) => void]> = [
    ['parallelism as a string', (spec) => (spec['parallelism'] = '2')],
    ['no script (required)', (spec) => delete spec['script']],
    ['no parallelism (required)', (spec) => delete spec['parallelism']],
    ['paused as a boolean (the CRD wants the string "true"/"false")', (spec) => (spec['paused'] = true)],
    ['cleanup outside its enum', (spec) => (spec['cleanup'] = 'always')],
    ['args as one string', (spec) => (spec['args'] = '--no-thresholds')],
    ['configMap without its name', (spec) => (spec['script'] = { configMap: { file: 'archive.tar' } })],
  ];
  for (const [what, breakIt] of breakages) {
    const doc: unknown = structuredClone(good);
    assert.ok(typeof doc === 'object' && doc !== null && 'spec' in doc && typeof doc.spec === 'object' && doc.spec !== null);
    const spec: Record<string, unknown> = Object.fromEntries(Object.entries(doc.spec));
    breakIt(spec);
    assert.equal(crd.validate({ ...doc, spec }), false, `${what}: the schema accepted it`);
  }
  // And the enum's one value is accepted, so the check above is the enum's and not a blanket refusal.
  assert.ok(typeof good === 'object' && good !== null && 'spec' in good && typeof good.spec === 'object');
  assert.ok(crd.validate({ ...good, spec: { ...good.spec, cleanup: 'post' } }), schemaErrors(crd.validate));
});

test('runner args: no thresholds, the run id tag, raw samples per pod on the results claim', async () => {
  const [s] = k6Scenarios(await labPlan('smoke'));
  assert.ok(s);
  assert.deepEqual(runnerArgs(s, 'RID'), [
    '--no-thresholds',
    '--no-color',
    '--tag',
    'run_id=RID',
    '--out',
    `json=/results/RID/${s.id}/$(POD_NAME).json.gz`,
  ]);
});

test('the API key is a secretKeyRef and its value is in no manifest, env or archive env', async () => {
  const plan = await labPlan('smoke');
  const fir = k6Scenarios(plan).find((s) => s.apiKey !== undefined);
  assert.ok(fir, 'smoke has a scenario with an API key');
  assert.equal(fir.apiKey, SECRET);
  const env = runnerEnv(fir, options());
  assert.equal(env[0]?.name, 'POD_NAME', 'POD_NAME comes first so later $(POD_NAME) references expand');
  const key = env.find((e) => e.name === 'LOADGATE_AFIRGEN_KEY');
  assert.deepEqual(key, {
    name: 'LOADGATE_AFIRGEN_KEY',
    valueFrom: { secretKeyRef: { name: 'loadgate-secrets', key: 'afirgen-api-key' } },
  });
  assert.equal(archiveEnv(fir, 'RID')['LOADGATE_AFIRGEN_KEY'], API_KEY_STAND_IN);
  for (const s of k6Scenarios(plan)) {
    const text = JSON.stringify([buildTestRun(s, options()), buildConfigMap(s, Buffer.from('tar'), options()), archiveEnv(s, 'RID')]);
    assert.ok(!text.includes(SECRET), `${s.id}: a manifest holds the secret value`);
  }
});

test('an archive over the ConfigMap limit is refused, naming the scenario and --script-claim', () => {
  assert.doesNotThrow(() => assertFitsConfigMap('chat', 700 * 1024));
  assert.throws(
    () => assertFitsConfigMap('fir-single', 800 * 1024),
    (e: unknown) => e instanceof Error && /fir-single/.test(e.message) && /--script-claim/.test(e.message) && !e.message.includes('\n'),
  );
});
