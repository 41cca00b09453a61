/**
 * A version-4 UUID from 16 random bytes (RFC 9562 §5.4). k6 gives us random bytes (`k6/crypto`); this
 * turns them into the lower-case form both contracts require. Pure, so it is tested under Node.
 */
export function uuid4FromBytes(bytes: Uint8Array): string {
  if (bytes.length < 16) throw new Error(`uuid4 needs 16 random bytes, got ${bytes.length}`);
  const b = Array.from(bytes.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40; // version 4
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // RFC variant
  const hex = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
