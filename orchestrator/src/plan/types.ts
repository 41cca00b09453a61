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
  /** Every resolved secret value, so that outputs can redact them. */
  secrets: string[];
}
