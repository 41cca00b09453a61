/**
 * The probe engine's judge. A probe attempts a known number of operations, each leaving one sample in its
 * outcome metric (a failed one too: failures are for the criteria, this only checks the load was attempted in
 * full). A probe has no conclusions of its own to cross-check.
 */
import { CATALOG } from '../../catalog.ts';
import type { EngineJudge } from '../engine.ts';

export const probeJudge: EngineJudge = {
  filters: () => [],
  load(record, metrics) {
    const achieved: Record<string, number> = {};
    const reasons: string[] = [];
    const spec = CATALOG[record.scenario]?.operations;
    const planned = spec ? record.intended[spec.intended] : undefined;
    if (spec && planned !== undefined) {
      const attempted = metrics[spec.metric]?.count ?? 0;
      achieved[spec.intended] = attempted;
      if (attempted < planned) reasons.push(`attempted ${attempted} of ${planned} planned ${spec.intended}`);
    }
    return { achieved, reasons, untrustworthy: false };
  },
  run: () => ({ aborted: false, errors: [], disagreements: [] }),
  details: () => ({}),
};
