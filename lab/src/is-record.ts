/**
 * The lab's one plain-object guard (the orchestrator has its own, orchestrator/src/is-record.ts: the lab is a
 * separate package tree): a parsed JSON or YAML object — not null, not an array — whose keys can then be read.
 */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
