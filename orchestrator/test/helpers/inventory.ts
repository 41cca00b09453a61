/** Inventories for tests that run against a server of their own instead of the lab. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectPath } from '../../src/paths.ts';

/** The lab's inventory turned into a plain one (`lab: false`) whose AFIRGen is `host`:`port`; its path. */
export async function afirgenInventory(dir: string, port: number, host = '127.0.0.1'): Promise<string> {
  const inv = (await readFile(projectPath('lab/inventory.yaml'), 'utf8'))
    .replace(/^lab: true$/m, 'lab: false')
    .replace('host: 127.0.0.20', `host: ${host}`)
    .replace(/port: 8000\b/, `port: ${port}`)
    .replace(/\$schema=\S+/, `$schema=${projectPath('orchestrator/schemas/inventory.schema.json')}`);
  const path = join(dir, 'inventory.yaml');
  await writeFile(path, inv);
  return path;
}
