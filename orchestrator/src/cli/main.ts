/**
 * The CLI entry and the one error boundary: the only module that calls process.exit. Everything below it
 * returns an exit code or throws a typed LoadgateError; anything else is an internal error (exit 5) and
 * is reported as one line (with the stack only under LOADGATE_DEBUG=1).
 */
import { EXIT, exitForInterrupt, type ExitCode, type Interrupt } from '../exit-codes.ts';
import { describeError, LoadgateError } from '../errors.ts';
import { killAllChildren } from '../children.ts';
import { removeTempFiles } from '../temp-files.ts';
import { commands } from './commands/index.ts';
import { parseInvocation } from './parse.ts';
import { helpText, versionText } from './help.ts';
import type { CommandContext } from './command.ts';

async function main(argv: readonly string[]): Promise<ExitCode> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: Interrupt): void => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write(`loadgate: ${signal} received, stopping (again to force)\n`);
      controller.abort(signal);
      return;
    }
    // A second interrupt: do not wait for graceful teardown, but still leave no orphan and no temp file behind.
    killAllChildren();
    removeTempFiles();
    process.stderr.write('loadgate: forced exit\n');
    process.exit(exitForInterrupt(signal));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // The last line of defence: an error nothing caught (a stream's unhandled 'error' event) would otherwise
  // kill loadgate with a stack trace and exit 1 — read by CI as a FAIL — and orphan k6 and the lab.
  const onUncaught = (err: unknown): void => {
    killAllChildren();
    removeTempFiles();
    process.stderr.write(`loadgate: internal error: ${describeError(err)}\n`);
    if (process.env['LOADGATE_DEBUG'] === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exit(EXIT.ERROR);
  };
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);

  const ctx: CommandContext = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    signal: controller.signal,
  };
  try {
    const inv = parseInvocation(argv, commands);
    if (inv === 'help') {
      ctx.out(helpText(commands));
      return EXIT.PASS;
    }
    if (inv === 'version') {
      ctx.out(await versionText());
      return EXIT.PASS;
    }
    if (inv.args.values['help'] === true) {
      ctx.out(`usage: ${inv.command.usage}\n\n${inv.command.summary}`);
      return EXIT.PASS;
    }
    return await inv.command.run(inv.args, ctx);
  } catch (err) {
    if (err instanceof LoadgateError) {
      ctx.err(`loadgate: ${err.message}`);
      if (process.env['LOADGATE_DEBUG'] === '1' && err.cause !== undefined) ctx.err(describeError(err.cause));
      return err.exitCode;
    }
    ctx.err(`loadgate: internal error: ${describeError(err)}`);
    if (process.env['LOADGATE_DEBUG'] === '1' && err instanceof Error && err.stack) ctx.err(err.stack);
    return EXIT.ERROR;
  }
}

const code = await main(process.argv.slice(2));
// Let stdout/stderr drain before leaving: process.exit would otherwise cut piped output short.
process.exitCode = code;
killAllChildren();
process.exit(code);
