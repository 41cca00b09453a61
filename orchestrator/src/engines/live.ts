/** What an engine tells the live board (run/live.ts) about a running scenario: its row starts, its figures change, it ends. */
export interface LiveFigures {
  /** Iterations done and planned (an iterations executor); else the bar follows the planned duration. */
  iterations?: number;
  totalIterations?: number;
  vus?: number;
  maxVus?: number;
  /** Throughput so far and its unit: `req/s` when requests are counted, `it/s` from k6's iteration count. */
  rate?: { perSecond: number; unit: 'req/s' | 'it/s' | 'ops/s' };
  errors?: number;
  p95Ms?: number;
  /** The p95 is an upper bound (the highest of several generators' own), shown as `p95 ≤ …`. */
  p95Bound?: boolean;
}

/** What an engine tells the board: a row starts, its figures change, it ends. */
export interface LiveSink {
  start(id: string, label: string, plannedSeconds: number | undefined): void;
  update(id: string, figures: LiveFigures): void;
  end(id: string): void;
}
