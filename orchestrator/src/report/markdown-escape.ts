/**
 * Escapes text that came from a target (an answer sample, an error message) for Markdown, so that a `*`, a
 * backtick, a link or an HTML tag in a backend's answer is shown as written instead of formatting the report.
 * The one escaping helper for such text in report.md (table cells add their own `|` escape: markdown.ts).
 */
export function mdEscape(text: string): string {
  return (
    text
      // The characters that format inline in GitHub's Markdown; `_` only between words does not, and
      // identifiers such as fir_completed stay readable in the raw file.
      .replace(/[\\`*[\]~]/g, (c) => `\\${c}`)
      .replace(/(^|[^A-Za-z0-9])_|_(?=[^A-Za-z0-9]|$)/g, (m) => m.replace('_', '\\_'))
      // Only `<` that could open a tag or comment: `max<30000` reads as written.
      .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
      .replace(/\r?\n/g, ' ')
  );
}
