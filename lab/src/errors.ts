/**
 * The lab's typed errors and exit codes, on the orchestrator's pattern (orchestrator/src/errors.ts): modules
 * throw a LabFailure with the error that caused it as `cause`; only main.ts's top level turns one into a
 * one-line message and its class's exit code. The lab is a separate package tree (the orchestrator imports
 * its types), so it keeps its own small table rather than importing the orchestrator's, whose codes speak of
 * verdicts and preflight.
 */

/** What the lab process exits with (docs/lab.md lists them). */
export const LAB_EXIT = {
  /** Stopped by SIGINT or SIGTERM, everything it started stopped with it. */
  STOPPED: 0,
  /** A bad flag or config file: nothing was started. */
  USAGE: 2,
  /** A service could not start (an address in use, no redis-server, a listener that never answered): what had started is stopped. */
  START: 3,
  /** Anything else: a bug in the lab. */
  INTERNAL: 5,
} as const;

export type LabExitCode = (typeof LAB_EXIT)[keyof typeof LAB_EXIT];

export abstract class LabFailure extends Error {
  abstract readonly exitCode: LabExitCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A bad command-line flag or flag value; the message names the flag. */
export class FlagError extends LabFailure {
  readonly exitCode = LAB_EXIT.USAGE;
}

/** Input that does not fit: the config file (the message names file.field) or a control request body (answered 400). */
export class BadInput extends LabFailure {
  readonly exitCode = LAB_EXIT.USAGE;
}

/** A service, redis-server or a generator host could not be started. */
export class LabStartError extends LabFailure {
  readonly exitCode = LAB_EXIT.START;
}

/** Human-readable text of any thrown value, for the one-line message. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
