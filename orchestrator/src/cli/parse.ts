/**
 * Command-line parsing: picks the command, parses its flags strictly, and turns every parseArgs
 * complaint into a one-line UsageError that names the offending word.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';
import type { Command, ParsedArgs } from './command.ts';

export interface Invocation {
  command: Command;
  args: ParsedArgs;
}

export function parseInvocation(argv: readonly string[], commands: readonly Command[]): Invocation | 'help' | 'version' {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return 'help';
  if (name === '--version' || name === '-V') return 'version';
  const command = commands.find((c) => c.name === name);
  if (!command) {
    throw new UsageError(`unknown command '${name}' (try 'loadgate help')`);
  }
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: { ...command.flags, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: command.positionals === true,
    });
    return { command, args: { values: { ...parsed.values }, positionals: parsed.positionals } };
  } catch (err) {
    throw new UsageError(`${command.name}: ${parseArgsMessage(err)} (usage: ${command.usage})`, { cause: err });
  }
}

/** parseArgs' messages run over several sentences; keep the first and the flag it names. */
function parseArgsMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const unknown = /Unknown option '([^']+)'/.exec(text);
  if (unknown) return `unknown flag '${unknown[1] ?? ''}'`;
  const positional = /Unexpected argument '([^']+)'/.exec(text);
  if (positional) return `unexpected argument '${positional[1] ?? ''}'`;
  const first = text.split(/(?<=\.)\s/)[0] ?? text;
  return first.replace(/\.$/, '');
}
