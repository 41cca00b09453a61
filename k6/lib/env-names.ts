/**
 * The names of the environment variables through which the orchestrator hands a k6 script everything it
 * needs (hosts, key, parameters, where to write the summary). One list, imported by both sides — the
 * script's parser (env.ts) and the runner (orchestrator/src/engines/k6/env.ts) — so the two cannot drift.
 * Pure: no `k6` import.
 */
export const ENV = {
  runId: 'LOADGATE_RUN_ID',
  scenarioId: 'LOADGATE_SCENARIO_ID',
  summaryPath: 'LOADGATE_SUMMARY_PATH',
  afirgenUrl: 'LOADGATE_AFIRGEN_URL',
  afirgenVm: 'LOADGATE_AFIRGEN_VM',
  afirgenKey: 'LOADGATE_AFIRGEN_KEY',
  chatUrl: 'LOADGATE_CHAT_URL',
  chatVm: 'LOADGATE_CHAT_VM',
  textLength: 'LOADGATE_TEXT_LENGTH',
  textVia: 'LOADGATE_TEXT_VIA',
  pauseMs: 'LOADGATE_PAUSE_MS',
  turns: 'LOADGATE_TURNS',
  thinkTimeMs: 'LOADGATE_THINK_TIME_MS',
  httpTimeoutMs: 'LOADGATE_HTTP_TIMEOUT_MS',
  retryMaxWaitMs: 'LOADGATE_RETRY_MAX_WAIT_MS',
  // FIR input and per-step timeouts (issue 18).
  input: 'LOADGATE_INPUT',
  processTimeoutMs: 'LOADGATE_PROCESS_TIMEOUT_MS',
  summaryTimeoutMs: 'LOADGATE_SUMMARY_TIMEOUT_MS',
  violationsTimeoutMs: 'LOADGATE_VIOLATIONS_TIMEOUT_MS',
  narrativeTimeoutMs: 'LOADGATE_NARRATIVE_TIMEOUT_MS',
  firTimeoutMs: 'LOADGATE_FIR_TIMEOUT_MS',
  completeTimeoutMs: 'LOADGATE_COMPLETE_TIMEOUT_MS',
} as const;

export type EnvKey = keyof typeof ENV;

/** Plan parameter name (profile) → environment variable, per parameter the scripts understand. */
export const PARAM_ENV: Readonly<Record<string, string>> = {
  textLength: ENV.textLength,
  textVia: ENV.textVia,
  pauseMs: ENV.pauseMs,
  turns: ENV.turns,
  thinkTimeMs: ENV.thinkTimeMs,
  httpTimeoutMs: ENV.httpTimeoutMs,
  retryMaxWaitMs: ENV.retryMaxWaitMs,
  input: ENV.input,
  processTimeoutMs: ENV.processTimeoutMs,
  summaryTimeoutMs: ENV.summaryTimeoutMs,
  violationsTimeoutMs: ENV.violationsTimeoutMs,
  narrativeTimeoutMs: ENV.narrativeTimeoutMs,
  firTimeoutMs: ENV.firTimeoutMs,
  completeTimeoutMs: ENV.completeTimeoutMs,
};

/** Target role in the plan → the variables carrying its base URL and VM name. */
export const TARGET_ENV: Readonly<Record<string, { url: string; vm: string }>> = {
  afirgen: { url: ENV.afirgenUrl, vm: ENV.afirgenVm },
  chat: { url: ENV.chatUrl, vm: ENV.chatVm },
};

/**
 * The function each bundled script exports for options.json's `exec`, by catalog scenario. Scripts export
 * no `options`: the runner writes them.
 */
export const EXEC_FUNCTIONS: Readonly<Record<string, string>> = {
  'fir-single': 'firSingle',
  'fir-concurrency': 'firConcurrency',
  chat: 'chatClosed',
  'chat-open': 'chatOpen',
  'chat-stream': 'chatStream',
};
