/**
 * A month on a phone: the chat page at 390 × 844 px in Debian's Chromium, the real Web Chat bundle
 * rendering our cards, every demo manager walking August as a person who keeps last month's
 * values would (typing only what is new: the indicators' outcomes). Every card's height is
 * measured and reported (stdout and test-artifacts/dev-phone/report.json), with the taps it took.
 *
 * One screen is the transcript's visible height at this size: what a person sees between the
 * chat's header and its message box.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoAnswers } from '../../src/dev/demo.js';
import { devIdentities } from '../../src/dev/identities.js';
import { fixedClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { type Card, cardText } from '../support/bot-session.js';
import { launchChromium } from '../support/chromium.js';
import { type DevApp, startDevApp } from '../support/dev-app.js';
import { type CardInput, cardOf, inputIds, type SentActivity } from '../support/fake-teams.js';
import { phoneAnswer } from '../support/phone-answers.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const ARTIFACTS = path.resolve('test-artifacts', 'dev-phone');
const WAIT_MS = 15_000;
const PHONE = { width: 390, height: 844 };
/** The bound on a step card, in screens. */
const TALLEST_STEP_SCREENS = 1.5;

let dev: DevApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

interface Measured {
  readonly identity: string;
  readonly kind: 'welcome' | 'start' | 'step' | 'summary' | 'receipt' | 'other';
  readonly title: string;
  readonly height: number;
  /** Only for cards that followed "Nästa": whether their first line was in view when they arrived. */
  readonly headingInView?: boolean;
}

interface Month {
  readonly identity: string;
  readonly units: readonly string[];
  readonly cards: Measured[];
  taps: number;
  /** Where the start card's main button sits relative to its item list. */
  mainButtonFirst: boolean[];
  /** Receipts that offered the person's next unit, and those that had one to offer. */
  nextUnitOffered: number;
  nextUnitExpected: number;
}

const months: Month[] = [];
let screen = 0;

beforeAll(async () => {
  await rm(ARTIFACTS, { recursive: true, force: true });
  await mkdir(ARTIFACTS, { recursive: true });
  dev = await startDevApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `p${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
      ALLOWED_TENANT_IDS: TENANT,
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
  // January–July answered and sent in (the demo's months), August untouched: a clock between
  // July's lock and August's opening seeds the locked months only.
  const seeded = await seedDemoAnswers({
    config: dev.app.config,
    answers: dev.app.storage.answers,
    clock: fixedClock(new Date('2024-08-20T10:00:00+02:00')),
  });
  expect(seeded.periods).toContain('2024-07');
  expect(seeded.open).toBeNull();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: PHONE, locale: 'sv-SE', hasTouch: true, isMobile: true });
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
});

// ---------------------------------------------------------------------------------------------

function liveCard(): Locator {
  return page
    .locator('article.webchat__basic-transcript__activity')
    .filter({ has: page.locator('.ac-adaptiveCard') })
    .last();
}

function scroller(): Locator {
  return page.locator('.webchat__basic-transcript__scrollable').first();
}

function cards(aadObjectId: string): Card[] {
  return dev.dev.bridge
    .transcript(`dev-${aadObjectId}`)
    .map((a) => cardOf(a as SentActivity))
    .filter((c): c is Card => c !== undefined);
}

function cardJson(aadObjectId: string): Card {
  const last = cards(aadObjectId).at(-1);
  if (!last) throw new Error('no card in the conversation');
  return last;
}

/** Waits until the bridge has delivered a card other than `before` and the page shows it. */
async function nextCard(aadObjectId: string, before: string): Promise<Card> {
  try {
    await expect.poll(() => JSON.stringify(cardJson(aadObjectId)), { timeout: WAIT_MS }).not.toBe(before);
  } catch (error) {
    throw new Error(`no new card after: ${cardText(cardJson(aadObjectId)).slice(0, 2000)}`, { cause: error });
  }
  const card = cardJson(aadObjectId);
  const first = cardText(card).split('\n')[0] ?? '';
  await liveCard().getByText(first, { exact: false }).first().waitFor({ state: 'visible' });
  await settled();
  return card;
}

/**
 * Until the transcript stops scrolling (Web Chat animates to the bottom): the scroll position
 * unchanged over 6 painted frames in a row; bounded in frames.
 */
async function settled(): Promise<void> {
  await scroller().evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        const box = el as unknown as { scrollTop: number };
        const nextFrame = (globalThis as unknown as { requestAnimationFrame(step: () => void): number })
          .requestAnimationFrame;
        let last = -1;
        let same = 0;
        let frames = 0;
        const step = () => {
          same = box.scrollTop === last ? same + 1 : 0;
          last = box.scrollTop;
          frames += 1;
          if (same >= 6 || frames >= 600) resolve();
          else nextFrame(step);
        };
        nextFrame(step);
      }),
  );
}

async function cardHeight(): Promise<number> {
  const box = await liveCard().locator('.ac-adaptiveCard').first().boundingBox();
  return Math.round(box?.height ?? 0);
}

/** Whether the live card's first line is inside the transcript's visible area. */
async function headingInView(): Promise<boolean> {
  const view = await scroller().boundingBox();
  const heading = await liveCard().locator('.ac-adaptiveCard .ac-textBlock').first().boundingBox();
  if (!view || !heading) return false;
  return heading.y >= view.y - 1 && heading.y + heading.height <= view.y + view.height + 1;
}

async function say(text: string): Promise<void> {
  const box = page.getByPlaceholder('Skriv ditt meddelande');
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Presses a button of the live card as a person on a phone does: swipes to the end of the chat
 * (the card's buttons are at its bottom), then taps.
 */
async function press(title: string | RegExp): Promise<void> {
  await scroller().evaluate((el) => {
    const box = el as unknown as { scrollTop: number; scrollHeight: number };
    box.scrollTop = box.scrollHeight;
  });
  await settled();
  const button = liveCard().getByRole('button', { name: title, exact: typeof title === 'string' });
  await button.first().click();
}

/** Fills what is empty and needed, by label as a person would; returns the number of fields touched. */
async function fillNew(card: Card): Promise<number> {
  const inputs = inputIds(card);
  const values = phoneAnswer(inputs, cardText(card));
  const seen = new Map<string, number>();
  let touched = 0;
  for (const input of inputs) {
    const key = `${input.type}|${input.label ?? ''}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    const value = values[input.id];
    if (value === undefined) continue;
    await typeInto(input, nth, value);
    touched++;
  }
  return touched;
}

async function typeInto(input: CardInput, nth: number, value: string): Promise<void> {
  const label = input.label ?? '';
  const scope = liveCard();
  if (input.type === 'Input.Toggle') {
    await scope
      .getByRole('checkbox', { name: label || String(input.element.title ?? '') })
      .nth(nth)
      .setChecked(value === 'true');
  } else if (input.type === 'Input.ChoiceSet') {
    await scope.getByLabel(label, { exact: true }).nth(nth).selectOption(value);
  } else {
    await scope.getByLabel(label, { exact: true }).nth(nth).fill(value);
  }
}

function kindOf(card: Card): Measured['kind'] {
  const text = cardText(card);
  if (/Steg \d+ av \d+/.test(text)) return 'step';
  if (/^Hej\b/m.test(text)) return 'welcome';
  if (/\bInskickat\b/.test(text) && !/Granska och skicka in/.test(text.split('\n').slice(0, 6).join('\n')))
    return 'receipt';
  const buttons = JSON.stringify(card.actions ?? []) + JSON.stringify(card.body ?? []);
  if (/"Skicka in"/.test(buttons)) return 'summary';
  if (/"(Börja|Fortsätt där du slutade)"/.test(buttons)) return 'start';
  return 'other';
}

function titleOf(card: Card): string {
  const lines = cardText(card).split('\n').filter(Boolean);
  const step = lines.find((l) => /Steg \d+ av \d+/.test(l));
  return [lines[1], step, lines.find((l, i) => i > 1 && l !== step && !/^Sista/.test(l))]
    .filter(Boolean)
    .join(' · ')
    .slice(0, 90);
}

async function measure(month: Month, card: Card, afterNext = false): Promise<void> {
  const visible = await scroller().evaluate((el) => (el as unknown as { clientHeight: number }).clientHeight);
  screen = screen === 0 ? visible : Math.min(screen, visible);
  const height = await cardHeight();
  const kind = kindOf(card);
  month.cards.push({
    identity: month.identity,
    kind,
    title: titleOf(card),
    height,
    ...(afterNext ? { headingInView: await headingInView() } : {}),
  });
  // The whole card, also where it is taller than the screen.
  await liveCard()
    .locator('.ac-adaptiveCard')
    .first()
    .screenshot({
      path: path.join(
        ARTIFACTS,
        `${month.identity}-${String(month.cards.length).padStart(2, '0')}-${kind}.png`,
      ),
    });
}

/** The start card's main button comes before its list of items (the first "Öppna"). */
async function mainButtonFirst(): Promise<boolean> {
  const buttons = await liveCard().getByRole('button').allTextContents();
  const main = buttons.findIndex((b) => /^(Börja|Fortsätt där du slutade)$/.test(b.trim()));
  const list = buttons.findIndex((b) => /^Öppna\b/.test(b.trim()));
  return main !== -1 && (list === -1 || main < list);
}

async function openAs(aadObjectId: string): Promise<void> {
  await page.goto(`${dev.url}/dev?som=${aadObjectId}`);
  await page.getByPlaceholder('Skriv ditt meddelande').waitFor();
  await expect
    .poll(() => page.getByText('Ansluter').filter({ visible: true }).count(), { timeout: WAIT_MS })
    .toBe(0);
}

/** Walks a manager's August: every unit, every step, sent in; at most `limit` cards. */
async function walkMonth(aadObjectId: string, units: readonly string[]): Promise<Month> {
  const month: Month = {
    identity: aadObjectId,
    units,
    cards: [],
    taps: 0,
    mainButtonFirst: [],
    nextUnitOffered: 0,
    nextUnitExpected: 0,
  };
  await openAs(aadObjectId);
  await page.getByRole('button', { name: 'Skicka installationshändelse' }).click();
  let card = await nextCard(aadObjectId, '');
  await measure(month, card);
  await say('rapportera');
  month.taps++;
  card = await nextCard(aadObjectId, JSON.stringify(card));
  let sentIn = 0;
  let afterNext = false;
  for (let i = 0; i < 60; i++) {
    await measure(month, card, afterNext);
    afterNext = false;
    const before = JSON.stringify(card);
    const kind = kindOf(card);
    if (kind === 'start') {
      month.mainButtonFirst.push(await mainButtonFirst());
      await press(/^(Börja|Fortsätt där du slutade)$/);
      month.taps++;
    } else if (kind === 'step') {
      month.taps += await fillNew(card);
      await press('Nästa');
      month.taps++;
      afterNext = true;
    } else if (kind === 'summary') {
      await press('Skicka in');
      month.taps++;
    } else if (kind === 'receipt') {
      sentIn++;
      if (sentIn >= units.length) break;
      month.nextUnitExpected++;
      const next = liveCard().getByRole('button', { name: /^(Fortsätt med|Nästa enhet)/ });
      if ((await next.count()) > 0) {
        month.nextUnitOffered++;
        await next.first().click();
        month.taps++;
      } else {
        // Without an offer: "rapportera", choose the unit, "Byt enhet".
        await say('rapportera');
        card = await nextCard(aadObjectId, before);
        const choice = inputIds(card).find((x) => x.id === 'unitChoice');
        const other = choice?.choices?.find((c) => c.value !== units[sentIn - 1]);
        await liveCard()
          .getByLabel(choice?.label ?? 'Enhet', { exact: true })
          .selectOption(other?.value ?? '');
        const shown = JSON.stringify(card);
        await press('Byt enhet');
        month.taps += 3;
        card = await nextCard(aadObjectId, shown);
        continue;
      }
    } else {
      throw new Error(`unexpected card for ${aadObjectId}: ${cardText(card).slice(0, 300)}`);
    }
    card = await nextCard(aadObjectId, before);
  }
  months.push(month);
  return month;
}

/** Someone without a month to walk: the cards their own questions give, measured the same way. */
async function visit(aadObjectId: string, questions: readonly string[]): Promise<void> {
  const month: Month = {
    identity: aadObjectId,
    units: [],
    cards: [],
    taps: 0,
    mainButtonFirst: [],
    nextUnitOffered: 0,
    nextUnitExpected: 0,
  };
  await openAs(aadObjectId);
  await page.getByRole('button', { name: 'Skicka installationshändelse' }).click();
  let card = await nextCard(aadObjectId, '');
  await measure(month, card);
  for (const question of questions) {
    const before = JSON.stringify(card);
    await say(question);
    month.taps++;
    card = await nextCard(aadObjectId, before);
    await measure(month, card);
  }
  months.push(month);
}

const screens = (px: number) => px / screen;
const fmt = (n: number) => n.toFixed(1).replace('.', ',');

function report(): string {
  const lines = [`En skärm = ${screen} px synlig chatt vid ${PHONE.width} × ${PHONE.height} px`];
  for (const m of months) {
    const walked = m.cards.filter((c) => c.kind !== 'welcome');
    const total = walked.reduce((sum, c) => sum + c.height, 0);
    const tallest = Math.max(0, ...walked.filter((c) => c.kind === 'step').map((c) => c.height));
    lines.push(
      `${m.identity} (${m.units.join(', ')}): ${walked.length} kort, ${fmt(screens(total))} skärmar, ${m.taps} tryck, högsta stegkort ${tallest} px = ${fmt(screens(tallest))} skärmar`,
    );
    for (const c of m.cards) {
      const view =
        c.headingInView === undefined ? '' : c.headingInView ? ' rubrik synlig' : ' RUBRIK EJ SYNLIG';
      lines.push(
        `  ${c.kind.padEnd(7)} ${String(c.height).padStart(5)} px ${fmt(screens(c.height))}${view}  ${c.title}`,
      );
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

describe('every demo manager walks August on a phone (390 × 844)', () => {
  let managers: { id: string; units: string[] }[] = [];

  beforeAll(() => {
    const people = devIdentities(dev.app.config).map((i) => i.aadObjectId);
    managers = people
      .map((id) => ({
        id,
        units: dev.app.config.units
          .filter((u) => u.managers.some((m) => m.aadObjectId === id))
          .map((u) => u.id),
      }))
      .filter((m) => m.units.length > 0);
  });

  it('walks every manager and unit to a receipt', async () => {
    expect(managers.length).toBeGreaterThanOrEqual(8);
    try {
      for (const m of managers) await walkMonth(m.id, m.units);
    } finally {
      const text = report();
      process.stdout.write(`\n${text}\n`);
      await writeFile(path.join(ARTIFACTS, 'report.json'), JSON.stringify({ screen, months }, null, 2));
      await writeFile(path.join(ARTIFACTS, 'report.txt'), `${text}\n`);
    }
    const sent = await dev.app.storage.answers.listPeriod('an', '2024-08');
    const units = new Set(sent.filter((a) => a.item === 'submission').map((a) => a.unitId));
    expect([...units].sort()).toEqual(managers.flatMap((m) => m.units).sort());
    expect(pageErrors).toEqual([]);
  }, 900_000);

  it('measures the cards of the deputy, leadership, the controller and a stranger', async () => {
    await visit('demo-ersattare-amc', ['rapportera']);
    await visit('demo-ledning', [
      'prognos',
      'prognos egenförsörjning',
      'ekonomi',
      'vilka har inte svarat?',
      'hjälp',
    ]);
    await visit('demo-controller', ['rapportera']);
    await visit('dev-okand-person', ['rapportera']);
    const text = report();
    process.stdout.write(`\n${text}\n`);
    await writeFile(path.join(ARTIFACTS, 'report.json'), JSON.stringify({ screen, months }, null, 2));
    await writeFile(path.join(ARTIFACTS, 'report.txt'), `${text}\n`);
    const visited = months.filter((m) => m.units.length === 0);
    expect(visited.map((m) => m.identity)).toEqual([
      'demo-ersattare-amc',
      'demo-ledning',
      'demo-controller',
      'dev-okand-person',
    ]);
    expect(visited.every((m) => m.cards.length >= 2 && m.cards.every((c) => c.height > 0))).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('keeps every step card within about 1,5 screens', () => {
    const steps = months.flatMap((m) => m.cards.filter((c) => c.kind === 'step'));
    expect(steps.length).toBeGreaterThan(30);
    const tall = steps.filter((c) => screens(c.height) > TALLEST_STEP_SCREENS);
    expect(tall.map((c) => `${c.identity} ${c.title}: ${c.height} px`)).toEqual([]);
  });

  it('shows the card after "Nästa" with its heading in view', () => {
    const moves = months.flatMap((m) => m.cards.filter((c) => c.headingInView !== undefined));
    expect(moves.length).toBeGreaterThan(30);
    expect(moves.filter((c) => !c.headingInView).map((c) => `${c.identity} ${c.title}`)).toEqual([]);
  });

  it("offers the next unit's follow-up on the receipt of the first", () => {
    const several = months.filter((m) => m.units.length > 1);
    expect(several.length).toBeGreaterThan(0);
    for (const m of several) expect(m.nextUnitOffered).toBe(m.nextUnitExpected);
  });

  it("puts the start card's main button before the item list", () => {
    const walked = months.filter((m) => m.units.length > 0);
    const flags = walked.flatMap((m) => m.mainButtonFirst);
    expect(flags.length).toBeGreaterThanOrEqual(walked.length);
    expect(flags.every(Boolean)).toBe(true);
  });

  it("fits AMC's month in 8 screens and 25 taps", () => {
    const amc = months.find((m) => m.identity === 'demo-chef-amc');
    if (!amc) throw new Error('AMC was not walked');
    const walked = amc.cards.filter((c) => c.kind !== 'welcome');
    expect(screens(walked.reduce((sum, c) => sum + c.height, 0))).toBeLessThanOrEqual(8);
    expect(amc.taps).toBeLessThanOrEqual(25);
  });
});
