import { readFile } from 'node:fs/promises';
import { projectPath } from '../paths.ts';
import type { Command } from './command.ts';

export function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['usage: loadgate <command> [flags]', '', 'commands:', ...rows, '', "'loadgate <command> --help' shows a command's flags."].join(
    '\n',
  );
}

export async function versionText(): Promise<string> {
  const pkg: unknown = JSON.parse(await readFile(projectPath('package.json'), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'unknown';
  return `loadgate ${version}`;
}
