/**
 * The bench's own lab: started through the orchestrator's startLab, so it is the same process `make load`
 * runs. The lab binds fixed loopback addresses that other runs and tests (other people's) may hold for a
 * while; starting is therefore retried until a deadline instead of failing at once, and a lab this bench did
 * not start is never stopped.
 */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabControl } from '../../orchestrator/src/lab/control.ts';
import { startLab, type LabHandle, type StartLabOptions } from '../../orchestrator/src/lab/process.ts';
import { isLoopbackHost } from '../../orchestrator/src/safety/loopback.ts';

/** How long to wait for the lab's addresses to become free (someone else's test may be using them). */
const BUSY_WAIT_MS = 120_000;
const RETRY_EVERY_MS = 3000;

/** The endpoints of the autobot contract the bench drives (lab/src/topology.ts: main is 127.0.0.20). */
export const LAB_MAIN_HOST = '127.0.0.20';
export const LAB_BACKEND = `http://${LAB_MAIN_HOST}:8001`;
export const LAB_VM = 'main';

export interface BenchLab {
  handle: LabHandle;
  control: LabControl;
  /** How long the addresses were busy before our lab could start (0 when it started at once). */
  waitedMs: number;
  /** The successful start alone: spawn to the `ready` line (every listener and redis-server answering). */
  startMs: number;
}

/** Refuses to go on unless every URL the bench will drive is on loopback: the last guard before a packet. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!isLoopbackHost(host)) throw new Error(`bench: refusing a non-loopback target ${url}`);
}

export async function startBenchLab(
  opts: Omit<StartLabOptions, 'env'>,
  log: (line: string) => void,
  busyWaitMs = BUSY_WAIT_MS,
): Promise<BenchLab> {
  assertLoopback(LAB_BACKEND);
  const t0 = Date.now();
  let lastError = '';
  for (;;) {
    try {
      const s0 = performance.now();
      const handle = await startLab({ ...opts, env: process.env });
      const startMs = performance.now() - s0;
      const control = new LabControl(handle.controlUrl);
      assertLoopback(control.baseUrl);
      return { handle, control, waitedMs: Date.now() - t0 - startMs, startMs };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== lastError) log(`lab: could not start (${message}); retrying until ${Math.round(busyWaitMs / 1000)} s have passed`);
      lastError = message;
      if (Date.now() - t0 + RETRY_EVERY_MS > busyWaitMs)
        throw new Error(`the lab could not start within ${busyWaitMs / 1000} s: ${message}`, { cause: err });
      await sleep(RETRY_EVERY_MS);
    }
  }
}

/** Whether something listens on the lab backend's address right now (a TCP connect, nothing sent). */
export function labListening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: LAB_MAIN_HOST, port: 8001 });
    const done = (v: boolean): void => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(300, () => done(true));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

/** Waits until no lab listens, for at most `ms`; returns whether the addresses are free. */
export async function waitLabFree(ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (await labListening()) {
    if (Date.now() > deadline) return false;
    await sleep(1000);
  }
  return true;
}

/** Starts a lab, runs `work` against it, and always stops the lab it started. */
export async function withLab<T>(
  opts: Omit<StartLabOptions, 'env'>,
  log: (line: string) => void,
  work: (lab: BenchLab) => Promise<T>,
): Promise<T> {
  const lab = await startBenchLab(opts, log);
  try {
    return await work(lab);
  } finally {
    await lab.handle.stop();
  }
}
