/**
 * A step card that fits a phone: a step's parts (a goal's status and texts, each indicator, each
 * uppdrag) are packed into cards of about one screen at 390 px, estimated from their text, so the
 * card that follows "Nästa" starts in view. Moving on and back goes by the parts' order, not by
 * card numbers: what the person has already seen is never skipped when a card's parts change size.
 */

/** One part of a step, with the input ids it holds and about how tall it is (px at 390 px). */
export interface Block {
  readonly key: string;
  readonly fields: readonly string[];
  readonly height: number;
}

/**
 * About how much a step card may fill (px at 390 px), its header and buttons included: a phone's
 * chat shows some 630 px between its header and its message box, and the card's time stamp
 * and margins take some of them.
 */
export const CARD_BUDGET = 570;

/** Line heights and characters per line at 390 px (Web Chat and Teams' fonts differ a little). */
const LINE = {
  normal: { px: 20, chars: 34 },
  bold: { px: 20, chars: 30 },
  small: { px: 16, chars: 42 },
  heading: { px: 25, chars: 24 },
};

/** The height of a wrapped text block of `text` at 390 px. */
export function textHeight(text: string, kind: keyof typeof LINE = 'normal'): number {
  if (text === '') return 0;
  const { px, chars } = LINE[kind];
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / chars)), 0);
  return lines * px;
}

/**
 * Packs blocks, in order, into cards of at most `budget` px each, after `chrome(first)` px of
 * header and buttons. A block taller than a card gets a card of its own.
 */
export function paginate(
  blocks: readonly Block[],
  chrome: (first: boolean) => number,
  budget = CARD_BUDGET,
): Block[][] {
  const pages: Block[][] = [];
  let page: Block[] = [];
  let used = chrome(true);
  for (const block of blocks) {
    if (page.length > 0 && used + block.height > budget) {
      pages.push(page);
      page = [];
      used = chrome(false);
    }
    page.push(block);
    used += block.height;
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

/** The blocks a submitted card held, by the input ids it named. */
function shownIndexes(blocks: readonly Block[], fields: readonly string[]): number[] {
  const named = new Set(fields);
  return blocks.flatMap((b, i) => (b.fields.some((f) => named.has(f)) ? [i] : []));
}

/**
 * The card to show after one that held `fields`: the one with the first block after them, or
 * null when they were the step's last. With no fields known, the first card.
 */
export function pageAfter(pages: readonly (readonly Block[])[], fields: readonly string[]): number | null {
  const blocks = pages.flat();
  const shown = shownIndexes(blocks, fields);
  if (shown.length === 0) return null;
  const next = blocks[Math.max(...shown) + 1];
  return next ? pages.findIndex((p) => p.includes(next)) : null;
}

/** The card before one that held `fields`, or null when they were the step's first. */
export function pageBefore(pages: readonly (readonly Block[])[], fields: readonly string[]): number | null {
  const blocks = pages.flat();
  const shown = shownIndexes(blocks, fields);
  if (shown.length === 0) return null;
  const previous = blocks[Math.min(...shown) - 1];
  return previous ? pages.findIndex((p) => p.includes(previous)) : null;
}

/** The blocks that hold any of `fields`: a refused card is shown again with exactly what it held. */
export function blocksHolding(blocks: readonly Block[], fields: readonly string[]): Block[] {
  return shownIndexes(blocks, fields).flatMap((i) => (blocks[i] ? [blocks[i]] : []));
}
