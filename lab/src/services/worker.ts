/**
 * Worker-thread entry: one emulated service per thread. Receives its service name, config and faults from the
 * supervisor, connects to Redis when it needs it, listens, and reports ground truth in batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LabConfig } from '../config.ts';
import type { ActiveFault } from '../faults.ts';
import type { FromWorker, WorkerInit } from '../protocol.ts';
import { serviceByName } from '../topology.ts';
import { afirgenLogic } from './afirgen.ts';
import { autobotLogic } from './autobot.ts';
import { ServiceHost } from './host.ts';
import { connectRedis, type LabRedis } from './redis.ts';
import { frontendLogic, healthOnlyLogic } from './simple.ts';
import { isRecord } from '../is-record.ts';

const port = parentPort;
if (!port) throw new Error('lab service worker started outside a worker thread');
// workerData is built by our own supervisor from WorkerInit; it crosses a thread boundary by structured clone.
const init = workerData as WorkerInit;
const send = (m: FromWorker): void => port.postMessage(m);
const svc = serviceByName(init.service);
const host = new ServiceHost(svc, init.config, (records) => send({ type: 'ground-truth', records }));
let redis: LabRedis | undefined;

async function start(): Promise<void> {
  const log = (line: string): void => send({ type: 'log', line: `${init.service}: ${line}` });
  if (init.service === 'autobot-backend' || init.service === 'afirgen') {
    redis = await connectRedis(init.redis, log);
    host.setLogic(init.service === 'autobot-backend' ? autobotLogic(host.state, redis) : afirgenLogic(host.state, redis, init.apiKey));
  } else if (init.service === 'frontend') {
    host.setLogic(frontendLogic());
  } else {
    host.setLogic(healthOnlyLogic(init.service, host.state));
  }
  const listening = await host.apply(init.config, init.faults);
  send({ type: 'applied', seq: 0, listening });
}

port.on('message', (m: unknown) => {
  if (!isRecord(m)) return;
  if (m['type'] === 'state' && typeof m['seq'] === 'number') {
    const seq = m['seq'];
    // Same origin as workerData: the supervisor's own LabConfig and fault list.
    const config = m['config'] as LabConfig;
    const faults = m['faults'] as ActiveFault[];
    host.apply(config, faults).then(
      (listening) => send({ type: 'applied', seq, listening }),
      (err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : String(err), code: errCode(err) }),
    );
  } else if (m['type'] === 'shutdown') {
    void host
      .shutdown()
      .then(() => redis?.close())
      .catch(() => undefined)
      .finally(() => {
        host.flush();
        send({ type: 'closed' });
        port.close();
      });
  }
});

function errCode(err: unknown): string | undefined {
  return isRecord(err) && typeof err['code'] === 'string' ? err['code'] : undefined;
}

start().catch((err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : String(err), code: errCode(err) }));
