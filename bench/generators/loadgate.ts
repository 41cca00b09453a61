/**
 * loadgate itself: the real bundled chat scripts (k6/dist/chat-open.js for a fixed arrival rate, chat.js for
 * the closed-model maximum) run by k6 exactly as the k6 runner runs them — the same options.json
 * (buildK6Options), the same environment (buildK6Env, k6Paths), the same flags (raw samples to
 * samples.json.gz, --quiet; the web dashboard only in its opt-in reference row) — but under the bench's meter,
 * which measures the whole process's CPU and RSS until it exits. Figures come from the script's summary.json (k6's http_req_duration, fractional ms).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildK6Env } from '../../orchestrator/src/engines/k6/env.ts';
import { buildK6Options } from '../../orchestrator/src/engines/k6/options.ts';
import { k6Paths } from '../../orchestrator/src/engines/k6/prepare.ts';
import { K6_DIST_DIR, PROJECT_ROOT } from '../../orchestrator/src/paths.ts';
import type { ExecutorPlan, K6ScenarioPlan } from '../../orchestrator/src/plan/types.ts';
import { placeOn } from '../../orchestrator/src/plan/segments.ts';
import { findK6 } from '../../orchestrator/src/toolchain.ts';
import { measure } from '../lib/proc.ts';
import type { Backend, Generator, GeneratorRun, LoadShape } from './types.ts';
import { runTimeoutMs } from './types.ts';
import { k6Run, projectK6 } from './k6-bare.ts';

export interface K6ChatRun {
  run: GeneratorRun;
  /** The run's directory: options.json, samples.json.gz, summary.json. */
  dir: string;
  summary: Record<string, Record<string, number>>;
}

function executorFor(shape: LoadShape): { scenario: string; executor: ExecutorPlan } {
  if (shape.kind === 'rate') {
    // Zero-delay answers take ~1 ms: a few VUs suffice; maxVUs is headroom for a stalled moment.
    return {
      scenario: 'chat-open',
      executor: {
        type: 'constant-arrival-rate',
        rate: shape.rate,
        timeUnit: '1s',
        duration: `${shape.seconds}s`,
        preAllocatedVUs: 50,
        maxVUs: 400,
      },
    };
  }
  return { scenario: 'chat', executor: { type: 'constant-vus', vus: shape.connections, duration: `${shape.seconds}s` } };
}

/**
 * What k6 writes beside its summary: `samples` (the raw-sample file loadgate always keeps; off only in a
 * reference row: the verdict is recomputed from those samples) and `dashboard` (`run --dashboard`, opt-in).
 */
export interface K6ChatOutputs {
  samples: boolean;
  dashboard: boolean;
}

/** As `loadgate run` runs k6: raw samples, no dashboard. */
export const AS_RUN: K6ChatOutputs = { samples: true, dashboard: false };

/** Runs one k6 chat scenario as the runner would and measures it. Also used by the measurement-truth section. */
export async function runK6Chat(
  shape: LoadShape,
  target: Backend,
  workDir: string,
  id: string,
  outputs: K6ChatOutputs = AS_RUN,
): Promise<K6ChatRun> {
  const k6 = await findK6();
  if (!k6.path) throw new Error(`k6 not found: ${k6.remedy}`);
  const { scenario, executor } = executorFor(shape);
  const plan: K6ScenarioPlan = {
    engine: 'k6',
    id,
    scenario,
    executor,
    // One turn per iteration, no think time: every iteration is exactly one POST /api/chat.
    params: { turns: 1, thinkTimeMs: 0 },
    targets: {
      chat: {
        vm: target.vm,
        service: 'backend',
        host: new URL(target.baseUrl).hostname,
        port: Number(new URL(target.baseUrl).port),
        tls: false,
        baseUrl: target.baseUrl,
      },
    },
    criteria: [],
    timeoutMs: runTimeoutMs(shape),
    segments: placeOn(executor, ['local']),
  };
  const runId = `bench-${id}`;
  const dir = join(workDir, 'k6', id);
  await mkdir(dir, { recursive: true });
  const file = (name: string): string => join(dir, name);
  await writeFile(file('options.json'), `${JSON.stringify(buildK6Options(plan, runId), null, 2)}\n`);
  const env = buildK6Env(plan, runId, k6Paths(dir, outputs.dashboard), process.env);
  const args = [
    'run',
    '--config',
    file('options.json'),
    ...(outputs.samples ? ['--out', `json=${file('samples.json.gz')}`] : []),
    '--no-color',
    '--quiet',
    join(K6_DIST_DIR, `${scenario}.js`),
  ];
  const m = await measure({ bin: k6.path, args, env, extendEnv: false, cwd: PROJECT_ROOT, timeoutMs: plan.timeoutMs });
  await writeFile(file('stdout.log'), m.stdout);
  await writeFile(file('stderr.log'), m.stderr);
  const { run, summary } = await k6Run(file('summary.json'), shape, m);
  return { dir, summary, run };
}

/**
 * loadgate's k6 scenarios are chat and FIR flows; no scenario loads a health check (the canary polls one
 * natively, once a second), so its rows exist only for POST /api/chat.
 */
const CHAT_ONLY: Pick<Generator, 'endpoints' | 'notApplicable'> = {
  endpoints: ['chat'],
  notApplicable: "no loadgate scenario loads a health check (its canary polls one once a second); the bare k6 row shows k6's cost there",
};

/** A reference row: the row's k6 run with other outputs, named by `id` (the k6 directory in the work dir). */
function k6ChatRow(name: string, rateNote: string, id: string, outputs: K6ChatOutputs): Generator {
  return {
    name,
    rateNote,
    ...projectK6,
    ...CHAT_ONLY,
    async run(shape, target, workDir) {
      return (await runK6Chat(shape, target, workDir, `${id}-${shape.kind === 'rate' ? 'rate' : 'max'}`, outputs)).run;
    },
  };
}

export const loadgateGenerator = k6ChatRow(
  'loadgate (k6 chat scenario)',
  'k6 constant-arrival-rate (open model), chat-open.js',
  'chat',
  AS_RUN,
);

export const loadgateDashboardGenerator = k6ChatRow(
  'loadgate run --dashboard (reference)',
  "as loadgate, plus k6's web-dashboard export (opt-in)",
  'chat-dashboard',
  { samples: true, dashboard: true },
);

export const loadgateNoOutputsGenerator = k6ChatRow(
  'loadgate chat script, no raw samples (reference)',
  'as loadgate, without --out json',
  'chat-bare',
  { samples: false, dashboard: false },
);
