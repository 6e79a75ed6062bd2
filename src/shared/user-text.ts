/**
 * Text people type is data, never markup. Two rules, each one function used everywhere:
 * `cleanUserText` when text comes in (card submits, motivations, names), `escapeMarkdown`
 * when text goes where markdown is rendered: Adaptive Card texts and facts, the Markdown report.
 */

/**
 * C0 and C1 control characters except tab and line feed, bidirectional embeddings, overrides and
 * isolates, zero-width characters and the byte order mark: invisible, and able to make a text
 * read differently from what it is (e.g. a right-to-left override reverses what follows).
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Normalises line breaks, removes invisible and direction-changing characters, trims. */
export function cleanUserText(input: string): string {
  return input.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').trim();
}

/**
 * Characters that open markdown in Adaptive Cards (and CommonMark, which Web Chat uses): emphasis,
 * links, autolinks, code, strike-through. Parentheses alone do nothing without brackets.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_~[\]<>]/g;

/**
 * Makes a text show literally in a TextBlock, a fact or the Markdown report, whatever it contains: emphasis, links,
 * autolinks and inline code are escaped with a backslash, and a line that would start a list gets
 * its marker escaped.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
      // Clients that auto-link (Web Chat's markdown-it does) would make these clickable.
      .replace(/(?<=[a-z0-9])(:)(?=\/\/)/gi, '\\:')
      .replace(/(?<=\bwww)\./gi, '\\.')
      .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2')
      .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.')
  );
}
