/** The lab's command line. Secrets never come through here: the Redis password is read from the environment. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FlagError } from './errors.ts';
import { DEFAULT_CONTROL_PORT, MAX_GENERATOR_HOSTS } from './topology.ts';

export interface LabFlags {
  runDir: string | undefined;
  timeScale: number | undefined;
  deterministic: boolean;
  seed: number | undefined;
  zeroDelay: boolean;
  configFile: string | undefined;
  quirks: boolean;
  controlPort: number;
  /** Rehearsal generator hosts (real sshd on 127.0.0.31…) to start beside the VMs; 0 for none. */
  generators: number;
}

export const USAGE =
  'usage: node --import tsx lab/src/main.ts [--run-dir <dir>] [--time-scale <x>] [--deterministic] [--seed <n>] ' +
  '[--zero-delay] [--config <file.json>] [--quirks] [--control-port <port>] [--generators <n>]   (env: AFIRGEN_API_KEY, LAB_REDIS_PASSWORD)';

function number(v: string | undefined, name: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new FlagError(`--${name}: '${v}' is not a ${integer ? 'non-negative integer' : 'non-negative number'}`);
  }
  return n;
}

/** The lab's flags, shared with `loadgate lab` so both accept exactly the same command line. */
export const LAB_FLAG_SPEC = {
  'run-dir': { type: 'string' },
  'time-scale': { type: 'string' },
  deterministic: { type: 'boolean' },
  seed: { type: 'string' },
  'zero-delay': { type: 'boolean' },
  config: { type: 'string' },
  quirks: { type: 'boolean' },
  'control-port': { type: 'string' },
  generators: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Checks and converts flag values as parseArgs produced them from LAB_FLAG_SPEC; FlagError names the flag. */
export function labFlagsFromValues(values: Readonly<Record<string, unknown>>): LabFlags {
  const str = (k: keyof typeof LAB_FLAG_SPEC): string | undefined => {
    const v = values[k];
    return typeof v === 'string' ? v : undefined;
  };
  const port = number(str('control-port'), 'control-port', true) ?? DEFAULT_CONTROL_PORT;
  if (port > 65535) throw new FlagError('--control-port: must be at most 65535');
  const generators = number(str('generators'), 'generators', true) ?? 0;
  if (generators > MAX_GENERATOR_HOSTS) throw new FlagError(`--generators: must be at most ${MAX_GENERATOR_HOSTS}`);
  return {
    runDir: str('run-dir'),
    timeScale: number(str('time-scale'), 'time-scale', false),
    deterministic: values['deterministic'] === true,
    seed: number(str('seed'), 'seed', true),
    zeroDelay: values['zero-delay'] === true,
    configFile: str('config'),
    quirks: values['quirks'] === true,
    controlPort: port,
    generators,
  };
}

export function parseLabFlags(argv: readonly string[]): LabFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: LAB_FLAG_SPEC }).values;
  } catch (err) {
    throw new FlagError(`${err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err)} (${USAGE})`);
  }
  return labFlagsFromValues(values);
}
