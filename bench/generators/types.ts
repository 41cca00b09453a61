/**
 * What every load generator of the bench implements: one peer (k6 through loadgate, wrk, hey, autocannon,
 * Locust, Artillery) driving one of the lab's endpoints — `POST /api/chat` or `GET /api/health` — either at
 * a fixed arrival rate or as fast as it can.
 */

/** The two endpoints of issue 8: a chat turn (the load loadgate exists for) and the cheapest request there is. */
export type Endpoint = 'chat' | 'health';

export const ENDPOINTS: Readonly<Record<Endpoint, { method: 'POST' | 'GET'; path: string }>> = {
  chat: { method: 'POST', path: '/api/chat' },
  health: { method: 'GET', path: '/api/health' },
};

/** A lab backend: always loopback (run.ts checks before anything is sent). */
export interface Backend {
  /** e.g. http://127.0.0.20:8001 */
  baseUrl: string;
  /** The inventory's VM name, for loadgate's tags. */
  vm: string;
}

export interface Target extends Backend {
  endpoint: Endpoint;
}

export function endpointLabel(e: Endpoint): string {
  return `${ENDPOINTS[e].method} ${ENDPOINTS[e].path}`;
}

export function targetUrl(t: Target): string {
  return `${t.baseUrl}${ENDPOINTS[t.endpoint].path}`;
}

export type LoadShape =
  /** Open model where the tool has one; how each tool approximates it is its `rateNote`. */
  | { kind: 'rate'; rate: number; seconds: number }
  /** Closed model, as many requests as `connections` concurrent clients can push. */
  | { kind: 'max'; connections: number; seconds: number };

export interface GeneratorRun {
  /** Requests the tool completed (its own count). */
  requests: number;
  /** Requests that failed (non-2xx or transport error), as the tool counts them. */
  errors: number;
  /** Its own measured duration, or the planned one when it reports none. */
  seconds: number;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  cpuSeconds: number;
  peakRssBytes: number;
  /** Iterations an open-model k6 run could not start (its `dropped_iterations`); absent for other tools. */
  dropped?: number;
  /** Anything a reader must know about this figure (dropped iterations, a timeout, how rate was held). */
  notes: string[];
}

export interface Generator {
  /** Row label in the table. */
  name: string;
  /** Why it cannot run here (not installed, install failed), or undefined when it can. */
  unavailable(): Promise<string | undefined>;
  /** The tool's version, for the table. */
  version(): Promise<string>;
  /** How its fixed-rate row was produced, in a few words. */
  rateNote: string;
  /** The endpoints it drives, and why not the others (loadgate's k6 scenarios have no health-check load). */
  endpoints: readonly Endpoint[];
  notApplicable?: string;
  run(shape: LoadShape, target: Target, workDir: string): Promise<GeneratorRun>;
}

/** A chat message per the AutoBot contract; session ids are uuid4. */
export function chatBody(sessionId: string): string {
  return JSON.stringify({ content: 'Hello from the loadgate bench', role: 'user', session_id: sessionId });
}

/**
 * Hard limit of one generator run: its planned duration plus 10 s for start-up and drain (every tool here
 * starts in about a second and answers at zero delay drain at once), so a 20 s run never passes 30 s.
 */
export function runTimeoutMs(shape: LoadShape): number {
  return (shape.seconds + 10) * 1000;
}
