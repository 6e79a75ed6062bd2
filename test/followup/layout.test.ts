/**
 * A step in parts that fit a phone: packing and moving on and back by the parts' order, so that
 * nothing the person has not seen is ever skipped when the parts change size between two cards.
 */
import { describe, expect, it } from 'vitest';
import {
  type Block,
  blocksHolding,
  pageAfter,
  pageBefore,
  paginate,
  textHeight,
} from '../../src/followup/layout.js';

const block = (key: string, height: number): Block => ({ key, fields: [`${key}.a`, `${key}.b`], height });
const keys = (pages: readonly (readonly Block[])[]) => pages.map((p) => p.map((b) => b.key));

describe('a step in parts', () => {
  it('packs blocks in order into cards within the budget, the header and buttons counted', () => {
    const pages = paginate(
      [block('A', 200), block('B', 200), block('C', 200), block('D', 100)],
      () => 150,
      570,
    );
    expect(keys(pages)).toEqual([
      ['A', 'B'],
      ['C', 'D'],
    ]);
  });

  it('gives a block taller than a card a card of its own, and an empty step one empty card', () => {
    expect(keys(paginate([block('A', 100), block('B', 900), block('C', 100)], () => 150, 570))).toEqual([
      ['A'],
      ['B'],
      ['C'],
    ]);
    expect(keys(paginate([], () => 150, 570))).toEqual([[]]);
  });

  it('moves on to the first block not yet shown, even when the cards were cut differently before', () => {
    // The person saw A and B on a card; A has since shrunk (texts folded away) and C moved up.
    const now = paginate([block('A', 50), block('B', 150), block('C', 200), block('D', 200)], () => 150, 570);
    expect(keys(now)).toEqual([['A', 'B', 'C'], ['D']]);
    const after = pageAfter(now, ['A.a', 'A.b', 'B.a']);
    // C is on the first card now: that card again, rather than skipping C.
    expect(after).toBe(0);
    expect(pageAfter(now, ['C.a'])).toBe(1);
    expect(pageAfter(now, ['D.b'])).toBeNull();
  });

  it('goes back to the card with the block before the first one shown, or out of the step', () => {
    const pages = paginate([block('A', 300), block('B', 300), block('C', 300)], () => 150, 570);
    expect(keys(pages)).toEqual([['A'], ['B'], ['C']]);
    expect(pageBefore(pages, ['C.a'])).toBe(1);
    expect(pageBefore(pages, ['A.a'])).toBeNull();
  });

  it('shows a refused card again with exactly the blocks it held', () => {
    const blocks = [block('A', 100), block('B', 100), block('C', 100)];
    expect(blocksHolding(blocks, ['B.b', 'C.a', 'unknown']).map((b) => b.key)).toEqual(['B', 'C']);
  });

  it('estimates a wrapped text by its lines', () => {
    expect(textHeight('')).toBe(0);
    expect(textHeight('kort')).toBe(20);
    expect(textHeight('x'.repeat(100))).toBe(3 * 20);
    expect(textHeight('a\nb', 'small')).toBe(2 * 16);
  });
});
