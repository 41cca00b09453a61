/**
 * k6's REST API, as far as a coordinator needs it (verified against k6 v2.2.0; ../shared/distributed.md):
 * status (4 paused before the run, 7 running, 9 ended and lingering), resume, stop, and running `setup()` once —
 * `POST /v1/setup` on one instance returns `data.attributes.data`, `PUT /v1/setup` with that JSON as the body
 * hands it to the others, `POST /v1/teardown` runs teardown on one. Every call is bounded in time. The API is
 * only ever reached on a loopback address (the local end of an ssh forward, or a local k6).
 */
import { K6RunError } from '../../../errors.ts';
import { assertLoopbackTargets } from '../../../safety/loopback.ts';

export const K6_STATUS = { paused: 4, running: 7, ended: 9 } as const;

export interface K6Status {
  status: number;
  paused: boolean;
  vus: number;
  running: boolean;
  stopped: boolean;
  tainted: boolean;
}

const CALL_TIMEOUT_MS = 10_000;
/**
 * Bound on one status call while waiting for an instance to come up. A call sent through the ssh forward while k6
 * is still starting can be left unanswered (seen once per run or so with k6 v2.2.0 behind OpenSSH 9: the first
 * scenario's first generator then waited out the whole 10 s call bound); an answer on loopback takes milliseconds,
 * so a call that has none within a second is dropped and the next poll sent.
 */
const READY_CALL_TIMEOUT_MS = 1_000;
/** k6's REST API speaks plain HTTP only; it is reached on loopback (the local end of an ssh forward). */
const REST_SCHEME = 'http';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `data.attributes` of a k6 API answer, or an error naming what was missing. */
function attributes(body: unknown, what: string): Record<string, unknown> {
  const attrs = record(record(record(body)?.['data'])?.['attributes']);
  if (attrs === undefined) throw new K6RunError(`k6 REST ${what}: the answer has no data.attributes`);
  return attrs;
}

/** k6's aggregates so far, by metric: a trend's avg/min/med/max/p(90)/p(95), a counter's count/rate, a rate's rate, a gauge's value. */
export type K6Metrics = Record<string, Record<string, number>>;

/** `GET /v1/metrics`: `data` is a list of `{ id, attributes: { sample } }`; what is not a finite number is left out. */
export function parseMetrics(body: unknown): K6Metrics {
  const data = record(body)?.['data'];
  if (!Array.isArray(data)) throw new K6RunError('k6 REST metrics: the answer has no data list');
  const out: K6Metrics = {};
  for (const item of data as unknown[]) {
    const id = record(item)?.['id'];
    const sample = record(record(record(item)?.['attributes'])?.['sample']);
    if (typeof id !== 'string' || sample === undefined) continue;
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(sample)) if (typeof v === 'number' && Number.isFinite(v)) values[k] = v;
    out[id] = values;
  }
  return out;
}

export function parseStatus(body: unknown): K6Status {
  const a = attributes(body, 'status');
  const num = (k: string): number => {
    const v = a[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new K6RunError(`k6 REST status: '${k}' is not a number`);
    return v;
  };
  const bool = (k: string): boolean => a[k] === true;
  return {
    status: num('status'),
    vus: num('vus'),
    paused: bool('paused'),
    running: bool('running'),
    stopped: bool('stopped'),
    tainted: bool('tainted'),
  };
}

export class K6Api {
  readonly base: string;

  constructor(
    host: string,
    readonly port: number,
    env: NodeJS.ProcessEnv,
  ) {
    assertLoopbackTargets('k6 REST API', [host], env);
    this.base = `${REST_SCHEME}://${host}:${port}`;
  }

  private async call(method: string, path: string, body?: string, timeoutMs = CALL_TIMEOUT_MS): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
        ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
      });
    } catch (err) {
      throw new K6RunError(`k6 REST ${method} ${path} on ${this.base}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    const text = await res.text();
    if (!res.ok) throw new K6RunError(`k6 REST ${method} ${path} on ${this.base}: HTTP ${res.status} ${text.slice(0, 200)}`);
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new K6RunError(`k6 REST ${method} ${path}: the answer is not JSON`, { cause: err });
    }
  }

  async status(timeoutMs = CALL_TIMEOUT_MS): Promise<K6Status> {
    return parseStatus(await this.call('GET', '/v1/status', undefined, timeoutMs));
  }

  /** What k6 has aggregated so far (the live board's figures; never the verdict's). */
  async metrics(timeoutMs = CALL_TIMEOUT_MS): Promise<K6Metrics> {
    return parseMetrics(await this.call('GET', '/v1/metrics', undefined, timeoutMs));
  }

  private patchStatus(attrs: Record<string, boolean>): Promise<unknown> {
    return this.call('PATCH', '/v1/status', JSON.stringify({ data: { type: 'status', id: 'default', attributes: attrs } }));
  }

  async resume(): Promise<void> {
    await this.patchStatus({ paused: false });
  }

  /** Ends the instance's test; k6 then exits 103. */
  async stop(): Promise<void> {
    await this.patchStatus({ stopped: true });
  }

  /** Runs setup() here and returns its data as JSON text, to hand to the other instances unchanged. */
  async runSetup(): Promise<string> {
    const a = attributes(await this.call('POST', '/v1/setup'), 'setup');
    return JSON.stringify(a['data'] ?? null);
  }

  async putSetup(json: string): Promise<void> {
    await this.call('PUT', '/v1/setup', json);
  }

  async runTeardown(): Promise<void> {
    await this.call('POST', '/v1/teardown');
  }

  /** Polls until `accept` holds for the status, bounded by `timeoutMs`; the last status or error is in the message. */
  async waitFor(accept: (s: K6Status) => boolean, what: string, timeoutMs: number, everyMs = 100): Promise<K6Status> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      try {
        const s = await this.status(Math.max(1, Math.min(READY_CALL_TIMEOUT_MS, deadline - Date.now())));
        if (accept(s)) return s;
        last = `status ${s.status}`;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() > deadline)
        throw new K6RunError(`k6 on ${this.base} was not ${what} within ${Math.round(timeoutMs / 1000)} s (${last})`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
