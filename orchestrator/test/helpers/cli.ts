/** Runs the real `loadgate` executable as a user would, capturing exit code and output. */
import { execa, type Options } from 'execa';
import { projectPath } from '../../src/paths.ts';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: readonly string[], options: Options = {}): Promise<CliResult> {
  const r = await execa(process.execPath, [projectPath('orchestrator/bin/loadgate.js'), ...args], {
    reject: false,
    timeout: 120_000,
    stdin: 'ignore',
    ...options,
    env: { LOADGATE_LOOPBACK_ONLY: '1', ...options.env },
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
