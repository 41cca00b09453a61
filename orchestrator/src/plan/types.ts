/**
 * The run plan: inventory + thresholds + profile, resolved into exactly what a run will do. `loadgate plan`
 * prints it (secrets redacted); `loadgate run` executes it. Everything downstream (k6 runner, probes,
 * verdict) takes its input from these types, never from the YAML files directly.
 */
import type { MetricSource } from '../catalog.ts';

/** An HTTP service a scenario drives, resolved from the inventory. */
export interface HttpTarget {
  vm: string;
  service: string;
  host: string;
  port: number;
  tls: boolean;
  /** e.g. `http://127.0.0.20:8001` (no trailing slash). */
  baseUrl: string;
}

export interface RedisTarget {
  vm: string;
  host: string;
  port: number;
  tls: boolean;
  /** Database number, resolved from its name in the inventory (main 0 … codebase 11). */
  db: number;
  dbName: string;
  /** Resolved from the environment variable the inventory references; never written anywhere. */
  password?: string;
  username?: string;
  timeoutMs: number;
}

/** One service health check for the cross-VM probe, preflight and the canary. */
export interface HealthCheck {
  vm: string;
  service: string;
  kind: 'http' | 'redis' | 'tcp';
  host: string;
  port: number;
  tls: boolean;
  critical: boolean;
  timeoutMs: number;
  /** For kind http. */
  http?: { method: string; path: string; expectStatus: number[] };
  /** For kind redis. */
  redis?: { password?: string; username?: string };
}

/** One criterion from thresholds/<scenario>.yaml, with where it was written. */
export interface CriterionPlan {
  /** As written: `fir_step_duration{step:summary}`. */
  selector: string;
  metric: string;
  tags: Record<string, string>;
  expression: string;
  strict: boolean;
  abortOnFail: boolean;
  /** The level its percentile bounds are decided at; null: the point comparison alone (`confidence: none`). */
  confidence: number | null;
  delayAbortEval?: string;
  description?: string;
  /** Who measures it (from the catalog): k6 evaluates `k6` criteria too; loadgate evaluates every one. */
  source: MetricSource;
  file: string;
  line: number;
  /** The part of the run its samples come from, placed in the executor's timeline (plan/window.ts). */
  window?: CriterionWindow;
}

export type ExecutorPlan =
  | { type: 'shared-iterations'; vus: number; iterations: number; maxDuration: string }
  | { type: 'per-vu-iterations'; vus: number; iterations: number; maxDuration: string }
  | { type: 'constant-vus'; vus: number; duration: string }
  | { type: 'ramping-vus'; startVUs: number; stages: Array<{ duration: string; target: number }>; gracefulRampDown?: string }
  | { type: 'constant-arrival-rate'; rate: number; timeUnit: string; duration: string; preAllocatedVUs: number; maxVUs: number }
  | {
      type: 'ramping-arrival-rate';
      startRate: number;
      timeUnit: string;
      preAllocatedVUs: number;
      maxVUs: number;
      stages: Array<{ duration: string; target: number }>;
    };

/** Scenario-specific knobs (turns per conversation, think time, text length, …), from the profile. */
export type Params = Record<string, string | number | boolean>;

/** A generator host reached over ssh (its ssh fields are what generators/ssh.ts connects with). */
export interface SshGeneratorPlan {
  kind: 'ssh';
  name: string;
  host: string;
  /** ssh port (default 22). */
  port: number;
  user: string;
  /** Absolute path; without one ssh uses the agent (SSH_AUTH_SOCK), never a password. */
  identityFile?: string;
  /** Absolute path of the pinned known_hosts file (required: no trust on first use). */
  knownHosts: string;
  /** Where per-run directories are made on the host. */
  workdir: string;
  /** k6 on the host at a path, or `copy`: ship the pinned local build after checking the host's `uname -m`. */
  k6: { copy: true } | { path: string };
  /** Declared cores; when absent the host's own count (read over ssh) judges its CPU. */
  cores?: number;
}

/**
 * Where a k6 scenario's load comes from (docs/distributed.md). `local` is this machine, and the only generator
 * when the inventory has no `generators:` section (loadgate then behaves exactly as a single-machine run).
 * `ssh` is an inventory `generators:` entry, reached over OpenSSH with its host key pinned (generators/ssh.ts).
 */
export type GeneratorPlan = { kind: 'local'; name: 'local' } | SshGeneratorPlan;

/** This machine as a generator. */
export const LOCAL_GENERATOR = { kind: 'local', name: 'local' } as const satisfies GeneratorPlan;

/** One of N equal k6 execution segments (plan/segments.ts computes them). */
export interface Segment {
  /** 1-based position among `count`. */
  index: number;
  count: number;
  /** `0:1/3`, `1/3:2/3`, `2/3:1`. */
  value: string;
  sequence: string;
}

/** What one segment of an executor runs: VUs, and iterations or rate where the executor fixes them. */
export interface SegmentLoad {
  vus: number;
  iterations?: number;
  /** Iterations per the executor's timeUnit (arrival-rate executors: the segment's stripe of the global rate; the peak for a ramp). */
  rate?: number;
}

/** One generator's share of a k6 scenario: its execution segment and what that segment runs. */
export interface SegmentPlan {
  /** A GeneratorPlan's name (`local` or an inventory generator). */
  generator: string;
  segment: Segment;
  load: SegmentLoad;
}

export interface K6ScenarioPlan {
  engine: 'k6';
  /** Unique within the run, e.g. `fir-concurrency-15`. */
  id: string;
  /** The catalog scenario (and the bundled script k6/dist/<scenario>.js). */
  scenario: string;
  executor: ExecutorPlan;
  params: Params;
  /** The HTTP services it drives, by role: `afirgen`, `chat`. */
  targets: Record<string, HttpTarget>;
  /** AFIRGen's API key, resolved from its env reference; never written anywhere. */
  apiKey?: string;
  /** The cheapest health endpoint of the target, polled once a second while the scenario runs. */
  canary?: { vm: string; url: string };
  criteria: CriterionPlan[];
  /** Hard limit for the k6 process; past it: SIGINT, then a forced kill. */
  timeoutMs: number;
  /**
   * One entry per generator serving it, in segment order; `[{ generator: 'local', segment 0:1 }]` without a
   * `generators:` section. Probes and the canary always stay on the orchestrator.
   */
  segments: SegmentPlan[];
}

export interface ProbePlan {
  engine: 'probe';
  id: string;
  /** The catalog kind (its descriptor names its probe: probes/registry.ts). */
  scenario: string;
  params: Params;
  redis?: RedisTarget;
  checks?: HealthCheck[];
  criteria: CriterionPlan[];
  timeoutMs: number;
}

export type ScenarioPlan = K6ScenarioPlan | ProbePlan;

export interface RunPlan {
  profile: string;
  inventory: { file: string; name: string; lab: boolean };
  thresholdsDir: string;
  /** Rounds of the whole scenario list (soak: 5) and the pause between them. */
  rounds: number;
  pauseMs: number;
  scenarios: ScenarioPlan[];
  /** Every generator some k6 scenario is placed on (`local` alone without a `generators:` section). */
  generators: GeneratorPlan[];
  /** Where the run's metrics are streamed live besides its own raw samples (inventory `outputs:`, `--out`); none when absent. */
  outputs?: OutputPlan[];
  /** Every resolved secret value, so that outputs can redact them. */
  secrets: string[];
}

/** The metrics systems an output streams to: Prometheus remote write, or OTLP (docs/observability.md). */
export type OutputType = 'prometheus-rw' | 'opentelemetry';

/** One live metrics output of a run: every k6 process gets it, the probes and the canary push to a remote write. */
export interface OutputPlan {
  type: OutputType;
  /** The remote-write URL, or the OTLP endpoint's URL (`http(s)://host:port[/path]`). */
  url: string;
  /** HTTP headers sent with every push, values resolved from `${ENV}` (redacted like every secret). */
  headers: Record<string, string>;
  /** Where it was declared, for messages: `inventory outputs[0]`, `--out 1`. */
  from: string;
}

/** A criterion's window resolved against the scenario's executor (plan/window.ts): ms after the scenario's start, [from, to). */
export interface CriterionWindow {
  /** As written, one line: `steady`, `steady (warm-up 15 s)`, `30–90 s`, `last 60 s`. */
  written: string;
  fromMs: number;
  toMs: number;
}
