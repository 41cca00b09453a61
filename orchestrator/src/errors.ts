/**
 * Typed errors. Modules throw these; only the CLI entry (cli/main.ts) turns them into a message and an
 * exit code. Each keeps the error that caused it as `cause`, so nothing is lost for --debug.
 */
import { EXIT, type ExitCode } from './exit-codes.ts';

export abstract class LoadgateError extends Error {
  abstract readonly exitCode: ExitCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command line: unknown command or flag, missing argument. */
export class UsageError extends LoadgateError {
  readonly exitCode = EXIT.USAGE;
}

/** One configuration problem, located in a file. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  /** JSON-pointer-like path inside the document, e.g. `/vms/2/services/0/port`; empty for the whole file. */
  path: string;
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.col}  ${p.path || '/'}  ${p.message}`;
}

/** Invalid configuration (inventory, thresholds, profiles, flags' values): all problems at once. */
export class ConfigError extends LoadgateError {
  readonly exitCode = EXIT.USAGE;
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    super(problems.map(formatProblem).join('\n'), options);
    this.problems = problems;
  }
}

/** The target did not answer before any load was sent. */
export class PreflightError extends LoadgateError {
  readonly exitCode = EXIT.PREFLIGHT;
}

/** A required tool (k6, redis-server, go) is missing or unusable. */
export class ToolError extends LoadgateError {
  readonly exitCode = EXIT.USAGE;
}

/** LOADGATE_LOOPBACK_ONLY=1 refused a non-loopback target at the point of sending: nothing was sent. */
export class LoopbackRefusedError extends LoadgateError {
  readonly exitCode = EXIT.USAGE;
  /**
   * What was refused, without the message's "nothing was sent": that is only true before the run's first
   * packet, so a refusal after preflight has connected is reported with this instead (pipeline.ts).
   */
  readonly refusal: string;
  constructor(refusal: string, options?: { cause?: unknown }) {
    super(`${refusal}; nothing was sent`, options);
    this.refusal = refusal;
  }
}

/** A native probe could not run at all (as opposed to running and failing its criteria). */
export class ProbeError extends LoadgateError {
  readonly exitCode = EXIT.ERROR;
}

/** k6 could not be started, crashed, or produced output we cannot trust. */
export class K6RunError extends LoadgateError {
  readonly exitCode = EXIT.ERROR;
}

/** The lab could not start or stop cleanly. */
export class LabError extends LoadgateError {
  readonly exitCode = EXIT.ERROR;
}

/** Writing or reading a run directory failed (disk full, permissions, corrupt file). */
export class ResultsError extends LoadgateError {
  readonly exitCode = EXIT.ERROR;
}

/** A run directory or verdict the user named (report, compare, --baseline) is missing or not a verdict. */
export class VerdictInputError extends LoadgateError {
  readonly exitCode = EXIT.USAGE;
}

/** The errno code of a failed system call (`ENOSPC`, `EEXIST`…), read without trusting the value's type. */
export function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Human-readable text of any thrown value, for the one-line error. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
