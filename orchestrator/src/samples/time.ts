/**
 * Turns k6's sample times (RFC 3339 with nanoseconds, e.g. `2026-11-23T11:10:44.018137083Z` or
 * `…+05:30`) into epoch seconds. Samples arrive in time order, so the second-resolution prefix repeats
 * for thousands of lines: one Date.parse per distinct second, and no string built per sample.
 */
export class SecondClock {
  private prefix = '';
  private zone = '';
  private lastSecond = Number.NaN;

  /** Epoch second of the ISO time at text[at, end), or NaN when it is not one. */
  second(text: string, at: number, end: number): number {
    // The fraction (`.` + digits after the seconds) is dropped, the zone kept: exact at one-second resolution.
    let zoneAt = at + 19;
    if (text.charCodeAt(zoneAt) === 46 /* . */) {
      zoneAt++;
      while (zoneAt < end && text.charCodeAt(zoneAt) >= 48 && text.charCodeAt(zoneAt) <= 57) zoneAt++;
    }
    if (
      this.prefix.length === 19 &&
      end - zoneAt === this.zone.length &&
      text.startsWith(this.prefix, at) &&
      text.startsWith(this.zone, zoneAt)
    )
      return this.lastSecond;
    this.prefix = text.slice(at, at + 19);
    this.zone = text.slice(zoneAt, end);
    this.lastSecond = Math.floor(Date.parse(this.prefix + this.zone) / 1000);
    return this.lastSecond;
  }
}
