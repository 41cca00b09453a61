/**
 * The one interface every engine implements (engines/k6/, engines/probe/), and what the layers above know of
 * an engine: plan (which hosts a scenario sends to, which endpoints preflight must reach), run (a ScenarioRecord)
 * and judge (its own errors and its own load-validity reasons, from the recomputed metrics). The pipeline,
 * preflight and the verdict dispatch through engines/registry.ts and never name an engine.
 */
import type { LiveSink } from './live.ts';
import type { GeneratorPlan, OutputPlan, ScenarioPlan } from '../plan/types.ts';
import type { ScenarioRecord } from '../record.ts';
import type { HostPins } from '../safety/loopback.ts';
import type { TagFilter } from '../samples/reader.ts';
import type { FileTally } from '../samples/per-file.ts';
import type { SampleSink } from '../samples/tee.ts';
import type { CriterionVerdict, MetricStats } from '../scenario-result.ts';
import type { Saturation, StageStats } from '../stage-result.ts';

/** A TCP endpoint a scenario connects to, named for the one-line error (`main/backend`). */
export interface Endpoint {
  label: string;
  host: string;
  port: number;
}

/** What a scenario will reach, known from its plan before anything is sent. */
export interface Reach {
  /** Every host it sends to (the loopback guard and pinHosts judge them). */
  hosts: string[];
  /** Endpoints that must accept a connection before any load (preflight; exit 3 otherwise). */
  required: Endpoint[];
  /** Endpoints it checks whose being down is its finding, not a preflight failure (the cross-vm checks). */
  checked: Endpoint[];
}

/** A run's live metrics outputs (docs/observability.md): what every engine streams besides its raw samples. */
export interface RunOutputs {
  outputs: readonly OutputPlan[];
  /** The `profile` label every metric carries (`run_id`, `scenario` and `generator` are each engine's). */
  profile: string;
  /** Where the probes and the canary push their samples (one per run; never blocks a probe). */
  sink?: SampleSink;
}

export interface EngineRunContext {
  runId: string;
  runDir: string;
  /** The plan entry and the round this run of it is: the record's identity. */
  entry: string;
  round: number;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  pins: HostPins;
  /** One line per start, end and (on a terminal) progress. */
  progress: (line: string) => void;
  interactive: boolean;
  /** k6 exports its web dashboard too (`run --dashboard`); off by default. */
  dashboard?: boolean;
  /** Absent when the run streams its metrics nowhere but its own files. */
  outputs?: RunOutputs;
  /** The live board: one row per running scenario (run/live.ts). */
  live?: LiveSink | undefined;
}

/** An engine made ready for one run (its tools found, its scripts built): runs that run's scenarios. */
export interface EngineRunner<P extends ScenarioPlan> {
  /** The tool's version for verdict.json's `tools` (k6's), when the engine runs an external tool. */
  version?: string;
  run(plan: P, ctx: EngineRunContext): Promise<ScenarioRecord>;
  /**
   * Preflight for the generators this engine's scenarios are placed on (connect, host key, tool present, clock),
   * before anything is sent to a target: a PreflightError (exit 3) names the generator. Only engines that run
   * somewhere else than this machine have it.
   */
  prepareGenerators?(
    generators: readonly GeneratorPlan[],
    run: { runId: string; env: NodeJS.ProcessEnv; progress: (line: string) => void },
  ): Promise<void>;
  /** Ends what prepareGenerators made (connections, remote run directories); never throws; warnings for the verdict. */
  close?(): Promise<string[]>;
}

/** What the engine says about a scenario's load: what it achieved, why it was not delivered. */
export interface LoadJudgement {
  achieved: Record<string, number>;
  reasons: string[];
  /** The generator was saturated: its timings cannot be trusted. */
  untrustworthy: boolean;
  /** Who saturated when the load fell short (arrival-rate executors): `target` keeps the load valid. */
  saturation?: Saturation;
}

/** What the engine says about its own run, beside the criteria. */
export interface RunJudgement {
  /** The engine itself says the run was interrupted. */
  aborted: boolean;
  /** Reasons its numbers cannot be trusted, most important first (an ERROR). */
  errors: string[];
  /** Where the engine's own conclusions and loadgate's recomputation differ, one line each (an ERROR). */
  disagreements: string[];
}

export interface EngineJudge {
  /** Extra tag filters the engine's own conclusions need recomputed (k6's summary selectors). */
  filters(record: ScenarioRecord): TagFilter[];
  /** `stages`: a ramping scenario's per-stage statistics, for telling a saturated target from a saturated generator. */
  /** `phases`: the stages are a constant rate's warm-up and the rest (plan/stages.ts warmupPhases), not a ramp's. */
  load(
    record: ScenarioRecord,
    metrics: Record<string, MetricStats>,
    wallSeconds: number,
    stages?: readonly StageStats[],
    phases?: boolean,
  ): LoadJudgement;
  /**
   * `stoppers`: strict abortOnFail criteria that failed, which explain a run the engine cut short. Criteria the
   * engine evaluated itself get its conclusion attached (`engineOk`, `disagreement`). `perFile`: each sample
   * file's own tallies (keyed as in `record.samples`), when the record has several files.
   */
  run(
    record: ScenarioRecord,
    criteria: CriterionVerdict[],
    metrics: Record<string, MetricStats> | undefined,
    stoppers: number,
    perFile?: ReadonlyMap<string, ReadonlyMap<string, FileTally>>,
  ): RunJudgement;
  /** Extras for the scenario's `details` in verdict.json. */
  details(record: ScenarioRecord): Record<string, unknown>;
  /** Lines for the verdict's warnings (a generator's clock offset, the start skew across generators). */
  warnings?(record: ScenarioRecord): string[];
}

export interface Engine<P extends ScenarioPlan> {
  readonly name: P['engine'];
  reach(plan: P): Reach;
  /** Once per run, before the first scenario and only when the plan has one of this engine's: tools, scripts. */
  prepare(env: NodeJS.ProcessEnv): Promise<EngineRunner<P>>;
  readonly judge: EngineJudge;
}
