/**
 * A counting semaphore with a FIFO queue, like asyncio.Semaphore in the emulated services: excess callers
 * wait their turn. `acquire` takes an optional deadline so a caller whose timeout covers the wait (as the
 * contract's model-call timeouts do) gives up its place in the queue when it expires.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: { resolve: (ok: boolean) => void; timer: NodeJS.Timeout | undefined }[] = [];

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = Math.max(1, Math.floor(limit));
    this.drain();
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  /** Resolves true once a slot is held, or false if `timeoutMs` passed first (no slot is held then). */
  acquire(timeoutMs?: number): Promise<boolean> {
    if (this.active < this.limit && this.waiters.length === 0) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const waiter: { resolve: (ok: boolean) => void; timer: NodeJS.Timeout | undefined } = { resolve, timer: undefined };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve(false);
        }, timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  release(): void {
    this.active = Math.max(0, this.active - 1);
    this.drain();
  }

  private drain(): void {
    while (this.active < this.limit) {
      const next = this.waiters.shift();
      if (!next) return;
      if (next.timer) clearTimeout(next.timer);
      this.active++;
      next.resolve(true);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
