/**
 * A lab started the way an operator would (`loadgate lab`, i.e. startLab in the foreground) inside a test's
 * private network namespace, with its control endpoint driven from inside that namespace: fault switches
 * and the state (where the lab's redis-server pid is). Stopped with SIGINT, as a user would.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { PrivateNet } from './netns.ts';
import { spawnCli, type SpawnedCli } from './spawned-run.ts';
import { isRecord } from '../../../src/is-record.ts';

export type Fault = Record<string, string | number>;

const CLOSE_GRACE_MS = 10_000;

export interface NsLab {
  cli: SpawnedCli;
  controlUrl: string;
  setFault(fault: Fault): Promise<string>;
  clearFaults(): Promise<void>;
  /** The lab's redis-server pid, from GET /state. */
  redisPid(): Promise<number>;
  /** SIGINT, then waits for the exit (the caller's cleanup kills whatever is left). */
  stop(): Promise<number>;
  /**
   * For t.after: SIGINT and up to 10 s for a clean stop (the lab removes its temp dirs), then whatever is
   * left is killed. A SIGKILL alone would leave the lab's temp dirs for the next lab start to sweep.
   */
  close(): Promise<void>;
}

export async function startNsLab(net: PrivateNet, args: readonly string[] = [], env: Record<string, string> = {}): Promise<NsLab> {
  const cli = spawnCli(['lab', ...args], { net, env, timeoutMs: 300_000 });
  const ready = await cli.waitForLine(/^ready /, 30_000, 'stdout');
  const controlUrl = /control=(http:\/\/\S+)/.exec(ready)?.[1];
  if (controlUrl === undefined) throw new Error(`no control URL in the lab's ready line: ${ready}`);
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const r = await net.http(method, `${controlUrl}${path}`, body);
    if (r.status < 200 || r.status > 299) throw new Error(`lab control ${method} ${path}: HTTP ${r.status} ${r.body}`);
    return r.body === '' ? undefined : (JSON.parse(r.body) as unknown);
  };
  const stop = async (): Promise<number> => {
    cli.signal('SIGINT');
    return (await cli.exited).exitCode;
  };
  return {
    cli,
    controlUrl,
    async setFault(fault) {
      const v = await call('POST', '/faults', fault);
      if (!isRecord(v) || typeof v['id'] !== 'string') throw new Error('lab control POST /faults: no id');
      return v['id'];
    },
    async clearFaults() {
      await call('DELETE', '/faults');
    },
    async redisPid() {
      const v = await call('GET', '/state');
      const redis = isRecord(v) ? v['redis'] : undefined;
      const pid = isRecord(redis) ? redis['pid'] : undefined;
      if (typeof pid !== 'number') throw new Error('lab control GET /state: no redis pid');
      return pid;
    },
    stop,
    async close() {
      await Promise.race([stop(), sleep(CLOSE_GRACE_MS, undefined, { ref: false })]);
      await cli.cleanup();
    },
  };
}
