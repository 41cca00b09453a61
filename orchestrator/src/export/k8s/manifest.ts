/**
 * The k6-operator's own resources for one k6 scenario of a plan: a ConfigMap holding its `k6 archive` and a
 * TestRun (k6.io/v1alpha1) that runs it on `parallelism` runner pods. Pure: the archive bytes come in, objects
 * go out. The runner's options are the ones a local run uses (buildK6Options, baked into the archive; buildK6Env
 * as the pod's env), plus what the operator setting needs: `--no-thresholds` (thresholds are per runner; the
 * verdict is loadgate's), the run id tag and raw samples onto the shared results claim, one file per pod.
 * A secret's value never reaches an object: the API key is a secretKeyRef, the rest of the env holds no secret.
 */
import { ENV } from '../../../../k6/lib/env-names.ts';
import { buildK6Env } from '../../engines/k6/env.ts';
import type { K6ScenarioPlan } from '../../plan/types.ts';

/** Where the operator mounts the script volume (its `script.FullName()` is `/test/<file>`). */
export const SCRIPT_MOUNT = '/test';
/** Where the results claim is mounted in every runner. */
export const RESULTS_MOUNT = '/results';
/** The ConfigMap key (and file under /test) that holds the archive. */
export const ARCHIVE_FILE = 'archive.tar';
/** A ConfigMap's data may not exceed 1 MiB (etcd's object limit); the archive is base64 inside it. */
export const CONFIGMAP_LIMIT_BYTES = 1024 * 1024;
/** The key of the API key inside the user's Secret. */
export const API_KEY_SECRET_KEY = 'afirgen-api-key';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef: { fieldPath: string } } | { secretKeyRef: { name: string; key: string } };
}

export interface ExportOptions {
  runId: string;
  namespace: string;
  parallelism: number;
  image: string;
  resultsClaim: string;
  /** A ReadWriteMany claim that holds the archives instead of ConfigMaps (archives over 1 MiB). */
  scriptClaim?: string | undefined;
  /** The Secret holding the AFIRGen API key (key `afirgen-api-key`). */
  secretName: string;
  separate: boolean;
  requests: { cpu: string; memory: string };
}

export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  binaryData: Record<string, string>;
}

export interface TestRun {
  apiVersion: 'k6.io/v1alpha1';
  kind: 'TestRun';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    parallelism: number;
    separate: boolean;
    script: { configMap: { name: string; file: string } } | { volumeClaim: { name: string; file: string; readOnly: boolean } };
    args: string[];
    runner: {
      image: string;
      env: EnvVar[];
      resources: { requests: { cpu: string; memory: string } };
      volumes: Array<{ name: string; persistentVolumeClaim: { claimName: string } }>;
      volumeMounts: Array<{ name: string; mountPath: string }>;
      initContainers: Array<{ name: string; image: string; command: string[]; volumeMounts: Array<{ name: string; mountPath: string }> }>;
    };
  };
}

/** DNS-1123 label of at most `max` characters: the operator appends `-<i>` and the pod a random suffix. */
function dnsName(text: string, max = 52): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return s === '' ? 'loadgate' : s;
}

/** The TestRun's name: the scenario id and the run id's random tail, so two exports never collide. */
export function testRunName(plan: K6ScenarioPlan, runId: string): string {
  const tail = runId.split('-').at(-1) ?? '';
  return dnsName(`${plan.id}-${tail}`);
}

/** The directory of a scenario's samples on the results claim, as the runner sees it. */
export function resultsDirFor(runId: string, plan: K6ScenarioPlan): string {
  return `${RESULTS_MOUNT}/${runId}/${plan.id}`;
}

/** The file a scenario's archive has on the script claim (with --script-claim). */
export function claimArchivePath(runId: string, plan: K6ScenarioPlan): string {
  return `${runId}/${plan.id}.tar`;
}

const labels = (o: ExportOptions, plan: K6ScenarioPlan): Record<string, string> => ({
  'app.kubernetes.io/managed-by': 'loadgate',
  'loadgate/run-id': dnsName(o.runId, 63),
  'loadgate/scenario': dnsName(plan.id, 63),
});

/** The runner's arguments; the operator adds `run`, segments, the script, address, paused and its tags. */
export function runnerArgs(plan: K6ScenarioPlan, runId: string): string[] {
  return ['--no-thresholds', '--no-color', '--tag', `run_id=${runId}`, '--out', `json=${resultsDirFor(runId, plan)}/$(POD_NAME).json.gz`];
}

/** loadgate's env for a runner, as a local run builds it (buildK6Env), without the API key and with paths on the claim. */
function loadgateEnv(plan: K6ScenarioPlan, runId: string): Record<string, string> {
  const { apiKey: _key, ...keyless } = plan;
  const dir = resultsDirFor(runId, plan);
  return buildK6Env(keyless, runId, { summary: `${dir}/$(POD_NAME).summary.json`, dashboard: `${dir}/$(POD_NAME).dashboard.html` }, {});
}

/** What `k6 archive` reads at init: the same env, and a stand-in for the key the pod's Secret overrides (its env wins). */
export const API_KEY_STAND_IN = 'set-from-the-runner-secret';
export function archiveEnv(plan: K6ScenarioPlan, runId: string): Record<string, string> {
  return { ...loadgateEnv(plan, runId), ...(plan.apiKey === undefined ? {} : { [ENV.afirgenKey]: API_KEY_STAND_IN }) };
}

/** The runner's env: POD_NAME first (kubelet expands `$(POD_NAME)` in later values and in args), then loadgate's. */
export function runnerEnv(plan: K6ScenarioPlan, o: ExportOptions): EnvVar[] {
  const env: EnvVar[] = [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
  for (const [name, value] of Object.entries(loadgateEnv(plan, o.runId))) env.push({ name, value });
  if (plan.apiKey !== undefined)
    env.push({ name: ENV.afirgenKey, valueFrom: { secretKeyRef: { name: o.secretName, key: API_KEY_SECRET_KEY } } });
  return env;
}

export function buildConfigMap(plan: K6ScenarioPlan, archive: Buffer, o: ExportOptions): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${testRunName(plan, o.runId)}-archive`, namespace: o.namespace, labels: labels(o, plan) },
    binaryData: { [ARCHIVE_FILE]: archive.toString('base64') },
  };
}

export function buildTestRun(plan: K6ScenarioPlan, o: ExportOptions): TestRun {
  const name = testRunName(plan, o.runId);
  const mounts = [{ name: 'loadgate-results', mountPath: RESULTS_MOUNT }];
  const script: TestRun['spec']['script'] =
    o.scriptClaim === undefined
      ? { configMap: { name: `${name}-archive`, file: ARCHIVE_FILE } }
      : { volumeClaim: { name: o.scriptClaim, file: claimArchivePath(o.runId, plan), readOnly: true } };
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name, namespace: o.namespace, labels: labels(o, plan) },
    spec: {
      parallelism: o.parallelism,
      separate: o.separate,
      script,
      args: runnerArgs(plan, o.runId),
      runner: {
        image: o.image,
        env: runnerEnv(plan, o),
        resources: { requests: { ...o.requests } },
        volumes: [{ name: 'loadgate-results', persistentVolumeClaim: { claimName: o.resultsClaim } }],
        volumeMounts: mounts,
        // k6 does not create its --out file's directory, and a fresh claim has none: made before k6 starts.
        initContainers: [
          { name: 'results-dir', image: o.image, command: ['mkdir', '-p', resultsDirFor(o.runId, plan)], volumeMounts: mounts },
        ],
      },
    },
  };
}
