import { EXIT } from '../../exit-codes.ts';
import { startLab } from '../../lab/process.ts';
import { boolFlag, stringFlag, type Command } from '../command.ts';
import { LabError, UsageError } from '../../errors.ts';

function numberFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`lab: --${name} '${value}' is not a non-negative number`);
  return n;
}

/** `loadgate lab`: the lab in the foreground until Ctrl-C (or SIGTERM); its ready line is relayed on stdout. */
export const lab: Command = {
  name: 'lab',
  summary: 'run the embedded lab (AutoBot + AFIRGen on six loopback addresses, real redis-server) until interrupted',
  usage: 'loadgate lab [--run-dir <dir>] [--time-scale <x>] [--deterministic] [--seed <n>] [--zero-delay] [--config <file>] [--quirks]',
  flags: {
    'run-dir': { type: 'string' },
    'time-scale': { type: 'string' },
    deterministic: { type: 'boolean' },
    seed: { type: 'string' },
    'zero-delay': { type: 'boolean' },
    config: { type: 'string' },
    quirks: { type: 'boolean' },
  },
  async run(args, ctx) {
    const handle = await startLab({
      runDir: stringFlag(args, 'run-dir'),
      timeScale: numberFlag(stringFlag(args, 'time-scale'), 'time-scale'),
      deterministic: boolFlag(args, 'deterministic'),
      seed: numberFlag(stringFlag(args, 'seed'), 'seed'),
      zeroDelay: boolFlag(args, 'zero-delay'),
      configFile: stringFlag(args, 'config'),
      quirks: boolFlag(args, 'quirks'),
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
