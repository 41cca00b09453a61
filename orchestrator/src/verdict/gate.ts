/**
 * The gate policy: which verdict statuses fail the build (`loadgate run --fail-on fail,invalid,error`, default
 * all of them). The verdict keeps its status and that status's own exit code; the policy decides the code the
 * process exits with, recorded beside them as `gate`. A status outside the policy exits 0 and says so loudly
 * (console, summary.md, verdict.json) — a waiver nobody sees would be a silent pass. PASS is always 0 and
 * ABORTED is never waived: neither appears in GATE_STATUSES, the one table a policy can draw on.
 */
import { UsageError } from '../errors.ts';
import { EXIT, GATE_STATUSES, type ExitCode, type GateStatusName } from '../exit-codes.ts';
import type { Gate, Verdict } from './types.ts';

function isGateStatusName(name: string): name is GateStatusName {
  return Object.hasOwn(GATE_STATUSES, name);
}

/** Every status a policy can name, in the table's order: the default policy. */
export const ALL_GATE_STATUSES: readonly GateStatusName[] = Object.keys(GATE_STATUSES).filter(isGateStatusName);

/** `fail,invalid` → the policy, in the table's order; a name loadgate cannot produce is a usage error. */
export function parseFailOn(text: string): GateStatusName[] {
  const known = ALL_GATE_STATUSES.join(', ');
  const names = text
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  if (names.length === 0)
    throw new UsageError(`run: --fail-on needs at least one status (${known}); leave the flag out to fail on all of them`);
  for (const n of names) {
    if (!isGateStatusName(n)) throw new UsageError(`run: --fail-on: '${n}' is not a status loadgate produces (one of: ${known})`);
  }
  return ALL_GATE_STATUSES.filter((n) => names.includes(n));
}

/** The policy as the flag that sets it: `--fail-on fail,error`. */
export function policyFlag(failOn: readonly GateStatusName[]): string {
  return `--fail-on ${failOn.join(',')}`;
}

/** Judges the verdict's current status under the policy. Call again whenever the status changes (an interrupt). */
export function applyGate(v: Verdict, failOn: readonly GateStatusName[]): void {
  const gate: Gate = { failOn: [...failOn], exitCode: v.exitCode };
  const entry = ALL_GATE_STATUSES.find((n) => GATE_STATUSES[n].status === v.status);
  if (entry !== undefined && !failOn.includes(entry)) {
    gate.exitCode = EXIT.PASS;
    gate.waived = GATE_STATUSES[entry].status;
  }
  v.gate = gate;
}

/** The code loadgate exits with for this verdict: the policy's, or the status's own for verdicts without one. */
export function gateExitCode(v: Verdict): ExitCode {
  return v.gate?.exitCode ?? v.exitCode;
}

/** The loud line a waiver prints (console and summary.md); undefined when nothing was waived. */
export function waiverWarning(v: Verdict): string | undefined {
  if (v.gate?.waived === undefined) return undefined;
  return (
    `gate policy ${policyFlag(v.gate.failOn)} waives ${v.gate.waived}: exit 0 instead of ${v.exitCode}; ` +
    `the run is still ${v.gate.waived} (see its reasons)`
  );
}
