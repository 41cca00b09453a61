/**
 * Each sample file's own share of what the reader collected: the reader reads files one after the other and
 * appends every value in arrival order, so a file's values of a metric (or of a tag filter) are one contiguous
 * range of that list. The reader marks where each file's ranges end; after the lists are drained — before
 * anything sorts them — each range is tallied: how many values, their sum, how many were not 0. For a
 * distributed scenario (one file per generator) that is each generator's count, a counter's total and a rate's
 * passes, exactly, without reading any file twice.
 */

export interface FileTally {
  count: number;
  sum: number;
  nonzero: number;
}

export class FileMarks {
  private readonly ends = new Map<string, number[]>();

  /** After a file: `length` is where that file's values of `key` end. */
  mark(key: string, length: number): void {
    let list = this.ends.get(key);
    if (list === undefined) this.ends.set(key, (list = []));
    list.push(length);
  }

  /** After a file: every metric's list, and every tagged filter's (an untagged one is its metric's own list). */
  markLists(metrics: ReadonlyArray<[string, { length: number }]>, filters: ReadonlyMap<string, { length: number }>): void {
    const names = new Set<string>();
    for (const [name, list] of metrics) {
      names.add(name);
      this.mark(name, list.length);
    }
    for (const [key, list] of filters) if (!names.has(key)) this.mark(key, list.length);
  }

  /** Per file (as named to the reader), per key, the tally of its range; a file with none of a key has no entry. */
  tally(files: readonly string[], valuesOf: (key: string) => Float64Array | undefined): Map<string, Map<string, FileTally>> {
    const out = new Map<string, Map<string, FileTally>>(files.map((f) => [f, new Map()]));
    for (const [key, at] of this.ends) {
      const values = valuesOf(key);
      if (values === undefined) continue;
      // A metric first met in a later file has no marks for the files before it: they had none of it.
      const first = files.length - at.length;
      for (let i = 0; i < at.length; i++) {
        const from = i === 0 ? 0 : (at[i - 1] ?? 0);
        const to = at[i] ?? 0;
        if (to === from) continue;
        const t: FileTally = { count: to - from, sum: 0, nonzero: 0 };
        for (let j = from; j < to; j++) {
          const v = values[j] ?? 0;
          t.sum += v;
          if (v !== 0) t.nonzero++;
        }
        out.get(files[first + i] ?? '')?.set(key, t);
      }
    }
    return out;
  }
}
