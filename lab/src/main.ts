/**
 * The lab's entry: `node --import tsx lab/src/main.ts [flags]`. Prints exactly one `ready …` line on stdout
 * once every listener answers; logs go to stderr and, with --run-dir, to <run-dir>/lab.log. SIGINT/SIGTERM
 * stop everything (redis-server too) and exit 0. Start-up failures print one line and exit 2.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInput } from './faults.ts';
import { parseLabFlags } from './flags.ts';
import { startLab, type RunningLab } from './lab.ts';
import { LabStartError } from './redis-server.ts';

function fail(message: string): never {
  process.stderr.write(`lab: ${message}\n`);
  process.exit(2);
}

let flags;
try {
  flags = parseLabFlags(process.argv.slice(2));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
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

let lab: RunningLab | undefined;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`lab: ${signal} received, stopping`);
  // Still starting: the start-up path sees `stopping` and undoes what it started.
  if (!lab) return;
  await lab?.stop();
  log('lab: stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const t0 = performance.now();
try {
  lab = await startLab(flags, process.env, log);
} catch (err) {
  if (err instanceof LabStartError || err instanceof BadInput) fail(err.message);
  fail(`could not start: ${err instanceof Error ? err.message : String(err)}`);
}
if (stopping) {
  await lab.stop();
  process.exit(0);
}
log(`lab: ready in ${Math.round(performance.now() - t0)} ms (redis-server pid ${lab.redisPid})`);
process.stdout.write(`${lab.readyLine}\n`);
