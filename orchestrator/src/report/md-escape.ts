/**
 * Markdown escaping for text that comes from targets (error messages, response bodies in fault lines,
 * k6's reasons): in a PR comment or step summary such text must not open an HTML tag, break a table cell,
 * start a code span or run over several lines.
 */

/** `<`, `>` and `&` become entities, `|` and backticks are backslash-escaped, line breaks become spaces. */
export function mdEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/\r?\n|\r/g, ' ');
}

/** Cuts text to at most `max` characters (an ellipsis marks the cut), before escaping, so entities stay whole. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
