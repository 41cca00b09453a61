/**
 * A typed client for the lab's control endpoint (docs/lab.md lists every route): fault switches, model
 * settings, AFIRGen quirks and ground truth. Answers are parsed from `unknown`, never cast. The lab runs in
 * its own process: only its types are imported, for the wire format both sides share.
 */
import type { FaultRequest } from '../../../lab/src/faults.ts';
import type { GroundTruthRecord as LabGroundTruthRecord } from '../../../lab/src/protocol.ts';
import type { ServiceName } from '../../../lab/src/topology.ts';
import { LabError } from '../errors.ts';
import { isRecord } from '../is-record.ts';

/** A ground-truth record as the control endpoint serves it: numbered, its names read back as plain strings. */
export type GroundTruthRecord = Omit<LabGroundTruthRecord, 'service' | 'vm'> & { seq: number; service: string; vm: string };

export interface GroundTruthFilter {
  since?: number;
  service?: ServiceName;
  route?: string;
  method?: string;
  limit?: number;
}

export function parseGroundTruthRecord(v: unknown): GroundTruthRecord | undefined {
  if (!isRecord(v)) return undefined;
  const { seq, service, vm, method, route, step, status, queueWaitMs, serviceTimeMs, startMs } = v;
  if (typeof seq !== 'number' || typeof service !== 'string' || typeof method !== 'string' || typeof route !== 'string') return undefined;
  if (typeof status !== 'number' || typeof queueWaitMs !== 'number' || typeof serviceTimeMs !== 'number' || typeof startMs !== 'number')
    return undefined;
  const rec: GroundTruthRecord = {
    seq,
    service,
    vm: typeof vm === 'string' ? vm : '',
    method,
    route,
    status,
    queueWaitMs,
    serviceTimeMs,
    startMs,
  };
  if (typeof step === 'string') rec.step = step;
  return rec;
}

export class LabControl {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new LabError(`lab control ${method} ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const text = await res.text();
    let value: unknown = undefined;
    if (text !== '') {
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new LabError(`lab control ${method} ${path}: answer is not JSON`, { cause: err });
      }
    }
    if (!res.ok) {
      const why = isRecord(value) && typeof value['error'] === 'string' ? value['error'] : `HTTP ${res.status}`;
      throw new LabError(`lab control ${method} ${path}: ${why}`);
    }
    return value;
  }

  /** Switches a fault on; resolves with its id once every service applied it. */
  async setFault(fault: FaultRequest): Promise<string> {
    const v = await this.call('POST', '/faults', fault);
    if (!isRecord(v) || typeof v['id'] !== 'string') throw new LabError('lab control POST /faults: answer has no id');
    return v['id'];
  }

  async clearFault(id: string): Promise<void> {
    await this.call('DELETE', `/faults/${encodeURIComponent(id)}`);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  /** Partial config change, same shape as the lab's `--config` file (without `faults`). */
  async setConfig(patch: {
    autobot?: Record<string, number>;
    afirgen?: Record<string, number>;
    quirks?: boolean;
    timeScale?: number;
    /** Restarts every service's random sequence (lognormal draws, error-rate faults). */
    seed?: number;
  }): Promise<void> {
    await this.call('PUT', '/config', patch);
  }

  /**
   * Sets the chat model time (median) to `ms`, with room for its tail: at 3000 the chat P95 is well over
   * 2 s, which is how a test makes the chat criterion fail.
   */
  async setChatDelay(ms: number): Promise<void> {
    await this.setConfig({ autobot: { chatMs: ms, chatMaxMs: Math.max(ms * 5, 1) } });
  }

  async setQuirks(enabled: boolean): Promise<void> {
    await this.call('PUT', '/quirks', { enabled });
  }

  async state(): Promise<Record<string, unknown>> {
    const v = await this.call('GET', '/state');
    if (!isRecord(v)) throw new LabError('lab control GET /state: not an object');
    return v;
  }

  async groundTruth(filter: GroundTruthFilter = {}): Promise<GroundTruthRecord[]> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, String(v));
    const v = await this.call('GET', `/ground-truth${q.size > 0 ? `?${q.toString()}` : ''}`);
    const raw = isRecord(v) ? v['records'] : undefined;
    if (!Array.isArray(raw)) throw new LabError('lab control GET /ground-truth: no records');
    const out: GroundTruthRecord[] = [];
    for (const r of raw) {
      const rec = parseGroundTruthRecord(r);
      if (rec) out.push(rec);
    }
    return out;
  }
}
