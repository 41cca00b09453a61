/**
 * What a CLI command is: a name, a one-line summary for `loadgate help`, its flags (node:util
 * parseArgs format) and a handler that returns the exit code. Handlers never call process.exit.
 */
import type { ParseArgsConfig } from 'node:util';
import type { ExitCode } from '../exit-codes.ts';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  /** Flag values as parseArgs produced them: string, boolean, or arrays for `multiple`. */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface CommandContext {
  /** Where the command writes its normal output (stdout by default, captured in tests). */
  out: (line: string) => void;
  /** Where warnings and progress go (stderr by default). */
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Fires when the user interrupts (SIGINT/SIGTERM); long-running commands stop on it. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  flags: FlagSpec;
  /** Whether the command takes positional arguments (otherwise any positional is a usage error). */
  positionals?: boolean;
  run(args: ParsedArgs, ctx: CommandContext): Promise<ExitCode>;
}

/** Reads a string flag that parseArgs typed as string (or absent). */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a boolean flag. */
export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** Reads a repeatable string flag (`multiple: true`). */
export function listFlag(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}
