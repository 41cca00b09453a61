/**
 * `k6 archive` of one scenario: the bundled script with the options a local run gives it (buildK6Options,
 * through `--config` exactly as the runner passes them), so a runner pod needs nothing but the archive, its
 * env and its args. k6 gets no environment beyond PATH/HOME; only the `-e` values below (no secret) are stored. Nothing is sent: archiving reads files only.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { K6RunError } from '../../errors.ts';
import { PROJECT_ROOT } from '../../paths.ts';
import { scriptOf } from '../../engines/k6/scripts.ts';
import type { K6ScenarioPlan } from '../../plan/types.ts';
import { buildK6Options } from '../../engines/k6/options.ts';
import { archiveEnv } from './manifest.ts';

const ARCHIVE_TIMEOUT_MS = 60_000;

export async function archiveScenario(k6Path: string, plan: K6ScenarioPlan, runId: string): Promise<Buffer> {
  // The scripts read their config at init, which `k6 archive` runs: they get it as `-e` (stored in the archive;
  // a runner's own env overrides every one of them, the key's stand-in included).
  const envArgs = Object.entries(archiveEnv(plan, runId)).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-archive-'));
  try {
    const options = join(dir, 'options.json');
    const out = join(dir, `${plan.id}.tar`);
    await writeFile(options, `${JSON.stringify(buildK6Options(plan, runId), null, 2)}\n`);
    const r = await execa(k6Path, ['archive', '--quiet', '--config', options, ...envArgs, '-O', out, scriptOf(plan.scenario).bundle], {
      reject: false,
      timeout: ARCHIVE_TIMEOUT_MS,
      stdin: 'ignore',
      cwd: PROJECT_ROOT,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, K6_NO_USAGE_REPORT: 'true' },
      extendEnv: false,
    });
    if (r.exitCode !== 0) {
      const why = String(r.stderr).trim().split('\n').at(-1) ?? `exit ${String(r.exitCode)}`;
      throw new K6RunError(`k6 archive of scenario ${plan.id} failed: ${why}`);
    }
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
