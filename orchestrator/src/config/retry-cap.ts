/**
 * The Retry-After cap (`retryMaxWaitMs`) must fit within the scenario's own length: a wait longer than the
 * executor may run would end the scenario mid-wait, its flows neither retried nor reported as capped. Set
 * explicitly (profile entry, profile defaults or --set), a cap longer than the scenario is a configuration
 * error; left unset it is derived: AFIRGen's 60 s window (its `Retry-After: 60`), but at most half the
 * scenario's length, so a retried request still has the other half to run in (smoke fir-single, 40 s: 20 s).
 */

import { RETRY_CAP_MS } from '../../../k6/lib/param-spec.ts';

export { RETRY_CAP_MS };

export type RetryCap = { ok: true; ms: number } | { ok: false; message: string };

/** `explicit` is the configured value if any; `scenarioMs` the executor's own length (config/duration.ts). */
export function retryCap(explicit: number | undefined, scenarioMs: number, where: { profile: string; scenario: string }): RetryCap {
  if (explicit === undefined) return { ok: true, ms: Math.min(RETRY_CAP_MS, Math.floor(scenarioMs / 2)) };
  if (explicit <= scenarioMs) return { ok: true, ms: explicit };
  return {
    ok: false,
    message:
      `profile ${where.profile}, scenario ${where.scenario}: retryMaxWaitMs ${explicit} ms does not fit within the scenario's ` +
      `max duration of ${scenarioMs} ms: lower retryMaxWaitMs or lengthen the scenario`,
  };
}
