/**
 * A growable list of doubles stored in fixed-size Float64Array chunks: appending never copies what is
 * already stored (doubling a single array would briefly hold 3× the data), and `drain` makes the one
 * exact-size copy the verdict sorts in place.
 */
const CHUNK = 65_536;

export class FloatList {
  private readonly chunks: Float64Array[] = [];
  private current = new Float64Array(256);
  private used = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(value: number): void {
    if (this.used === this.current.length) this.grow();
    this.current[this.used++] = value;
    this.total++;
  }

  private grow(): void {
    // Small lists stay small (most tag filters see few samples); big ones move to full chunks.
    if (this.current.length < CHUNK) {
      const bigger = new Float64Array(Math.min(CHUNK, this.current.length * 4));
      bigger.set(this.current);
      this.current = bigger;
      return;
    }
    this.chunks.push(this.current);
    this.current = new Float64Array(CHUNK);
    this.used = 0;
  }

  /**
   * The values in arrival order, in one exact-size array. Drains the list (chunks are released as they
   * are copied, so ten million samples never exist twice over): the list is empty afterwards.
   */
  drain(): Float64Array {
    const out = new Float64Array(this.total);
    let at = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i] ?? new Float64Array(0);
      out.set(c, at);
      at += c.length;
      this.chunks[i] = new Float64Array(0);
    }
    out.set(this.current.subarray(0, this.used), at);
    this.chunks.length = 0;
    this.current = new Float64Array(256);
    this.used = 0;
    this.total = 0;
    return out;
  }
}
