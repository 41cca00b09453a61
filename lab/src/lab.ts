/**
 * Starting and stopping the whole lab: check every address first (a taken port fails before anything
 * starts), start redis-server, bundle and start the service workers, start the control endpoint, and poll
 * every listener until it answers. `stop()` undoes all of it, Redis included, and removes the temp dirs.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { applyConfigDocument, defaultConfig, type LabConfig } from './config.ts';
import { startControl } from './control.ts';
import { BadInput, describeError, FlagError, LabStartError } from './errors.ts';
import type { Fault } from './faults.ts';
import type { LabFlags } from './flags.ts';
import { GroundTruthSink } from './ground-truth.ts';
import { startGeneratorHosts } from './generator-hosts.ts';
import { findRedisServer, startRedis } from './redis-server.ts';
import { bundleWorker, Supervisor } from './supervisor.ts';
import { labDirPrefix, sweepStaleLabDirs } from './temp-dirs.ts';
import { CONTROL_HOST, REDIS_ENDPOINT, SERVICES, VM_ADDRESSES } from './topology.ts';

/** The default AFIRGen key when AFIRGEN_API_KEY is unset (lab/inventory.yaml uses the same default). */
export const DEFAULT_AFIRGEN_API_KEY = 'loadgate-lab-key';

export interface RunningLab {
  readyLine: string;
  controlUrl: string;
  redisPid: number;
  stop(): Promise<void>;
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

function answers(host: string, port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', timeout: 500 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) > 0);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function loadConfig(flags: LabFlags): Promise<{ config: LabConfig; faults: Fault[] }> {
  let config = defaultConfig(flags.timeScale);
  const base = { deterministic: flags.deterministic, zeroDelay: flags.zeroDelay, quirks: flags.quirks, seed: flags.seed ?? 1 };
  config = { ...config, ...base };
  let faults: Fault[] = [];
  if (flags.configFile !== undefined) {
    let text: string;
    try {
      text = await readFile(flags.configFile, 'utf8');
    } catch (err) {
      throw new BadInput(`--config ${flags.configFile}: ${describeError(err)}`, { cause: err });
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new BadInput(`--config ${flags.configFile}: not valid JSON`, { cause: err });
    }
    ({ config, faults } = applyConfigDocument(config, doc, flags.configFile));
    // Flags win over the file for the switches they name.
    if (flags.quirks) config = { ...config, quirks: true };
    if (flags.seed !== undefined) config = { ...config, seed: flags.seed };
  }
  return { config, faults };
}

export async function startLab(flags: LabFlags, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<RunningLab> {
  const { config, faults } = await loadConfig(flags);
  const redisBinary = await findRedisServer(env);
  const wanted = [
    ...SERVICES.map((s) => ({ host: s.host, port: s.port })),
    REDIS_ENDPOINT,
    { host: CONTROL_HOST, port: flags.controlPort },
  ];
  for (const w of wanted) {
    if (w.port !== 0 && !(await portFree(w.host, w.port))) throw new LabStartError(`${w.host}:${w.port} is already in use`);
  }
  if (flags.runDir !== undefined) {
    const runDir = flags.runDir;
    await mkdir(runDir, { recursive: true }).catch((err: unknown) => {
      throw new FlagError(`--run-dir ${runDir}: ${describeError(err)}`, { cause: err });
    });
  }
  const swept = await sweepStaleLabDirs();
  if (swept.length > 0) log(`lab: removed ${swept.length} temp dir(s) left by labs that were killed`);
  const work = await mkdtemp(labDirPrefix('work'));
  const cleanups: (() => Promise<void>)[] = [() => rm(work, { recursive: true, force: true })];
  const undo = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    const password = env['LAB_REDIS_PASSWORD'] || undefined;
    const [redis, bundle] = await Promise.all([startRedis(redisBinary, password, log), bundleWorker(work)]);
    cleanups.push(() => redis.stop());
    const gt = new GroundTruthSink(flags.runDir !== undefined ? join(flags.runDir, 'ground-truth.jsonl') : undefined);
    cleanups.push(() => gt.close());
    const supervisor = new Supervisor(config, redis, gt, log);
    cleanups.push(() => supervisor.stop());
    const apiKey = env['AFIRGEN_API_KEY'] || DEFAULT_AFIRGEN_API_KEY;
    await supervisor.start(bundle, { ...REDIS_ENDPOINT, password }, apiKey, faults);
    const control = await startControl({ supervisor, groundTruth: gt, redisPid: redis.pid }, CONTROL_HOST, flags.controlPort, log);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          control.close(() => resolve());
          control.closeAllConnections();
        }),
    );
    const address = control.address();
    const controlPort = typeof address === 'object' && address !== null ? address.port : flags.controlPort;
    const controlUrl = `http://${CONTROL_HOST}:${controlPort}`;
    // Every listener that should be up must answer before we say ready (a `down` fault at start is honoured).
    const deadline = Date.now() + 10_000;
    const expected = supervisor.listenerStates().filter((s) => s.listening);
    for (const s of expected) {
      const svc = SERVICES.find((x) => x.name === s.name);
      while (svc && !(await answers(svc.host, svc.port, svc.healthPath))) {
        if (Date.now() > deadline) throw new LabStartError(`${svc.host}:${svc.port} (${svc.name}) did not answer within 10 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const vms = Object.entries(VM_ADDRESSES).map(([vm, addr]) => `${vm}=${addr}`);
    let generatorsFile = '';
    if (flags.generators > 0) {
      const hosts = await startGeneratorHosts(flags.generators, log);
      cleanups.push(() => hosts.stop());
      // What a client needs to reach them, for the orchestrator to add as the inventory's generators.
      const file = join(hosts.dir, 'generators.json');
      await writeFile(
        file,
        `${JSON.stringify(
          hosts.hosts.map(({ pid: _pid, ...h }) => h),
          null,
          2,
        )}\n`,
        { mode: 0o600 },
      );
      generatorsFile = ` generators=${file}`;
    }
    return { readyLine: `ready ${vms.join(' ')} control=${controlUrl}${generatorsFile}`, controlUrl, redisPid: redis.pid, stop: undo };
  } catch (err) {
    await undo();
    throw err;
  }
}
