/**
 * Records one failed operation (a FIR flow, a chat turn, a stream) as a `loadgate_failures` sample whose
 * value is the number of tries the operation took (retries included) and whose tags say where and how it
 * failed (failure-sample.ts); the orchestrator builds the verdict's failure breakdown from these samples.
 */
import type { RefinedResponse } from 'k6/http';
import { AnswerBudget, failureTags } from './failure-sample.ts';
import { failures } from './metrics.ts';

// Module state is per VU in k6: the budget bounds the answers each VU keeps.
const budget = new AnswerBudget();

export interface FailureContext {
  step: string;
  name: string;
  vm: string;
  extra?: Record<string, string>;
  /** The request timeout the step ran with. */
  timeoutMs?: number;
  /** The scenario's cap on a Retry-After wait, and what the last 429 asked for when it was longer. */
  retryCapMs?: number;
  retryAfterMs?: number;
}

export function recordFailure(ctx: FailureContext, reason: string, res: RefinedResponse<'text'> | undefined, attempts = 1): void {
  const answer = res === undefined ? undefined : { status: res.status, body: res.body, error_code: res.error_code, error: res.error };
  const over =
    ctx.retryAfterMs !== undefined && ctx.retryCapMs !== undefined ? { askedMs: ctx.retryAfterMs, capMs: ctx.retryCapMs } : undefined;
  failures.add(attempts, failureTags(ctx.step, ctx.name, ctx.vm, reason, answer, budget, ctx.extra, ctx.timeoutMs, over));
}
