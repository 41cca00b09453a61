/**
 * A copy of the lab configuration whose inventory has a `generators:` section of three hosts on 127.0.0.31–33,
 * with throwaway known_hosts and key files beside it. Only for validate and plan: nothing here connects.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../src/paths.ts';

export const GENERATORS_SECTION = `
generators:
  - name: gen-1
    host: 127.0.0.31
    user: loadgate
    identityFile: keys/id_gen
    knownHosts: known_hosts
    workdir: /var/tmp/loadgate
    k6: copy
  - name: gen-2
    host: 127.0.0.32
    port: 2222
    user: loadgate
    knownHosts: known_hosts
    workdir: /var/tmp/loadgate
    k6: /usr/local/bin/k6
    cores: 4
  - name: gen-3
    host: 127.0.0.33
    user: loadgate
    identityFile: keys/id_gen
    knownHosts: known_hosts
    workdir: /var/tmp/loadgate
    k6: copy
`;

export interface GeneratorConfig {
  dir: string;
  inventory: string;
  thresholdsDir: string;
  profilesFile: string;
  /** Rewrites the inventory (the lab's with GENERATORS_SECTION appended, before any edit). */
  editInventory(change: (text: string) => string): Promise<void>;
  editProfiles(change: (text: string) => string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function generatorConfig(): Promise<GeneratorConfig> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-generators-'));
  const inventory = join(dir, 'inventory.yaml');
  const thresholdsDir = join(dir, 'thresholds');
  const profilesFile = join(dir, 'profiles.yaml');
  const lab = (await readFile(projectPath('lab', 'inventory.yaml'), 'utf8')).replace(
    /\$schema=\S+/,
    `$schema=${projectPath('orchestrator/schemas/inventory.schema.json')}`,
  );
  await writeFile(inventory, lab + GENERATORS_SECTION);
  await cp(projectPath('thresholds'), thresholdsDir, { recursive: true });
  await cp(projectPath('orchestrator', 'profiles.yaml'), profilesFile);
  await writeFile(join(dir, 'known_hosts'), '127.0.0.31 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForPlanningOnly\n', { mode: 0o600 });
  await mkdir(join(dir, 'keys'));
  await writeFile(join(dir, 'keys', 'id_gen'), 'not a key: plan and validate never read it\n', { mode: 0o600 });
  const edit = async (file: string, change: (text: string) => string): Promise<void> =>
    writeFile(file, change(await readFile(file, 'utf8')));
  return {
    dir,
    inventory,
    thresholdsDir,
    profilesFile,
    editInventory: (change) => edit(inventory, change),
    editProfiles: (change) => edit(profilesFile, change),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
