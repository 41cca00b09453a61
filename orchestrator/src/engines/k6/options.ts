/**
 * options.json: the one route by which executor, thresholds and tags reach k6 (`k6 run --config`).
 * Scripts export no options; everything here comes from the plan. Pure.
 */
import { K6_SYSTEM_TAGS } from '../../catalog.ts';
import type { ExecutorPlan, K6ScenarioPlan } from '../../plan/types.ts';
import { SUMMARY_TREND_STATS } from '../../../../k6/lib/summary.ts';
import { durationSeconds } from './duration.ts';
import { scriptOf } from './scripts.ts';

export interface K6Threshold {
  threshold: string;
  abortOnFail: boolean;
  delayAbortEval?: string;
}

export interface K6Options {
  scenarios: Record<string, Record<string, unknown> & { executor: string; exec: string }>;
  thresholds: Record<string, K6Threshold[]>;
  summaryTrendStats: string[];
  systemTags: string[];
  tags: { run_id: string; scenario: string };
  /** Always 0: k6 never follows a redirect on its own, so a 3xx cannot lead it (and the API key) off the inventory. */
  maxRedirects: 0;
  /** The run's pinned addresses for the target names (k6's own DNS override): k6 resolves nothing itself. */
  hosts?: Record<string, string>;
}

export function execFunctionFor(scenario: string): string {
  return scriptOf(scenario).exec;
}

export function buildK6Options(plan: K6ScenarioPlan, runId: string, pins: Readonly<Record<string, string>> = {}): K6Options {
  const { type, ...rest } = plan.executor;
  const thresholds: Record<string, K6Threshold[]> = {};
  for (const c of plan.criteria) {
    if (c.source !== 'k6') continue; // canary, probe and derived metrics are evaluated by loadgate alone
    if (c.window !== undefined) continue; // k6 judges thresholds on the whole run; a window is loadgate's alone
    const t: K6Threshold = { threshold: c.expression, abortOnFail: c.abortOnFail };
    if (c.delayAbortEval !== undefined) t.delayAbortEval = c.delayAbortEval;
    (thresholds[c.selector] ??= []).push(t);
  }
  return {
    scenarios: { [plan.id]: { executor: type, ...rest, exec: execFunctionFor(plan.scenario) } },
    thresholds,
    summaryTrendStats: [...SUMMARY_TREND_STATS],
    // `scenario` is deliberately not a system tag: the global tag below carries the plan's scenario id.
    systemTags: [...K6_SYSTEM_TAGS],
    tags: { run_id: runId, scenario: plan.id },
    // No contract endpoint redirects: a 3xx is answered as it is and counted as a failure with its status.
    maxRedirects: 0,
    ...pinsFor(plan, pins),
  };
}

/** Only the plan's own target names, so options.json names no host the scenario does not load. */
function pinsFor(plan: K6ScenarioPlan, pins: Readonly<Record<string, string>>): { hosts?: Record<string, string> } {
  const hosts: Record<string, string> = {};
  for (const t of Object.values(plan.targets)) {
    const address = pins[t.host];
    if (address !== undefined) hosts[t.host] = address;
  }
  return Object.keys(hosts).length > 0 ? { hosts } : {};
}

const sum = (stages: ReadonlyArray<{ duration: string }>): number => stages.reduce((s, st) => s + durationSeconds(st.duration), 0);

/** The load the plan asks for: vus, iterations or rate (per second), durationSeconds. */
export function intendedLoad(e: ExecutorPlan): Record<string, number> {
  switch (e.type) {
    case 'shared-iterations':
      return { vus: e.vus, iterations: e.iterations, durationSeconds: durationSeconds(e.maxDuration) };
    case 'per-vu-iterations':
      return { vus: e.vus, iterations: e.vus * e.iterations, durationSeconds: durationSeconds(e.maxDuration) };
    case 'constant-vus':
      return { vus: e.vus, durationSeconds: durationSeconds(e.duration) };
    case 'ramping-vus':
      return { vus: Math.max(e.startVUs, ...e.stages.map((s) => s.target)), durationSeconds: sum(e.stages) };
    case 'constant-arrival-rate': {
      const rate = e.rate / durationSeconds(e.timeUnit);
      const seconds = durationSeconds(e.duration);
      return { vus: e.maxVUs, rate, iterations: Math.round(rate * seconds), durationSeconds: seconds };
    }
    case 'ramping-arrival-rate': {
      const unit = durationSeconds(e.timeUnit);
      let from = e.startRate;
      let iterations = 0;
      for (const s of e.stages) {
        iterations += ((from + s.target) / 2 / unit) * durationSeconds(s.duration);
        from = s.target;
      }
      const peak = Math.max(e.startRate, ...e.stages.map((s) => s.target)) / unit;
      return { vus: e.maxVUs, rate: peak, iterations: Math.round(iterations), durationSeconds: sum(e.stages) };
    }
  }
}
