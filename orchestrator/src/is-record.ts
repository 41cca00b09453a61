/**
 * The one plain-object guard of the orchestrator (lab/src/is-record.ts is the lab's, a separate package tree):
 * a parsed JSON or YAML object — not null, not an array — whose keys can then be read as `unknown`.
 */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
