/**
 * A run's live metrics outputs around its scenarios (docs/observability.md): reached at preflight (an output that
 * cannot be reached → exit 3 naming it, before any load), the probes' and canary's remote write started and
 * closed, and whatever failed mid-run turned into the verdict's warnings — never a lost verdict, because the
 * run's own files are the source of truth and every output only mirrors them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PreflightError } from '../errors.ts';
import type { RunOutputs } from '../engines/engine.ts';
import type { OutputPlan, RunPlan } from '../plan/types.ts';
import { createRemoteWrite, type RemoteWrite } from '../probes/remote-write.ts';
import type { ScenarioRecord } from '../record.ts';
import { assertLoopbackTargets } from '../safety/loopback.ts';
import { redact } from '../safety/redact.ts';
import { tcpReachable } from './preflight.ts';

export interface LiveOutputs {
  run: RunOutputs;
  /** Pushes what is left; the warnings of everything that went wrong while streaming. */
  close(records: readonly ScenarioRecord[], runDir: string): Promise<string[]>;
}

export function endpointOf(o: OutputPlan): { host: string; port: number } {
  const url = new URL(o.url);
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

/** Every output must accept a TCP connection before any load: exit 3 naming the ones that do not. */
export async function preflightOutputs(plan: RunPlan, env: NodeJS.ProcessEnv, timeoutMs = 3000): Promise<void> {
  const outputs = plan.outputs ?? [];
  assertLoopbackTargets(
    'preflight of the outputs',
    outputs.map((o) => endpointOf(o).host),
    env,
  );
  const problems = await Promise.all(
    outputs.map(async (o) => ({ o, problem: await tcpReachable(endpointOf(o).host, endpointOf(o).port, timeoutMs) })),
  );
  const failed = problems.filter((p) => p.problem !== undefined);
  if (failed.length > 0)
    throw new PreflightError(
      redact(
        `preflight failed, nothing was sent: unreachable output ${failed.map((f) => `${f.o.type} ${f.o.url} (${f.o.from}: ${f.problem ?? ''})`).join(', ')}`,
        plan.secrets,
      ),
    );
}

/** The run's outputs for the engines, and the probes' remote write when there is a prometheus-rw output. */
export function startOutputs(plan: RunPlan, env: NodeJS.ProcessEnv): LiveOutputs | undefined {
  const outputs = plan.outputs ?? [];
  if (outputs.length === 0) return undefined;
  const rw = outputs.find((o) => o.type === 'prometheus-rw');
  const push: RemoteWrite | undefined = rw ? createRemoteWrite(rw, { env, secrets: plan.secrets }) : undefined;
  return {
    run: { outputs, profile: plan.profile, ...(push ? { sink: push } : {}) },
    async close(records, runDir) {
      await push?.close();
      return [...(push?.warnings() ?? []), ...(await k6OutputWarnings(records, runDir, plan.secrets))];
    },
  };
}

/** k6 logs a failed push and goes on (`output="Prometheus remote write"`, OpenTelemetry's errors): one warning per scenario. */
export async function k6OutputWarnings(records: readonly ScenarioRecord[], runDir: string, secrets: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of records) {
    for (const [role, rel] of Object.entries(r.artifacts)) {
      if (role !== 'stderr' && !role.startsWith('stderr@')) continue;
      const text = await readFile(join(runDir, rel), 'utf8').catch(() => '');
      const lines = text.split('\n').filter((l) => /level=(error|warning)/.test(l) && /output=|OpenTelemetry|remote write/i.test(l));
      if (lines.length > 0)
        out.push(
          redact(
            `${r.id}: k6's metrics output reported ${lines.length} problem(s) (first: ${lines[0]?.trim().slice(0, 300) ?? ''}); the run's own files are complete`,
            secrets,
          ),
        );
    }
  }
  return out;
}
