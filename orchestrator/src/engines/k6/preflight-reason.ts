/**
 * The reason a k6 script's `setup()` gave up on its target (k6/lib/preflight.ts), read back from k6's log:
 * k6 prints the abort message as `level=error msg="test aborted: <mark><reason>"` with the message quoted the
 * Go way. Only a line carrying the mark counts, so any other abort stays what it was. Pure.
 */
import { PREFLIGHT_MARK } from '../../../../k6/lib/preflight.ts';

const ABORT_RE = /msg="test aborted: ((?:[^"\\]|\\.)*)"/;

/** Go's quoted string as text; JSON's escapes are a subset of Go's, and anything else is kept as written. */
function unquote(quoted: string): string {
  try {
    const text: unknown = JSON.parse(`"${quoted}"`);
    return typeof text === 'string' ? text : quoted;
  } catch {
    return quoted;
  }
}

export function preflightReason(stderr: string): string | undefined {
  for (const line of stderr.split('\n')) {
    const quoted = ABORT_RE.exec(line)?.[1];
    if (quoted === undefined) continue;
    const message = unquote(quoted);
    if (message.startsWith(PREFLIGHT_MARK)) return message.slice(PREFLIGHT_MARK.length);
  }
  return undefined;
}
