/**
 * The files a generator's ssh connection needs on this machine: its pinned known_hosts (required) and its
 * identity file (when given). A missing one is a configuration error naming the field, found by `validate`,
 * rather than an ssh failure at preflight that only says "host key verification failed".
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { errnoCode, type ConfigProblem } from '../../errors.ts';
import { inventoryPath } from '../generators.ts';
import type { InventorySpec } from '../schema/inventory.ts';
import type { Locator } from '../schema/validate.ts';

const WHAT = {
  knownHosts: 'the pinned host keys: ssh-keyscan the host once over a trusted path, check its fingerprint',
  identityFile: 'the private key ssh offers; leave the field out to use ssh-agent',
} as const;

async function fileProblem(path: string): Promise<string | undefined> {
  try {
    if (!(await stat(path)).isFile()) return `${path} is not a regular file`;
    await access(path, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = errnoCode(err);
    return code === 'ENOENT' ? `no such file ${path}` : `cannot read ${path}: ${code ?? String(err)}`;
  }
}

export async function generatorFileProblems(inv: InventorySpec, inventoryFile: string, at: Locator): Promise<ConfigProblem[]> {
  const checks = (inv.generators ?? []).flatMap((g, i) =>
    (['knownHosts', 'identityFile'] as const).flatMap((field) => {
      const written = g[field];
      if (written === undefined) return [];
      return [
        fileProblem(inventoryPath(inventoryFile, written)).then((p) =>
          p === undefined ? [] : [at(['generators', i, field], `${field}: ${p} (${WHAT[field]})`)],
        ),
      ];
    }),
  );
  return (await Promise.all(checks)).flat();
}
