/**
 * Secrets (Redis password, AFIRGen API key) must never reach a results file, a log line or an argument
 * list. Everything loadgate writes that could carry one goes through `redact` with the plan's secrets.
 */
export const REDACTED = '***';

/** Below this length a secret is replaced only as a whole token (see below). */
const SHORT_SECRET = 8;

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const s of [...secrets].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) {
    out = s.length >= SHORT_SECRET ? out.split(s).join(REDACTED) : out.replace(shortSecretPattern(s), REDACTED);
  }
  return out;
}

/**
 * A short secret ('x', 'pw') also occurs inside ordinary words ('executor'); replacing those would garble every
 * output and the exact command line. Where a secret is written as a value (`KEY=x`, `"x"`, `Bearer x`,
 * `:x@host`) it stands between non-alphanumerics, so only such whole tokens are replaced.
 */
function shortSecretPattern(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g');
}

/** Deep-redacts a JSON-able value: every string equal to or containing a secret. */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, secrets)]));
  }
  return value;
}
