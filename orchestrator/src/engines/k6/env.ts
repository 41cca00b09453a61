/**
 * The environment of one k6 process: hosts, key and parameters as LOADGATE_* (k6/lib/env-names.ts is the
 * shared list), where to write the summary and the dashboard, and no usage report. k6 gets only these and
 * a few neutral variables (PATH, HOME, …), not the orchestrator's whole environment, so unrelated secrets
 * never reach the script runtime. Pure.
 */
import { ENV, PARAM_ENV, TARGET_ENV } from '../../../../k6/lib/env-names.ts';
import type { K6ScenarioPlan } from '../../plan/types.ts';
import { redact } from '../../safety/redact.ts';
import { shellQuote } from '../../shell-quote.ts';

/** Variables from our own environment that k6 may keep (locale, temp dir, home for its config lookup). */
export const PASS_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ'] as const;

/**
 * Parameters the orchestrator turns into the executor itself (fir-concurrency's VUs and iterations, config/build.ts):
 * no script reads them, so they are not handed to k6.
 */
const EXECUTOR_PARAMS: ReadonlySet<string> = new Set(['concurrency', 'rounds']);

export interface K6Paths {
  summary: string;
  /** Where k6 exports its web dashboard; absent = no dashboard (the default: `loadgate run --dashboard` asks for it). */
  dashboard?: string;
}

export function paramEnvName(param: string): string {
  return (
    PARAM_ENV[param] ??
    `LOADGATE_PARAM_${param
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/\W/g, '_')
      .toUpperCase()}`
  );
}

export function buildK6Env(plan: K6ScenarioPlan, runId: string, paths: K6Paths, base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASS_THROUGH) {
    const v = base[name];
    if (v !== undefined) env[name] = v;
  }
  env[ENV.runId] = runId;
  env[ENV.scenarioId] = plan.id;
  env[ENV.summaryPath] = paths.summary;
  for (const [role, target] of Object.entries(plan.targets)) {
    const names = TARGET_ENV[role];
    if (!names) continue;
    env[names.url] = target.baseUrl;
    env[names.vm] = target.vm;
  }
  if (plan.apiKey !== undefined) env[ENV.afirgenKey] = plan.apiKey;
  for (const [param, value] of Object.entries(plan.params)) if (!EXECUTOR_PARAMS.has(param)) env[paramEnvName(param)] = String(value);
  if (paths.dashboard !== undefined) Object.assign(env, dashboardEnv(paths.dashboard));
  // No phoning home: loadgate sends nothing beyond the targets in the inventory.
  env['K6_NO_USAGE_REPORT'] = 'true';
  return env;
}

/**
 * k6's own web dashboard, exported as one HTML file; port -1 = no listening socket. Opt-in: it aggregates every
 * sample a second time, in the measured k6 process, for a report that duplicates report.html (bench/README.md
 * has its cost per request). A 1 s aggregation period (the default is 10 s) gives runs of a few seconds a report
 * too; k6 still skips runs shorter than a couple of periods ("report generation was skipped"), so
 * dashboard.html is optional in a run directory even when asked for.
 */
function dashboardEnv(path: string): Record<string, string> {
  return { K6_WEB_DASHBOARD: 'true', K6_WEB_DASHBOARD_PORT: '-1', K6_WEB_DASHBOARD_PERIOD: '1s', K6_WEB_DASHBOARD_EXPORT: path };
}

/** The command as a shell line (env assignments, binary, args) with secrets redacted. */
export function commandLine(env: Record<string, string>, bin: string, args: readonly string[], secrets: readonly string[]): string {
  const assignments = Object.entries(env)
    .filter(([k]) => !(PASS_THROUGH as readonly string[]).includes(k))
    .map(([k, v]) => `${k}=${shellQuote(v)}`);
  return redact(['env', '-i', ...assignments, shellQuote(bin), ...args.map(shellQuote)].join(' '), secrets);
}
