/**
 * What k6-operator v1.6.0 and kubelet make of a TestRun for runner i of N, on one machine: the container
 * command (pkg/resources/jobs/runner.go), the pod env (fieldRef, secretKeyRef, `$(VAR)` expansion in order) and
 * the volume mounts mapped onto local directories. Test support only.
 */
export interface Pod {
  index: number;
  name: string;
  /** Stands in for the pod's own 0.0.0.0:6565. */
  address: string;
}

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string }; secretKeyRef?: { name: string; key: string } };
}

interface Spec {
  parallelism: number;
  args?: string[];
  paused?: string;
  quiet?: string;
  script: { configMap?: { name: string; file?: string }; volumeClaim?: { name: string; file?: string } };
  runner: { env?: EnvEntry[] };
}

const asSpec = (spec: unknown): Spec => spec as Spec;

/** pkg/segmentation.NewCommandFragments. */
function segmentFlags(index: number, total: number): string[] {
  const part = (i: number): string => (i === 0 ? '0' : i === total ? '1' : `${i}/${total}`);
  const sequence = ['0', ...Array.from({ length: total - 1 }, (_, k) => `${k + 1}/${total}`), '1'].join(',');
  return [`--execution-segment=${part(index - 1)}:${part(index)}`, `--execution-segment-sequence=${sequence}`];
}

/** NewRunnerJob's command for runner `index` (1-based). */
export function operatorArgv(specIn: unknown, name: string, index: number): string[] {
  const spec = asSpec(specIn);
  const file = spec.script.configMap?.file ?? spec.script.volumeClaim?.file ?? 'test.js';
  const cmd = ['k6', 'run'];
  if (spec.quiet !== 'false') cmd.push('--quiet');
  if (spec.parallelism > 1) cmd.push(...segmentFlags(index, spec.parallelism));
  cmd.push(...(spec.args ?? []), `/test/${file}`, '--address=0.0.0.0:6565');
  if (spec.paused !== 'false') cmd.push('--paused');
  cmd.push('--tag', `instance_id=${index}`, '--tag', `testrun_name=${name}`);
  return cmd;
}

/** kubelet: `$(VAR)` of an already defined variable is replaced; anything else stays as written. */
function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, v: string) => env[v] ?? whole);
}

export function podEnv(specIn: unknown, pod: Pod, secrets: Record<string, Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of asSpec(specIn).runner.env ?? []) {
    if (e.value !== undefined) env[e.name] = expand(e.value, env);
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[e.name] = pod.name;
    else if (e.valueFrom?.secretKeyRef) {
      const v = secrets[e.valueFrom.secretKeyRef.name]?.[e.valueFrom.secretKeyRef.key];
      if (v === undefined)
        throw new Error(`pod ${pod.name}: secret ${e.valueFrom.secretKeyRef.name} has no key ${e.valueFrom.secretKeyRef.key}`);
      env[e.name] = v;
    } else throw new Error(`pod ${pod.name}: env ${e.name} has a source this simulation does not know`);
  }
  return env;
}

/** Container paths onto local directories, the pod's address onto its loopback stand-in, `$(VAR)` expanded. */
export function localize(argv: readonly string[], mounts: Record<string, string>, env: Record<string, string>, pod: Pod): string[] {
  return argv.map((a) => {
    let s = expand(a, env);
    if (s === '--address=0.0.0.0:6565') return `--address=${pod.address}`;
    for (const [from, to] of Object.entries(mounts)) s = s.replaceAll(`${from}/`, `${to}/`).replace(new RegExp(`^${from}$`), to);
    return s;
  });
}
