/** loadgate's own version, from package.json (the CLI's --version and verdict.json's `tools`). */
import { readFile } from 'node:fs/promises';
import { projectPath } from './paths.ts';

export async function loadgateVersion(): Promise<string> {
  const pkg: unknown = JSON.parse(await readFile(projectPath('package.json'), 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'unknown';
}
