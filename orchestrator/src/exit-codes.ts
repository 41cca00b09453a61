/**
 * The gate's exit codes: the one table the CLI, the verdict and the README share
 * (the README's copy is pinned by test/unit/exit-codes.test.ts).
 */
export const EXIT = {
  /** Every strict criterion held and the planned load was delivered. */
  PASS: 0,
  /** A strict criterion failed, or a significant regression against the baseline. */
  FAIL: 1,
  /** Usage or configuration error: nothing was sent. */
  USAGE: 2,
  /** Preflight failed: the target was unreachable before any load. */
  PREFLIGHT: 3,
  /** The run did not deliver the planned load, or a criterion had no data. */
  INVALID: 4,
  /** k6 crashed, tools disagreed, or loadgate itself failed. */
  ERROR: 5,
  /** The load was delivered, but the evidence cannot decide a strict criterion (its confidence interval straddles the limit, or too few samples). */
  INCONCLUSIVE: 6,
  /** Interrupted by SIGINT. */
  SIGINT: 130,
  /** Interrupted by SIGTERM. */
  SIGTERM: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The signals that interrupt a run. */
export type Interrupt = 'SIGINT' | 'SIGTERM';

/** The one signal → exit code mapping: 130 for SIGINT, 143 for SIGTERM (128 + the signal's number). */
export function exitForInterrupt(signal: Interrupt): ExitCode {
  return signal === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT;
}

/** Which interrupt aborted a controller's signal (main.ts aborts with the signal's name); undefined when none did. */
export function interruptOf(signal: AbortSignal): Interrupt | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

/** Rows of the README's exit-code table, in order: status, meaning, code. */
export const EXIT_TABLE: ReadonlyArray<readonly [status: string, meaning: string, code: string]> = [
  ['PASS', 'every strict criterion held, the load was delivered', '0'],
  ['FAIL', 'a strict criterion failed, or a significant regression against the baseline', '1'],
  ['—', 'usage or configuration error; nothing was sent', '2'],
  ['PREFLIGHT', 'preflight failed: the target was unusable before any load (verdict.json says why)', '3'],
  ['INVALID', 'the run did not deliver the planned load, or a criterion had no data', '4'],
  ['ERROR', 'k6 crashed, tools disagreed, internal error', '5'],
  ['INCONCLUSIVE', "the load was delivered, but a strict criterion's confidence interval straddles its limit (or too few samples)", '6'],
  ['ABORTED', 'interrupted by SIGINT / SIGTERM', '130 / 143'],
];

/**
 * The gate policy's one table (`loadgate run --fail-on`): every status a policy can name, the verdict status it
 * stands for and the code that status exits with while it is in the policy. A status left out of the policy
 * exits 0 with a warning. PASS is always 0; ABORTED (130 / 143), usage errors (2) and preflight failures (3)
 * are not in this table, so no policy can waive them.
 */
export const GATE_STATUSES = {
  fail: { status: 'FAIL', exit: EXIT.FAIL },
  invalid: { status: 'INVALID', exit: EXIT.INVALID },
  error: { status: 'ERROR', exit: EXIT.ERROR },
  inconclusive: { status: 'INCONCLUSIVE', exit: EXIT.INCONCLUSIVE },
} as const;

export type GateStatusName = keyof typeof GATE_STATUSES;

/** The README's override row for the gate policy (pinned by test/unit/exit-codes.test.ts like the table above). */
export const GATE_POLICY_ROW: readonly [what: string, example: string] = [
  'gate policy',
  `\`loadgate run --fail-on fail,error\` (default: \`${Object.keys(GATE_STATUSES).join(',')}\`): a status left out exits 0 with a WARNING line and is recorded in verdict.json and summary.md; ABORTED, 2 and 3 are never waived`,
];
