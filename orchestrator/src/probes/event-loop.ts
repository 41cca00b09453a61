/**
 * Event-loop health of loadgate's own process while a probe runs. The original suite timed ten 1 ms sleeps
 * at the start and so saw only its first milliseconds; this samples the loop's delay continuously
 * (perf_hooks.monitorEventLoopDelay) from the probe's first to its last moment.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopHealth {
  /** p99 of the loop's delay, in ms. */
  p99Ms: number;
  /** The longest stall seen, in ms. */
  maxStallMs: number;
  /** True when the longest stall exceeded the limit. */
  blocked: boolean;
  limitMs: number;
}

export interface LoopMonitor {
  /** Stops sampling and reports; call once. */
  stop(): LoopHealth;
}

/** The sampling timer's period in ms: the histogram's finest grain, well below the 10 ms a stall must reach. */
const RESOLUTION_MS = 1;
/** Default limit: a stall longer than this means the process was blocked (the original suite's 10 ms bar). */
export const DEFAULT_STALL_LIMIT_MS = 10;

export function startLoopMonitor(limitMs: number = DEFAULT_STALL_LIMIT_MS): LoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      // The histogram holds nanoseconds between two timer ticks, the sampling period included (an idle loop
      // reads ≈1.05 ms): subtract the period so that the value is the stall itself. With no sample at all
      // (a probe shorter than one tick) its fields are sentinels, which mean "no stall seen".
      const count = histogram.count;
      const stall = (ns: number): number => (count > 0 ? Math.max(0, ns / 1e6 - RESOLUTION_MS) : 0);
      const p99Ms = stall(histogram.percentile(99));
      const maxStallMs = stall(histogram.max);
      return { p99Ms: round3(p99Ms), maxStallMs: round3(maxStallMs), blocked: maxStallMs > limitMs, limitMs };
    },
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
