/**
 * A circuit breaker per model server: `failures` consecutive failures open it for `openMs`; while open every
 * call fails at once. The first call after the open period is let through (half-open).
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;

  constructor(readonly name: string) {}

  isOpen(now = Date.now()): boolean {
    return now < this.openUntil;
  }

  success(): void {
    this.consecutive = 0;
  }

  failure(failures: number, openMs: number, now = Date.now()): void {
    this.consecutive++;
    if (this.consecutive >= failures) {
      this.openUntil = now + openMs;
      this.consecutive = 0;
    }
  }

  state(now = Date.now()): { state: 'open' | 'closed'; consecutive_failures: number } {
    return { state: this.isOpen(now) ? 'open' : 'closed', consecutive_failures: this.consecutive };
  }
}
