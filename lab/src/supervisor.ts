/**
 * The supervisor: bundles the service code once (esbuild, into the lab's temp dir, so workers start in
 * milliseconds without a TypeScript loader), runs one worker thread per service, pushes config and fault
 * changes to every worker and waits until each has applied them, and runs the Redis faults itself.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LabConfig } from './config.ts';
import { describeError, LabStartError } from './errors.ts';
import type { ActiveFault, Fault } from './faults.ts';
import type { GroundTruthSink } from './ground-truth.ts';
import { parseFromWorker, type RedisTarget, type WorkerInit } from './protocol.ts';
import type { RunningRedis } from './redis-server.ts';
import { SERVICES, type HttpService, type ServiceName } from './topology.ts';

interface Slot {
  svc: HttpService;
  worker: Worker;
  listening: boolean;
  applied: number;
  waiters: { seq: number; resolve: () => void }[];
  /** The worker thread has exited: nothing it is sent will ever be applied. */
  exited: boolean;
}

export async function bundleWorker(outDir: string): Promise<string> {
  const outfile = join(outDir, 'service-worker.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./services/worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    target: 'node20',
    // CommonJS so the bundled node-redis needs no ESM interop shims.
    format: 'cjs',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

export class Supervisor {
  private readonly slots = new Map<ServiceName, Slot>();
  private seq = 0;
  private nextFaultId = 1;
  private faults: ActiveFault[] = [];
  private redisTimers: NodeJS.Timeout[] = [];

  constructor(
    private config: LabConfig,
    private readonly redis: RunningRedis,
    private readonly gt: GroundTruthSink,
    private readonly log: (line: string) => void,
  ) {}

  get currentConfig(): LabConfig {
    return this.config;
  }

  get activeFaults(): readonly ActiveFault[] {
    return this.faults;
  }

  listenerStates(): { name: ServiceName; host: string; port: number; listening: boolean }[] {
    return SERVICES.map((s) => ({ name: s.name, host: s.host, port: s.port, listening: this.slots.get(s.name)?.listening ?? false }));
  }

  /** Starts every service worker; resolves once each listens, rejects with the first listen failure. */
  async start(bundle: string, redis: RedisTarget, apiKey: string, initial: Fault[]): Promise<void> {
    this.faults = initial.map((fault) => ({ id: String(this.nextFaultId++), fault }));
    await Promise.all(
      SERVICES.map(
        (svc) =>
          new Promise<void>((resolve, reject) => {
            const init: WorkerInit = { service: svc.name, config: this.config, faults: this.faults, redis, apiKey };
            const worker = new Worker(bundle, { workerData: init, execArgv: [] });
            const slot: Slot = { svc, worker, listening: false, applied: -1, waiters: [], exited: false };
            this.slots.set(svc.name, slot);
            worker.on('message', (raw: unknown) => {
              const m = parseFromWorker(raw);
              if (!m) return;
              if (m.type === 'ground-truth') this.gt.add(m.records);
              else if (m.type === 'log') this.log(m.line);
              else if (m.type === 'applied') {
                slot.listening = m.listening;
                slot.applied = m.seq;
                slot.waiters = slot.waiters.filter((w) => (w.seq <= m.seq ? (w.resolve(), false) : true));
                if (m.seq === 0) resolve();
              } else if (m.type === 'failed') {
                const where = `${svc.host}:${svc.port}`;
                const message = m.code === 'EADDRINUSE' ? `${where} is already in use` : `${svc.name} (${where}): ${m.message}`;
                if (slot.applied < 0) reject(new LabStartError(message));
                else this.log(message);
              }
            });
            worker.on('error', (err) => {
              this.log(`${svc.name}: worker crashed: ${err.message}`);
              reject(new LabStartError(`${svc.name}: ${err.message}`, { cause: err }));
            });
            // A dead worker must not hold up every later change (and so every control request) forever:
            // its service counts as not listening and its waiters are released.
            worker.on('exit', () => {
              slot.exited = true;
              slot.listening = false;
              for (const w of slot.waiters) w.resolve();
              slot.waiters = [];
              if (slot.applied < 0) reject(new LabStartError(`${svc.name}: its worker exited before listening`));
            });
          }),
      ),
    );
    this.applyRedisFaults();
  }

  addFault(fault: Fault): Promise<ActiveFault> {
    const active = { id: String(this.nextFaultId++), fault };
    this.faults = [...this.faults, active];
    return this.publish().then(() => active);
  }

  removeFault(id: string): Promise<boolean> {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return before === this.faults.length ? Promise.resolve(false) : this.publish().then(() => true);
  }

  clearFaults(): Promise<void> {
    this.faults = [];
    return this.publish();
  }

  setConfig(config: LabConfig): Promise<void> {
    this.config = config;
    return this.publish();
  }

  /** Sends the current state to every worker and resolves once all of them applied it. */
  private async publish(): Promise<void> {
    this.applyRedisFaults();
    const seq = ++this.seq;
    await Promise.all(
      [...this.slots.values()].map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (slot.exited || slot.applied >= seq) return resolve();
            slot.waiters.push({ seq, resolve });
            slot.worker.postMessage({ type: 'state', seq, config: this.config, faults: this.faults });
          }),
      ),
    );
  }

  private applyRedisFaults(): void {
    const key = JSON.stringify(this.faults.filter((f) => f.fault.kind.startsWith('redis-')));
    if (key === this.redisKey) return;
    this.redisKey = key;
    for (const t of this.redisTimers) clearInterval(t);
    this.redisTimers = [];
    const admin = this.redis.admin;
    const run = (args: string[]): void => {
      admin.sendCommand(args).catch((err: unknown) => this.log(`redis fault: ${describeError(err)}`));
    };
    let paused = false;
    let frozen = false;
    for (const { fault } of this.faults) {
      if (fault.kind === 'redis-slow') {
        const seconds = (fault.ms / 1000).toFixed(3);
        run(['DEBUG', 'SLEEP', seconds]);
        this.redisTimers.push(setInterval(() => run(['DEBUG', 'SLEEP', seconds]), fault.everyMs));
      } else if (fault.kind === 'redis-pause' && fault.mode === 'WRITE') {
        paused = true;
        run(['CLIENT', 'PAUSE', String(Math.round(fault.ms)), 'WRITE']);
      } else if (fault.kind === 'redis-pause') {
        frozen = true;
        this.freezeRedis(fault.ms);
      }
    }
    // CLIENT UNPAUSE gets through a WRITE pause. An ALL pause would block every client, the admin one and its
    // UNPAUSE too, so clearing it could not end it early: mode ALL freezes the process instead (SIGSTOP, then
    // SIGCONT when the time is up or the fault is cleared) — to a client, the same silence.
    if (!paused && this.wasPaused) run(['CLIENT', 'UNPAUSE']);
    this.wasPaused = paused;
    if (!frozen) this.thawRedis();
  }

  private frozenTimer: NodeJS.Timeout | undefined;

  private freezeRedis(ms: number): void {
    this.thawRedis();
    try {
      process.kill(this.redis.pid, 'SIGSTOP');
    } catch (err) {
      this.log(`redis fault: ${describeError(err)}`);
      return;
    }
    this.frozenTimer = setTimeout(() => this.thawRedis(), ms);
  }

  private thawRedis(): void {
    if (this.frozenTimer === undefined) return;
    clearTimeout(this.frozenTimer);
    this.frozenTimer = undefined;
    try {
      process.kill(this.redis.pid, 'SIGCONT');
    } catch {
      // redis-server is gone; nothing to resume
    }
  }

  private wasPaused = false;
  private redisKey = '[]';

  async stop(): Promise<void> {
    for (const t of this.redisTimers) clearInterval(t);
    // A frozen redis-server could not act on the SIGTERM that stops it.
    this.thawRedis();
    await Promise.all(
      [...this.slots.values()].map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (slot.exited) return resolve();
            const timer = setTimeout(() => void slot.worker.terminate().then(() => resolve()), 2000);
            slot.worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            slot.worker.postMessage({ type: 'shutdown' });
          }),
      ),
    );
  }
}
