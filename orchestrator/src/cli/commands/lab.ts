import { EXIT } from '../../exit-codes.ts';
import { startLab } from '../../lab/process.ts';
import { FlagError } from '../../../../lab/src/errors.ts';
import { LAB_FLAG_SPEC, labFlagsFromValues, type LabFlags } from '../../../../lab/src/flags.ts';
import type { Command, ParsedArgs } from '../command.ts';
import { LabError, UsageError } from '../../errors.ts';

/** The lab's own flag parser: one definition of what `--seed` or `--control-port` accepts. */
function labFlags(args: ParsedArgs): LabFlags {
  try {
    return labFlagsFromValues(args.values);
  } catch (err) {
    if (err instanceof FlagError) throw new UsageError(`lab: ${err.message}`);
    throw err;
  }
}

/** `loadgate lab`: the lab in the foreground until Ctrl-C (or SIGTERM); its ready line is relayed on stdout. */
export const lab: Command = {
  name: 'lab',
  summary: 'run the embedded lab (AutoBot + AFIRGen on six loopback addresses, real redis-server) until interrupted',
  usage:
    'loadgate lab [--run-dir <dir>] [--time-scale <x>] [--deterministic] [--seed <n>] [--zero-delay] [--config <file>] [--quirks] [--control-port <port>]',
  flags: LAB_FLAG_SPEC,
  async run(args, ctx) {
    const flags = labFlags(args);
    const handle = await startLab({
      runDir: flags.runDir,
      timeScale: flags.timeScale,
      deterministic: flags.deterministic,
      seed: flags.seed,
      zeroDelay: flags.zeroDelay,
      configFile: flags.configFile,
      quirks: flags.quirks,
      controlPort: flags.controlPort,
      env: ctx.env,
      signal: ctx.signal,
      onLog: (line) => ctx.err(line),
    });
    ctx.out(handle.readyLine);
    ctx.err(`lab: running (pid ${handle.pid}); Ctrl-C stops it`);
    const outcome = await new Promise<'interrupted' | 'exited'>((resolve) => {
      if (ctx.signal.aborted) return resolve('interrupted');
      ctx.signal.addEventListener('abort', () => resolve('interrupted'), { once: true });
      void handle.exited.then(() => resolve('exited'));
    });
    if (outcome === 'exited') throw new LabError(`the lab exited on its own (code ${String(await handle.exited)})`);
    await handle.stop();
    return EXIT.PASS;
  },
};
