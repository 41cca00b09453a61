/** One word for a POSIX shell: as it is when it is plainly safe, else single-quoted (a quote inside as '\''). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
