/**
 * Runs one emulated service inside its worker thread: owns the listener (up, down, or a black hole that
 * accepts TCP and never answers), applies the latency / error-rate / stall / degraded faults aimed at this
 * service, and records every request's server-side timing as ground truth.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { LabConfig } from '../config.ts';
import { targetMatches, type ActiveFault } from '../faults.ts';
import type { GroundTruthRecord } from '../protocol.ts';
import { delaySampler, seededRng, type DelaySampler, type Rng } from '../sim/random.ts';
import { sleep } from '../sim/semaphore.ts';
import { SERVICE_NAMES, type HttpService } from '../topology.ts';
import { splitUrl } from './http.ts';

/** One request in flight. Handlers set `step` and add to `queueWaitMs`. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  route: string;
  step: string | undefined;
  queueWaitMs: number;
}

export interface ServiceLogic {
  /** The route template for a request (used by faults and ground truth). */
  route(method: string, path: string): string;
  handle(ex: Exchange): Promise<void>;
  /** Answers an injected error the way this service answers real ones. */
  fail(ex: Exchange, status: number): void;
  /** Called when the config changes (limits may move). */
  configure?(config: LabConfig): void;
}

export interface HostState {
  config: LabConfig;
  degraded: boolean;
  rng: Rng;
  delays: DelaySampler;
}

/**
 * AFIRGen takes `text` (up to 50,000 characters) from the query string, so a valid request line can be far
 * past Node's 16 KiB default; with it, a long complaint got 431 instead of 200 (or the contract's 413).
 * Percent-encoded, 50,000 characters of three-byte UTF-8 are 450,000 bytes.
 */
const MAX_HEADER_BYTES = 512 * 1024;

const nowMs = (): number => performance.timeOrigin + performance.now();

export class ServiceHost {
  readonly state: HostState;
  private faults: ActiveFault[] = [];
  private logic: ServiceLogic | undefined;
  private http: Server | undefined;
  private hole: TcpServer | undefined;
  private readonly holeSockets = new Set<Socket>();
  private stallTimer: NodeJS.Timeout | undefined;
  private stallKey = '';
  private pending: GroundTruthRecord[] = [];

  constructor(
    readonly svc: HttpService,
    config: LabConfig,
    private readonly emit: (records: GroundTruthRecord[]) => void,
  ) {
    const rng = seededRng(seedFor(config, svc));
    this.state = { config, degraded: false, rng, delays: delaySampler(modeOf(config), rng) };
    setInterval(() => this.flush(), 100).unref();
  }

  setLogic(logic: ServiceLogic): void {
    this.logic = logic;
    logic.configure?.(this.state.config);
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.emit(batch);
  }

  /** Applies a new config and fault list; resolves with whether the HTTP listener is up afterwards. */
  async apply(config: LabConfig, faults: ActiveFault[]): Promise<boolean> {
    const modeChanged = modeOf(config) !== modeOf(this.state.config);
    // A new seed (PUT /config) restarts the sequence, so the same seed replays the same draws and failures.
    const reseeded = config.seed !== this.state.config.seed;
    if (reseeded) this.state.rng = seededRng(seedFor(config, this.svc));
    this.state.config = config;
    if (modeChanged || reseeded) this.state.delays = delaySampler(modeOf(config), this.state.rng);
    this.faults = faults;
    this.logic?.configure?.(config);
    const mine = faults.map((f) => f.fault).filter((f) => 'service' in f && f.service === this.svc.name);
    this.state.degraded = mine.some((f) => f.kind === 'degraded');
    this.applyStall(mine.find((f) => f.kind === 'stall'));
    if (mine.some((f) => f.kind === 'down')) {
      await this.closeHttp();
      await this.closeHole();
      return false;
    }
    if (mine.some((f) => f.kind === 'blackhole')) {
      await this.closeHttp();
      await this.openHole();
      return false;
    }
    await this.closeHole();
    await this.openHttp();
    return true;
  }

  private applyStall(f: { ms: number; everyMs: number } | undefined): void {
    const key = f ? `${f.ms}/${f.everyMs}` : '';
    if (key === this.stallKey) return;
    this.stallKey = key;
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = undefined;
    if (!f) return;
    // Atomics.wait blocks this thread's event loop outright (no CPU burnt), exactly like a synchronous call
    // in a request handler would; the other services and the control endpoint run in other threads.
    const cell = new Int32Array(new SharedArrayBuffer(4));
    this.stallTimer = setInterval(() => Atomics.wait(cell, 0, 0, f.ms), f.everyMs);
  }

  private openHttp(): Promise<void> {
    if (this.http) return Promise.resolve();
    const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => this.onRequest(req, res));
    server.keepAliveTimeout = 65_000;
    this.http = server;
    return new Promise((resolve, reject) => {
      server.once('error', (err) => {
        this.http = undefined;
        reject(err);
      });
      server.listen({ host: this.svc.host, port: this.svc.port, backlog: 2048 }, () => resolve());
    });
  }

  private closeHttp(): Promise<void> {
    const server = this.http;
    if (!server) return Promise.resolve();
    this.http = undefined;
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private openHole(): Promise<void> {
    if (this.hole) return Promise.resolve();
    const hole = createTcpServer({ pauseOnConnect: true }, (socket) => {
      // Accept, never read, never answer: the client sees a connection that hangs until its own timeout.
      this.holeSockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.holeSockets.delete(socket));
    });
    this.hole = hole;
    return new Promise((resolve, reject) => {
      hole.once('error', reject);
      hole.listen({ host: this.svc.host, port: this.svc.port }, () => resolve());
    });
  }

  private closeHole(): Promise<void> {
    const hole = this.hole;
    if (!hole) return Promise.resolve();
    this.hole = undefined;
    for (const s of this.holeSockets) s.destroy();
    this.holeSockets.clear();
    return new Promise((resolve) => hole.close(() => resolve()));
  }

  async shutdown(): Promise<void> {
    if (this.stallTimer) clearInterval(this.stallTimer);
    await Promise.all([this.closeHttp(), this.closeHole()]);
    this.flush();
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const startMs = nowMs();
    const logic = this.logic;
    const method = req.method ?? 'GET';
    const { path, query } = splitUrl(req.url);
    const ex: Exchange = {
      req,
      res,
      method,
      path,
      query,
      route: logic ? logic.route(method, path) : path,
      step: undefined,
      queueWaitMs: 0,
    };
    res.on('close', () => {
      const rec: GroundTruthRecord = {
        service: this.svc.name,
        vm: this.svc.vm,
        method,
        route: ex.route,
        status: res.writableFinished ? res.statusCode : 0,
        queueWaitMs: round(ex.queueWaitMs),
        serviceTimeMs: round(nowMs() - startMs),
        startMs: round(startMs),
      };
      if (ex.step !== undefined) rec.step = ex.step;
      this.pending.push(rec);
    });
    void this.serve(ex, logic);
  }

  private async serve(ex: Exchange, logic: ServiceLogic | undefined): Promise<void> {
    try {
      if (!logic) throw new Error('service not ready');
      let addMs = 0;
      let failStatus = 0;
      for (const { fault } of this.faults) {
        if (fault.kind !== 'latency' && fault.kind !== 'error-rate') continue;
        if (!targetMatches(fault, this.svc, ex.method, ex.path, ex.route)) continue;
        if (fault.kind === 'latency') addMs += fault.ms;
        else if (failStatus === 0 && this.state.rng() < fault.rate) failStatus = fault.status;
      }
      if (addMs > 0) await sleep(addMs);
      if (failStatus !== 0) {
        ex.req.resume();
        logic.fail(ex, failStatus);
        return;
      }
      await logic.handle(ex);
    } catch (err) {
      // A bug or a lost Redis connection must answer, not hang or crash the service.
      if (!ex.res.headersSent && logic) logic.fail(ex, 500);
      else ex.res.destroy(err instanceof Error ? err : undefined);
    }
  }
}

/** Each service draws from its own sequence, derived from the lab's seed. */
function seedFor(config: LabConfig, svc: HttpService): number {
  return config.seed * 31 + SERVICE_NAMES.indexOf(svc.name);
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function modeOf(config: LabConfig): 'zero' | 'deterministic' | 'realistic' {
  if (config.zeroDelay) return 'zero';
  return config.deterministic ? 'deterministic' : 'realistic';
}
