/**
 * One redis.conf value, quoted by Redis's own rules (sdssplitargs): inside double quotes `\"` and `\\` stand
 * for themselves and `\xHH` for any byte. Every byte that is not printable ASCII is written as `\xHH`, so a
 * value with spaces, quotes, a newline or UTF-8 stays one argument and can never start a new config line.
 */
export function redisConfValue(value: string): string {
  let out = '"';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}
