/**
 * AFIRGen's sliding-window rate limiter: at most `limit` requests per `windowMs` per client.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  /** Records a hit for `client` and says whether it is within the limit. */
  allow(client: string, limit: number, windowMs: number, now = Date.now()): boolean {
    const list = this.hits.get(client) ?? [];
    let drop = 0;
    while (drop < list.length && (list[drop] ?? 0) <= now - windowMs) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length >= limit) {
      this.hits.set(client, list);
      return false;
    }
    list.push(now);
    this.hits.set(client, list);
    return true;
  }

  reset(): void {
    this.hits.clear();
  }
}
