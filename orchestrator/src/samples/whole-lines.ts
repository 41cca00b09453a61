/**
 * Cutting a byte stream at its last newline, for the Transforms that pass or rewrite whole sample lines
 * (samples/shift.ts, engines/k6/salvage.ts): a newline byte never occurs inside a UTF-8 sequence, so what comes
 * before it decodes whole.
 */

export interface WholeLinesCut {
  /** Every byte up to and including the last newline; absent when the data holds none yet. */
  whole?: Buffer;
  /** What follows it: the start of a line still to come (copied, so the chunk it came from can be released). */
  tail: Buffer;
}

/** The previous tail and a new chunk, cut at the last newline. */
export function cutAtLastNewline(tail: Buffer, chunk: Buffer): WholeLinesCut {
  const data = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
  const cut = data.lastIndexOf(0x0a);
  if (cut < 0) return { tail: data };
  return { whole: data.subarray(0, cut + 1), tail: Buffer.from(data.subarray(cut + 1)) };
}
