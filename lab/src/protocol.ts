/**
 * Messages between the supervisor (the lab's main thread) and each service's worker thread. Each service runs
 * in its own worker so that a stalled event loop (the `stall` fault) hits that service only, never the others
 * or the control endpoint.
 */
import type { LabConfig } from './config.ts';
import type { ActiveFault } from './faults.ts';
import type { ServiceName, VmName } from './topology.ts';
import { isRecord } from './is-record.ts';

/** One request as the lab itself timed it (a line of ground-truth.jsonl). */
export interface GroundTruthRecord {
  service: ServiceName;
  vm: VmName;
  method: string;
  /** The route template, e.g. `/session/{session_id}/status`. */
  route: string;
  /** For `POST /validate`: the step the session was in (`transcript_review` … `final_review`). */
  step?: string;
  status: number;
  /** Time spent waiting for a concurrency slot (Ollama, the model semaphore, the /process limit). */
  queueWaitMs: number;
  /** Server-side time from the request's arrival to the last byte of the answer (queue wait included). */
  serviceTimeMs: number;
  /** Arrival time, epoch milliseconds (fractional). */
  startMs: number;
}

export interface RedisTarget {
  host: string;
  port: number;
  password: string | undefined;
}

export interface WorkerInit {
  service: ServiceName;
  config: LabConfig;
  faults: ActiveFault[];
  redis: RedisTarget;
  apiKey: string;
}

export type ToWorker = { type: 'state'; seq: number; config: LabConfig; faults: ActiveFault[] } | { type: 'shutdown' };

export type FromWorker =
  | { type: 'applied'; seq: number; listening: boolean }
  | { type: 'failed'; message: string; code: string | undefined }
  | { type: 'ground-truth'; records: GroundTruthRecord[] }
  | { type: 'log'; line: string }
  | { type: 'closed' };

/** Shallow check of a message from a worker: the workers are our own code, but a bad message must not crash. */
export function parseFromWorker(v: unknown): FromWorker | undefined {
  if (!isRecord(v)) return undefined;
  switch (v['type']) {
    case 'applied':
      return typeof v['seq'] === 'number' && typeof v['listening'] === 'boolean'
        ? { type: 'applied', seq: v['seq'], listening: v['listening'] }
        : undefined;
    case 'failed':
      return typeof v['message'] === 'string'
        ? { type: 'failed', message: v['message'], code: typeof v['code'] === 'string' ? v['code'] : undefined }
        : undefined;
    case 'ground-truth':
      return Array.isArray(v['records']) ? { type: 'ground-truth', records: v['records'].filter(isGroundTruthRecord) } : undefined;
    case 'log':
      return typeof v['line'] === 'string' ? { type: 'log', line: v['line'] } : undefined;
    case 'closed':
      return { type: 'closed' };
    default:
      return undefined;
  }
}

function isGroundTruthRecord(v: unknown): v is GroundTruthRecord {
  return (
    isRecord(v) &&
    typeof v['service'] === 'string' &&
    typeof v['method'] === 'string' &&
    typeof v['route'] === 'string' &&
    typeof v['status'] === 'number' &&
    typeof v['serviceTimeMs'] === 'number' &&
    typeof v['queueWaitMs'] === 'number' &&
    typeof v['startMs'] === 'number'
  );
}
