/**
 * AFIRGen's model layer as the contract describes it: one shared semaphore of `modelSlots` for every model
 * call (violations fan-out included), per-call timeouts that include the wait for a slot, and a circuit
 * breaker per model server. `/process` has its own limit of `maxConcurrentProcess`.
 */
import type { LabConfig } from '../config.ts';
import { CircuitBreaker } from '../sim/breaker.ts';
import { Semaphore, sleep } from '../sim/semaphore.ts';
import type { Exchange, HostState } from './host.ts';

export type CallOutcome = 'ok' | 'timeout' | 'open';

export class ModelLayer {
  readonly slots: Semaphore;
  readonly processSlots: Semaphore;
  readonly breakers = { model_server: new CircuitBreaker('model_server'), asr_ocr_server: new CircuitBreaker('asr_ocr_server') };
  modelCalls = 0;
  timeouts = 0;

  constructor(private readonly state: HostState) {
    this.slots = new Semaphore(state.config.afirgen.modelSlots);
    this.processSlots = new Semaphore(state.config.afirgen.maxConcurrentProcess);
  }

  configure(config: LabConfig): void {
    this.slots.setLimit(config.afirgen.modelSlots);
    this.processSlots.setLimit(config.afirgen.maxConcurrentProcess);
  }

  /** Waits for the sampled time of a step that is not a model call (retrieval, rendering, text intake). */
  async work(medianMs: number): Promise<void> {
    await sleep(this.state.delays.sample(medianMs, this.state.config.afirgen.sigma));
  }

  /**
   * One model call of median `medianMs` under the shared semaphore. Returns 'timeout' when the wait plus
   * the work would pass `timeoutMs` (the caller then answers 504, or drops a violation check), and 'open'
   * when the server's breaker is open. Returns the time spent queueing through `waited`.
   */
  async call(
    server: keyof ModelLayer['breakers'],
    medianMs: number,
    timeoutMs: number,
    waited: (ms: number) => void,
    // Violation checks that time out are dropped silently and do not trip the breaker.
    countsForBreaker = true,
  ): Promise<CallOutcome> {
    const cfg = this.state.config.afirgen;
    const breaker = this.breakers[server];
    if (breaker.isOpen()) return 'open';
    const t0 = performance.now();
    const got = await this.slots.acquire(timeoutMs);
    const wait = performance.now() - t0;
    waited(wait);
    if (!got) return this.fail(breaker, countsForBreaker);
    this.modelCalls++;
    try {
      const ms = this.state.delays.sample(medianMs, cfg.sigma);
      const left = timeoutMs - wait;
      await sleep(Math.min(ms, left));
      if (ms > left) return this.fail(breaker, countsForBreaker);
    } finally {
      this.slots.release();
    }
    breaker.success();
    return 'ok';
  }

  private fail(breaker: CircuitBreaker, counts: boolean): 'timeout' {
    this.timeouts++;
    if (counts) breaker.failure(this.state.config.afirgen.breakerFailures, this.state.config.afirgen.breakerOpenMs);
    return 'timeout';
  }

  /** Adds queue time to an exchange. */
  static addWait(ex: Exchange): (ms: number) => void {
    return (ms) => {
      ex.queueWaitMs += ms;
    };
  }
}
