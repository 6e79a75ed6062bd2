/**
 * Every card template, with every fixture and in both action modes, parsed, validated and
 * rendered in Chromium by the Adaptive Cards JavaScript renderer that Web Chat itself uses. Any
 * parse or validation event fails the test: what passes here renders without surprises.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCardRenderer } from '../../src/cards/render.js';
import { webChatPackageDir } from '../../src/dev/page.js';
import { cardFixtures } from '../support/card-fixtures.js';
import { launchChromium } from '../support/chromium.js';

/** The adaptivecards build Web Chat depends on (not the older one at the top of node_modules). */
function adaptiveCardsScript(): string {
  const fromWebChat = createRequire(path.join(webChatPackageDir(), 'package.json'));
  const main = fromWebChat.resolve('adaptivecards');
  return path.join(path.dirname(main), '..', 'dist', 'adaptivecards.js');
}

interface Outcome {
  version: string;
  events: string[];
  rendered: boolean;
  buttons: string[];
  inputs: number;
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  await page.setContent('<!doctype html><html lang="sv"><body><div id="host"></div></body></html>');
  await page.addScriptTag({ path: adaptiveCardsScript() });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** What the page evaluation touches (tsconfig has no DOM library; this runs in the browser). */
interface PageGlobals {
  AdaptiveCards: {
    AdaptiveCard: new () => {
      parse(json: unknown, context: unknown): void;
      validateProperties(): { validationEvents: ValidationEvent[] };
      render(): PageElement | undefined;
    };
    SerializationContext: new () => { eventCount: number; getEventAt(i: number): ValidationEvent };
    ValidationPhase: Record<number, string>;
    ValidationEvent: Record<number, string>;
    Versions: { latest: unknown };
  };
  document: { getElementById(id: string): { replaceChildren(...nodes: PageElement[]): void } | null };
}
interface ValidationEvent {
  phase: number;
  event: number;
  message: string;
}
interface PageElement {
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
}

async function renderInBrowser(card: unknown): Promise<Outcome> {
  return page.evaluate((json) => {
    const { AdaptiveCards: AC, document } = globalThis as unknown as PageGlobals;
    const describe = (e: ValidationEvent) =>
      `${AC.ValidationPhase[e.phase]} ${AC.ValidationEvent[e.event]}: ${e.message}`;
    const card = new AC.AdaptiveCard();
    const context = new AC.SerializationContext();
    card.parse(json, context);
    const events: string[] = [];
    for (let i = 0; i < context.eventCount; i++) events.push(describe(context.getEventAt(i)));
    for (const e of card.validateProperties().validationEvents) events.push(describe(e));
    const element = card.render();
    if (element) document.getElementById('host')?.replaceChildren(element);
    return {
      version: String(AC.Versions.latest),
      events,
      rendered: element !== undefined,
      buttons: Array.from(element?.querySelectorAll('button') ?? []).map((b) => b.textContent ?? ''),
      inputs: element?.querySelectorAll('input, select, textarea').length ?? 0,
    };
  }, card);
}

/** The titles of the card's actions, not counting fallbacks (a client shows one or the other). */
function actionTitles(card: unknown): string[] {
  const titles: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) titles.push(String(o.title ?? ''));
    for (const [key, value] of Object.entries(o)) if (key !== 'fallback' && key !== 'data') visit(value);
  };
  visit(card);
  return titles;
}

describe('every card template in the Adaptive Cards renderer (the one Web Chat uses)', () => {
  const renderer = createCardRenderer();

  it('uses an Adaptive Cards version that knows schema 1.5', async () => {
    const { version } = await renderInBrowser({ type: 'AdaptiveCard', version: '1.5', body: [] });
    expect(Number(version)).toBeGreaterThanOrEqual(1.5);
  });

  for (const fixture of cardFixtures) {
    for (const actions of ['execute', 'submit'] as const) {
      it(`${fixture.card} (${fixture.label}, ${actions}) parses, validates and renders cleanly`, async () => {
        const card = renderer.render(fixture.card, fixture.data as never, { actions });
        const outcome = await renderInBrowser(card);
        expect(outcome.events).toEqual([]);
        expect(outcome.rendered).toBe(true);
        // Every action the card declares is a button a person can press.
        expect(outcome.buttons.sort()).toEqual(actionTitles(card).sort());
      });
    }
  }
});
