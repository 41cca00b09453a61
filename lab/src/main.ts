/**
 * The lab's entry: `node --import tsx lab/src/main.ts [flags]`. Prints exactly one `ready …` line on stdout
 * once every listener answers; logs go to stderr and, with --run-dir, to <run-dir>/lab.log. SIGINT/SIGTERM
 * stop everything (redis-server too) and exit 0.
 *
 * The one error boundary and the only process.exit of the lab (the orchestrator's cli/main.ts pattern): below
 * it, modules throw a LabFailure (errors.ts) and this prints its message as one line and exits with its class's
 * code — 2 for a bad flag or config file, 3 for a service that cannot start; anything else is an internal
 * error (5), with the stack only under LOADGATE_DEBUG=1.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, LAB_EXIT, LabFailure, type LabExitCode } from './errors.ts';
import { parseLabFlags } from './flags.ts';
import { startLab } from './lab.ts';

type Stop = 'SIGINT' | 'SIGTERM';

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<LabExitCode> {
  const flags = parseLabFlags(argv);
  const logFile = flags.runDir !== undefined ? join(flags.runDir, 'lab.log') : undefined;
  const log = (line: string): void => {
    const text = `${new Date().toISOString()} ${line}\n`;
    process.stderr.write(text);
    if (logFile !== undefined) {
      try {
        appendFileSync(logFile, text);
      } catch {
        // The run dir may be gone at the very end; stderr still has the line.
      }
    }
  };

  // The first signal asks for a stop (later ones are ignored). One arriving while the lab is still starting is
  // honoured once start-up has finished, so what had been started is stopped rather than orphaned.
  let stopRequested: Stop | undefined;
  const stop = new Promise<Stop>((resolve) => {
    const onSignal = (signal: Stop): void => {
      if (stopRequested !== undefined) return;
      stopRequested = signal;
      log(`lab: ${signal} received, stopping`);
      resolve(signal);
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  });

  const t0 = performance.now();
  const lab = await startLab(flags, env, log);
  if (stopRequested === undefined) {
    log(`lab: ready in ${Math.round(performance.now() - t0)} ms (redis-server pid ${lab.redisPid})`);
    process.stdout.write(`${lab.readyLine}\n`);
    await stop;
  }
  await lab.stop();
  log('lab: stopped');
  return LAB_EXIT.STOPPED;
}

function report(err: unknown, env: NodeJS.ProcessEnv): LabExitCode {
  const debug = env['LOADGATE_DEBUG'] === '1';
  if (err instanceof LabFailure) {
    process.stderr.write(`lab: ${err.message}\n`);
    if (debug && err.cause !== undefined) process.stderr.write(`${describeError(err.cause)}\n`);
    return err.exitCode;
  }
  process.stderr.write(`lab: internal error: ${describeError(err)}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return LAB_EXIT.INTERNAL;
}

const code = await main(process.argv.slice(2), process.env).catch((err: unknown) => report(err, process.env));
process.exit(code);
