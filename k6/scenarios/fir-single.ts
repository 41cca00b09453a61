/** fir-single: one FIR end to end (POST /process, then /validate until completed). Logic in lib/fir.ts. */
import { firConfig } from '../lib/env.ts';
import { firFlow } from '../lib/fir.ts';
import { requireAfirgenHealthy } from '../lib/health.ts';
import { summaryOutputs } from '../lib/summary.ts';

const cfg = firConfig(__ENV);

export function setup(): void {
  requireAfirgenHealthy(cfg.afirgen.baseUrl, cfg.afirgen.vm, cfg.apiKey);
}

export function firSingle(): void {
  firFlow(cfg);
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, cfg.summaryPath);
}
