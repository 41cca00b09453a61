/** What every section of the bench gets from run.ts, and the shape it hands back. */
import type { SectionReport } from '../lib/report.ts';

export interface BenchContext {
  /** Short durations and small counts, for development; the figures are then only indicative. */
  quick: boolean;
  /** A private scratch directory for this bench run (scripts, raw samples, sub-runs). */
  workDir: string;
  log: (line: string) => void;
}

export type SectionBody = Omit<SectionReport, 'id' | 'title' | 'seconds'>;

export function emptyBody(): SectionBody {
  return { tables: [], targets: [], notes: [], data: {} };
}
