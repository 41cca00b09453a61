/**
 * The one escaping helper for text in report.md and summary.md — which GitHub renders in a step summary or a PR
 * comment — so that text from a target (an answer sample, a Redis error, a fault line) is shown as written and
 * can neither format the report nor inject HTML (`-ERR <img src=…>` must stay text):
 *   - `&`, `<`, `>` become entities (GitHub renders inline HTML in Markdown);
 *   - the characters that format inline (`\`, backtick, `*`, `[`, `]`, `~`) and `|` (a table cell's end) get a
 *     backslash; `_` only where it can open or close emphasis, so identifiers like fir_completed stay readable;
 *   - line breaks become spaces (a table row or a list item is one line).
 */
export function mdText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*[\]~|]/g, (c) => `\\${c}`)
    .replace(/(^|[^A-Za-z0-9])_|_(?=[^A-Za-z0-9]|$)/g, (m) => m.replace('_', '\\_'))
    .replace(/\r?\n/g, ' ');
}

/** Cuts text to at most `max` characters (an ellipsis marks the cut), before escaping, so entities stay whole. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
