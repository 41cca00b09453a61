/**
 * Artillery (npm) is listed and never run: there is no version of it that both runs here and keeps every
 * packet on loopback.
 *
 * - Artillery ≥ 2.0.22 needs Node ≥ 22.13 (2.0.34: ≥ 22.18); the machines have Node 20.
 * - 2.0.21, the last release whose `engines` accept Node 20, installs and runs, but its `run` command always
 *   sends a telemetry event to PostHog: lib/telemetry.js only anonymises the event when
 *   ARTILLERY_DISABLE_TELEMETRY is set, it still calls `client.capture`. Running it would send a packet (and a
 *   DNS query) off loopback, which the bench never does.
 *
 * So the row says "not available" with that reason, and the bench does not install it.
 */
import type { Generator } from './types.ts';

export const ARTILLERY_REASON =
  'not run: Artillery ≥ 2.0.22 needs Node ≥ 22.13 (this machine: Node ' +
  process.versions.node +
  '); 2.0.21, the last for Node 20, sends a PostHog telemetry event on every run even with ARTILLERY_DISABLE_TELEMETRY set — a packet off loopback';

export const artilleryGenerator: Generator = {
  name: 'Artillery',
  rateNote: 'arrivalRate (open model)',
  endpoints: ['chat', 'health'],
  unavailable() {
    return Promise.resolve(ARTILLERY_REASON);
  },
  version() {
    return Promise.resolve('2.0.21 (not run)');
  },
  run() {
    return Promise.reject(new Error(ARTILLERY_REASON));
  },
};
