/**
 * fir-concurrency: N concurrent FIR flows (closed model: N VUs), one flow per VU per round, samples tagged
 * `round`; the runner derives each round's batch duration from the raw samples. Logic in lib/fir.ts.
 */
import { firConfig } from '../lib/env.ts';
import { firRound } from '../lib/fir.ts';
import { requireAfirgenHealthy } from '../lib/health.ts';
import { summaryOutputs } from '../lib/summary.ts';

const cfg = firConfig(__ENV);

export function setup(): void {
  requireAfirgenHealthy(cfg.afirgen.baseUrl, cfg.afirgen.vm, cfg.apiKey);
}

export function firConcurrency(): void {
  firRound(cfg);
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, cfg.summaryPath);
}
