/**
 * `loadgate export k8s`: a plan → per k6 scenario `<id>.yaml` (its ConfigMap with the `k6 archive`, and its
 * TestRun), and `loadgate-plan.json` beside them. Probes (redis, mixed, cross-vm) are loadgate's own code,
 * not k6 scripts: they are left out and the caller is told. Sends nothing: it bundles, archives and writes.
 */
import { k6Scenarios } from '../../engines/k6/scenarios.ts';
import { bundleAll } from '../../engines/k6/bundle.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { UsageError } from '../../errors.ts';
import { intendedLoad } from '../../engines/k6/options.ts';
import type { K6ScenarioPlan, RunPlan } from '../../plan/types.ts';
import { archiveScenario } from './archive.ts';
import {
  buildConfigMap,
  buildTestRun,
  claimArchivePath,
  CONFIGMAP_LIMIT_BYTES,
  testRunName,
  type ExportOptions,
  type TestRun,
  type ConfigMap,
} from './manifest.ts';
import { PLAN_FILE, PLAN_KIND, planFileJson, publicPlan, type PlanFile } from './plan-file.ts';

export interface ExportInput {
  plan: RunPlan;
  outDir: string;
  options: ExportOptions;
  k6: { path: string; version: string };
  loadgateVersion: string;
  now?: Date;
}

export interface ExportResult {
  files: string[];
  skipped: string[];
  /** Criteria left out of the plan file: no runner measures them (the canary's, derived ones). */
  dropped: string[];
  testRuns: TestRun[];
  configMaps: ConfigMap[];
}

/** The image of the k6 release loadgate runs (`v2.2.0` → `grafana/k6:2.2.0`). */
export function defaultImage(k6Version: string): string {
  return `grafana/k6:${k6Version.replace(/^v/, '')}`;
}

/** The operator refuses parallelism over a scenario's VUs; a segment with no VU would run nothing anyway. */
function checkParallelism(scenarios: readonly K6ScenarioPlan[], parallelism: number): void {
  for (const s of scenarios) {
    const vus = intendedLoad(s.executor)['vus'] ?? 0;
    if (parallelism > vus)
      throw new UsageError(`export: --parallelism ${parallelism} exceeds scenario ${s.id}'s ${vus} VU(s): some runners would get no VU`);
  }
}

/** base64 grows the archive by 4/3: that is what the ConfigMap's 1 MiB must hold. */
export function assertFitsConfigMap(id: string, archiveBytes: number): void {
  if (Math.ceil(archiveBytes / 3) * 4 > CONFIGMAP_LIMIT_BYTES)
    throw new UsageError(
      `export: scenario ${id}: its k6 archive (${archiveBytes} bytes) exceeds the ConfigMap limit (1 MiB); use --script-claim PVC to ship it on a volume`,
    );
}

function assertNoSecret(text: string | Buffer, secrets: readonly string[], what: string): void {
  // The manifests are built without secret values; this makes a regression impossible to ship silently.
  const leaked = secrets.find((s) => s !== '' && text.includes(s));
  if (leaked !== undefined) throw new Error(`export: ${what} would contain a secret value; nothing was written`);
}

export async function exportK8s(input: ExportInput): Promise<ExportResult> {
  const { plan, options: o } = input;
  const { k6: scenarios, others } = k6Scenarios(plan.scenarios);
  const skipped = others.map((s) => s.id);
  if (scenarios.length === 0)
    throw new UsageError(`export: profile ${plan.profile} has no k6 scenario to export (probes run in loadgate only)`);
  checkParallelism(scenarios, o.parallelism);
  await bundleAll();

  const docs: Array<{ s: K6ScenarioPlan; yaml: string; archive?: Buffer }> = [];
  const result: ExportResult = { files: [], skipped, dropped: [], testRuns: [], configMaps: [] };
  for (const s of scenarios) {
    const archive = await archiveScenario(input.k6.path, s, o.runId);
    assertNoSecret(archive, plan.secrets, `the archive of ${s.id}`);
    const testRun = buildTestRun(s, o);
    result.testRuns.push(testRun);
    if (o.scriptClaim !== undefined) {
      docs.push({ s, yaml: stringify(testRun), archive });
      continue;
    }
    assertFitsConfigMap(s.id, archive.length);
    const configMap = buildConfigMap(s, archive, o);
    result.configMaps.push(configMap);
    docs.push({ s, yaml: `${stringify(configMap)}---\n${stringify(testRun)}` });
  }

  const judged = publicPlan(plan, scenarios);
  result.dropped.push(...judged.dropped);
  const planFile: PlanFile = {
    kind: PLAN_KIND,
    schemaVersion: 1,
    runId: o.runId,
    createdAt: (input.now ?? new Date()).toISOString(),
    namespace: o.namespace,
    parallelism: o.parallelism,
    image: o.image,
    tools: { k6: input.k6.version, loadgate: input.loadgateVersion },
    plan: judged.plan,
    testRuns: scenarios.map((s) => ({
      id: s.id,
      testRun: testRunName(s, o.runId),
      ...(o.scriptClaim === undefined ? { configMap: `${testRunName(s, o.runId)}-archive` } : {}),
    })),
  };
  const planText = planFileJson(planFile);
  for (const d of docs) assertNoSecret(d.yaml, plan.secrets, `${d.s.id}.yaml`);
  assertNoSecret(planText, plan.secrets, PLAN_FILE);

  await mkdir(input.outDir, { recursive: true });
  for (const d of docs) {
    const file = join(input.outDir, `${d.s.id}.yaml`);
    await writeFile(file, d.yaml);
    result.files.push(file);
    if (d.archive !== undefined) {
      const tar = join(input.outDir, 'archives', claimArchivePath(o.runId, d.s));
      await mkdir(join(tar, '..'), { recursive: true });
      await writeFile(tar, d.archive);
      result.files.push(tar);
    }
  }
  const planPath = join(input.outDir, PLAN_FILE);
  await writeFile(planPath, planText);
  result.files.push(planPath);
  return result;
}
