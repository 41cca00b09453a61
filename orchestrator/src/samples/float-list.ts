/**
 * A growable list of doubles that never holds its data twice. Small lists (most tag filters see few
 * samples) live in an ordinary Float64Array that grows by copying. A list that outgrows SMALL_MAX moves,
 * once, into a resizable ArrayBuffer: V8 reserves its whole maximum as address space and commits pages as
 * it grows, so growing never copies, and `drain` hands back a view of that same memory instead of an
 * exact-size copy. (The chunked list this replaces had to copy every chunk into one array at the end:
 * for ten million samples that was 80 MB alive twice until the next full GC.)
 */
import { ResultsError } from '../errors.ts';

const SMALL_MAX = 65_536;
/** Address space reserved per large list (committed only as it fills): 1 GiB, 134 million samples. */
const LARGE_MAX_SAMPLES = 2 ** 27;
/** Pages are committed in steps of this many doubles (8 MiB), so a resize is rare. */
const LARGE_STEP = 1 << 20;

export class FloatList {
  private values = new Float64Array(256);
  private large: ArrayBuffer | undefined;
  private used = 0;

  /** `maxSamples` is a test seam: the default is what a real run gets. */
  constructor(private readonly maxSamples = LARGE_MAX_SAMPLES) {}

  get length(): number {
    return this.used;
  }

  push(value: number): void {
    if (this.used === this.values.length) this.grow();
    this.values[this.used++] = value;
  }

  private grow(): void {
    if (this.values.length < SMALL_MAX) {
      const bigger = new Float64Array(Math.min(SMALL_MAX, this.values.length * 4));
      bigger.set(this.values);
      this.values = bigger;
      return;
    }
    const bytes = Math.min(this.maxSamples, this.values.length + LARGE_STEP) * 8;
    if (bytes <= this.values.byteLength) {
      throw new ResultsError(
        `more than ${this.maxSamples.toLocaleString('en')} samples for one metric: loadgate keeps every sample to compute exact percentiles; split the run`,
      );
    }
    if (this.large === undefined) {
      try {
        this.large = new ArrayBuffer(bytes, { maxByteLength: this.maxSamples * 8 });
      } catch (err) {
        // Only the address space is reserved here; a low `ulimit -v` is the usual reason it is refused.
        throw new ResultsError(
          `cannot reserve ${(this.maxSamples * 8) / 2 ** 20} MiB of address space for a metric's samples (ulimit -v?)`,
          {
            cause: err,
          },
        );
      }
      const moved = new Float64Array(this.large);
      moved.set(this.values);
      this.values = moved;
      return;
    }
    this.large.resize(bytes);
    // A fixed-length view: it sees exactly the committed part, and never changes size under the verdict.
    this.values = new Float64Array(this.large, 0, bytes / 8);
  }

  /**
   * The values in arrival order, exactly `length` of them, for the verdict to sort in place. A large
   * list's buffer is shrunk to fit and handed over without a copy. The list is empty afterwards.
   */
  drain(): Float64Array {
    let out: Float64Array;
    if (this.large !== undefined) {
      this.large.resize(this.used * 8);
      out = new Float64Array(this.large, 0, this.used);
    } else {
      out = this.values.slice(0, this.used);
    }
    this.values = new Float64Array(256);
    this.large = undefined;
    this.used = 0;
    return out;
  }
}
