/**
 * A run that ends in a preflight failure (exit 3: the target was unusable before any load) still leaves a
 * verdict.json, so CI tooling reads why instead of finding no file: status PREFLIGHT, exit 3, the preflight's
 * reason first, and any scenarios that finished before it with their own verdicts. Only verdict.json is
 * written — the other reports describe load, and there was none to describe. No gate policy waives it.
 */
import { join } from 'node:path';
import { EXIT } from '../exit-codes.ts';
import { writeAtomic } from '../report/atomic.ts';
import { redact } from '../safety/redact.ts';
import { verdictJson } from '../report/write.ts';
import { buildVerdict, type VerdictInput } from '../verdict/build.ts';
import type { Verdict } from '../verdict/types.ts';

export async function writePreflightVerdict(input: VerdictInput, reason: string): Promise<Verdict> {
  const verdict = await buildVerdict(input);
  verdict.status = 'PREFLIGHT';
  verdict.exitCode = EXIT.PREFLIGHT;
  verdict.reasons = [redact(reason, input.plan.secrets)];
  if (verdict.gate) verdict.gate = { failOn: verdict.gate.failOn, exitCode: EXIT.PREFLIGHT };
  await writeAtomic(join(input.runDir, 'verdict.json'), verdictJson(verdict));
  return verdict;
}
