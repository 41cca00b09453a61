import { loadgateVersion } from '../version.ts';
import type { Command } from './command.ts';

export function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['usage: loadgate <command> [flags]', '', 'commands:', ...rows, '', "'loadgate <command> --help' shows a command's flags."].join(
    '\n',
  );
}

export async function versionText(): Promise<string> {
  return `loadgate ${await loadgateVersion()}`;
}
