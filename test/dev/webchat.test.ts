/**
 * The /dev page in a real browser: Debian's Chromium driven by playwright-core, the real Web
 * Chat bundle rendering our cards, and clicks going through Action.Submit to the real bot, as a
 * person's would. Screenshots of every step go to test-artifacts/dev-webchat/ (ignored by git).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AnswerPayload, GoalAnswer } from '../../src/followup/answers.js';
import { silentLogger } from '../../src/shared/logger.js';
import { indicatorValue } from '../support/answers.js';
import { type Card, cardText } from '../support/bot-session.js';
import { launchChromium } from '../support/chromium.js';
import { type DevApp, startDevApp } from '../support/dev-app.js';
import { type CardInput, cardOf, inputIds, type SentActivity } from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const ARTIFACTS = path.resolve('test-artifacts', 'dev-webchat');
const WAIT_MS = 15_000;
const VIEWPORT = { width: 1280, height: 900 };

let dev: DevApp;
let browser: Browser;
let page: Page;
let shot = 0;
const pageErrors: string[] = [];

beforeAll(async () => {
  await rm(ARTIFACTS, { recursive: true, force: true });
  await mkdir(ARTIFACTS, { recursive: true });
  dev = await startDevApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `w${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
      ALLOWED_TENANT_IDS: TENANT,
      // Reminders run when the test presses the button, not on the app's timer.
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: VIEWPORT, locale: 'sv-SE' });
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
});

// ---------------------------------------------------------------------------------------------
// Acting in the page as a person would
// ---------------------------------------------------------------------------------------------

/** The newest message in the transcript that holds an Adaptive Card: the one being worked on. */
function liveCard(): Locator {
  return page
    .locator('article.webchat__basic-transcript__activity')
    .filter({ has: page.locator('.ac-adaptiveCard') })
    .last();
}

async function waitForText(text: string, where: Locator = liveCard()): Promise<void> {
  await where.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

/** The JSON of the card shown last, as the bridge delivered it (to know its inputs and labels). */
function cardJson(aadObjectId: string): Card {
  const cards = dev.dev.bridge
    .transcript(`dev-${aadObjectId}`)
    .map((a) => cardOf(a as SentActivity))
    .filter((c): c is Card => c !== undefined);
  const last = cards.at(-1);
  if (!last) throw new Error('no card in the conversation');
  return last;
}

async function say(text: string): Promise<void> {
  const box = page.getByPlaceholder('Skriv ditt meddelande');
  await box.fill(text);
  await box.press('Enter');
}

async function press(title: string): Promise<void> {
  await liveCard().getByRole('button', { name: title, exact: true }).click();
}

/**
 * Types into every input of the live card, found by its label, what `values` says (by input id).
 * Fields the card keeps folded away (last month's texts) are left as they are, as a person would.
 */
async function fill(card: Card, values: Record<string, string>): Promise<void> {
  const inputs = inputIds(card);
  const seen = new Map<string, number>();
  for (const input of inputs) {
    const label = input.label ?? '';
    const nth = seen.get(`${input.type}|${label}`) ?? 0;
    seen.set(`${input.type}|${label}`, nth + 1);
    const value = values[input.id];
    if (value === undefined) continue;
    const scope = liveCard();
    // The checkbox is named by its label and its title ("I.U. saknas").
    const target =
      input.type === 'Input.Toggle'
        ? scope.getByRole('checkbox', { name: label }).nth(nth)
        : scope.getByLabel(label, { exact: true }).nth(nth);
    if (!(await target.isVisible())) continue;
    if (input.type === 'Input.Toggle') await target.setChecked(value === 'true');
    else if (input.type === 'Input.ChoiceSet') await target.selectOption(value);
    else await target.fill(value);
  }
}

/** What a diligent manager types into a step card (as in the Teams end-to-end test). */
function answersFor(card: Card, overrides: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputIds(card)) values[input.id] = plausible(input);
  return { ...values, ...overrides };
}

function plausible(input: CardInput): string {
  const id = input.id;
  if (id === 'status') return 'uppfylls-delvis';
  if (id === 'results') return 'Fler hushåll har gått till egen försörjning – 3 090 personer fick stöd.';
  if (id === 'deviations') return 'Inga avvikelser inom aktiviteterna i verksamhetsplanen.';
  if (/^ind\..*\.iu$/.test(id)) return 'false';
  if (/^ind\./.test(id)) return indicatorValue(input) ?? '';
  if (/^eco\..*\.prognosis$/.test(id)) return '114 000';
  if (/^eco\..*\.comment$/.test(id)) return 'Fler anställningar med stöd än budgeterat.';
  if (/^upd\..*\.status$/.test(id)) return 'pagar';
  if (/^upd\..*\.comment$/.test(id)) return 'Arbetet pågår enligt plan.';
  return input.value;
}

/** A screenshot with the window tall enough for the whole live card. */
async function snap(name: string): Promise<void> {
  const box = (await liveCard().count()) > 0 ? await liveCard().boundingBox() : null;
  const height = Math.min(6_000, Math.max(VIEWPORT.height, Math.ceil((box?.height ?? 0) + 220)));
  await page.setViewportSize({ width: VIEWPORT.width, height });
  if (box) await liveCard().scrollIntoViewIfNeeded();
  shot++;
  await page.screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`) });
  await page.setViewportSize(VIEWPORT);
}

/** Waits until the page's DirectLine object is online and Web Chat no longer says "Ansluter". */
async function waitOnline(): Promise<void> {
  await page.getByPlaceholder('Skriv ditt meddelande').waitFor();
  await page.evaluate(
    (timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('not online')), timeoutMs);
        const { directLine } = globalThis as unknown as { directLine: DirectLineLike };
        directLine.connectionStatus$.subscribe((status) => {
          if (status !== 2) return;
          clearTimeout(timer);
          resolve();
        });
      }),
    WAIT_MS,
  );
  await expect
    .poll(() => page.getByText('Ansluter').filter({ visible: true }).count(), { timeout: WAIT_MS })
    .toBe(0);
}

interface DirectLineLike {
  connectionStatus$: { subscribe(next: (status: number) => void): unknown };
}

async function openAs(aadObjectId: string): Promise<void> {
  await page.goto(`${dev.url}/dev?som=${aadObjectId}`);
  await waitOnline();
}

// ---------------------------------------------------------------------------------------------

describe('a month in Web Chat as the AMC manager', () => {
  const anna = 'demo-chef-amc';

  it('opens the page as Anna and installs, and the welcome card renders', async () => {
    await openAs(anna);
    await expect.poll(() => page.locator('#identity').inputValue()).toBe(anna);
    expect(await page.locator('#chat-title').textContent()).toContain('Anna Lind');
    await snap('sida');
    await page.getByRole('button', { name: 'Skicka installationshändelse' }).click();
    await waitForText('Hej Anna!');
    await waitForText('Installationshändelsen skickades.', page.locator('#status'));
    await snap('valkomstkort');
    const stored = await dev.app.storage.conversations.get(anna);
    expect(stored?.reference.serviceUrl).toBe(`${dev.url}/dev/connector`);
  });

  it('"rapportera" shows the start card with every item not started', async () => {
    await say('rapportera');
    await waitForText('Augusti 2024 – delår 2');
    await waitForText('Ekonomi – prognos för helåret');
    expect(await liveCard().getByText('Ej påbörjad', { exact: true }).count()).toBe(5);
    await snap('startkort');
  });

  it('shows a validation error for "fyrtiofem" next to the field and at the top, keeps what was typed, and takes the correction', async () => {
    await press('Börja');
    await waitForText('Steg 1 av 6');
    await snap('steg-1');
    // The goal's status and texts first; its indicators follow on the next part of the step.
    let card = cardJson(anna);
    if (!inputIds(card).some((i) => i.id.startsWith('ind.'))) {
      const before = JSON.stringify(card);
      await fill(card, answersFor(card));
      await press('Nästa');
      await expect.poll(() => JSON.stringify(cardJson(anna)), { timeout: WAIT_MS }).not.toBe(before);
      card = cardJson(anna);
      await waitForText(cardText(card).split('\n')[0] ?? '');
    }
    const numberInput = inputIds(card).find((i) => /^ind\..*\.(total|kvinnor)$/.test(i.id));
    expect(numberInput).toBeDefined();
    const bad = answersFor(card, { [numberInput?.id ?? '']: 'fyrtiofem' });
    await fill(card, bad);
    await snap('steg-1-ifyllt-med-fel');
    await press('Nästa');
    // The summary on top names the field; the message itself sits right under it.
    await waitForText('Inget sparades. Ett fält behöver rättas');
    await snap('valideringsfel');
    // Nothing of this card stored, and what Anna typed is still in the card.
    const stored = await dev.app.storage.answers.listPeriod<AnswerPayload>('an', '2024-08');
    const goal = stored.find((a) => a.unitId === 'amc' && a.item === 'goal:professionellt-bemotande');
    const outcomes = Object.values((goal?.payload as GoalAnswer | undefined)?.indicators ?? {});
    expect(outcomes.every((o) => o.value.total === null && (o.numerator?.total ?? null) === null)).toBe(true);
    const field = liveCard()
      .getByLabel(numberInput?.label ?? '', { exact: true })
      .first();
    expect(await field.inputValue()).toBe('fyrtiofem');
    // The message quotes what was typed the Swedish way and says how to write it.
    const message = liveCard().getByText(/^”fyrtiofem” (går inte att läsa|är inget tal)\. Skriv /);
    const fieldBox = await field.boundingBox();
    const messageBox = await message.boundingBox();
    expect(fieldBox && messageBox).toBeTruthy();
    if (fieldBox && messageBox) {
      expect(messageBox.y).toBeGreaterThan(fieldBox.y + fieldBox.height - 1);
      expect(messageBox.y - (fieldBox.y + fieldBox.height)).toBeLessThan(40);
    }

    await field.fill(numberInput ? (indicatorValue(numberInput) ?? '45') : '45');
    await snap('steg-1-rattat');
    await press('Nästa');
    await waitForText('Sparat');
    expect(cardText(cardJson(anna))).not.toContain('Inget sparades');
  });

  it('walks every card with Nästa, through the economy and the uppdrag, to the summary', async () => {
    const titles: string[] = [];
    for (let i = 0; i < 30 && !cardText(cardJson(anna)).includes('Granska och skicka in'); i++) {
      const card = cardJson(anna);
      const before = JSON.stringify(card);
      titles.push(cardText(card).split('\n').slice(0, 8).join(' '));
      await fill(card, answersFor(card));
      await snap(`kort-${i + 2}`);
      await press('Nästa');
      await expect.poll(() => JSON.stringify(cardJson(anna)), { timeout: WAIT_MS }).not.toBe(before);
      await waitForText(cardText(cardJson(anna)).split('\n')[0] ?? '');
    }
    expect(titles.join('\n')).toContain('Steg 5 av 6');
    expect(titles.join('\n')).toContain('Ekonomi');
    expect(titles.join('\n')).toContain('Strategiska utvecklingsuppdrag');
    await waitForText('Granska och skicka in');
    expect(cardText(cardJson(anna))).not.toContain('saknas');
    await snap('granska');
  });

  it('sends in, and the card becomes the receipt "Inskickat"', async () => {
    await press('Skicka in');
    await waitForText('Inskickat');
    await waitForText('Tack! Svaren för Arbetsmarknadscentrum (AMC) är inskickade');
    // A receipt has no buttons that act on the period any more.
    expect(JSON.stringify(cardJson(anna).actions ?? [])).not.toContain('followup.');
    await snap('kvitto');
  });

  it('stored every item and the submission, as given in the browser', async () => {
    const answers = (await dev.app.storage.answers.listPeriod<AnswerPayload>('an', '2024-08')).filter(
      (a) => a.unitId === 'amc',
    );
    expect(answers.map((a) => a.item).sort()).toEqual(
      [
        'assignments',
        'economy',
        'goal:hog-egenforsorjningsgrad',
        'goal:kostnadseffektiva-arbetsmarknadsatgarder',
        'goal:professionellt-bemotande',
        'submission',
      ].sort(),
    );
    expect(answers.every((a) => a.state === 'complete')).toBe(true);
    expect(answers.every((a) => a.answeredBy.aadObjectId === anna)).toBe(true);
    const first = answers.find((a) => a.item === 'goal:professionellt-bemotande');
    expect(first?.payload).toMatchObject({
      statusId: 'uppfylls-delvis',
      indicators: {
        'andel-positiva-svar-brukarenkat': { numerator: { total: 45 }, denominator: { total: 50 } },
      },
    });
    expect(answers.find((a) => a.item === 'economy')?.payload).toMatchObject({
      rows: { arbetsmarknadsatgarder: { prognosisTkr: 114000 } },
    });
  });

  it('replaced the pressed card in place instead of piling up cards', async () => {
    // The welcome card and the one card that became every step, the summary and the receipt.
    expect(await page.locator('.ac-adaptiveCard').count()).toBeLessThanOrEqual(3);
    expect(pageErrors).toEqual([]);
  });
});

describe('switching identity switches conversation', () => {
  it('opens the multi-unit manager in a conversation of his own, and a reminder reaches him', async () => {
    await page.locator('#identity').selectOption('demo-chef-multi');
    await page.waitForURL(/som=demo-chef-multi/);
    await waitOnline();
    expect(await page.locator('#chat-title').textContent()).toContain('Mats Ekström');
    // Anna's conversation is not shown here.
    expect(await page.getByText('Inskickat').count()).toBe(0);
    await page.getByRole('button', { name: 'Skicka installationshändelse' }).click();
    await waitForText('Hej Mats!');
    await page.getByRole('button', { name: 'Kör påminnelser nu' }).click();
    await waitForText('Påminnelserna kördes. 1 skickade', page.locator('#status'));
    await expect.poll(() => page.locator('.ac-adaptiveCard').count(), { timeout: WAIT_MS }).toBe(2);
    expect(cardText(cardJson('demo-chef-multi'))).toContain('augusti');
    await snap('mats-paminnelse');
  });

  it("opens the follow-up from the reminder's button, and gets a unit to choose", async () => {
    await liveCard()
      .getByRole('button', { name: /^Öppna uppföljningen/ })
      .first()
      .click();
    await waitForText('Byt enhet');
    await waitForText('Arbetsmarknadsservice (AMS)');
    // The reminder card was replaced by the start card, as Teams would.
    expect(await page.locator('.ac-adaptiveCard').count()).toBe(2);
    await snap('mats-startkort');
  });

  it('as leadership, asks "prognos" and gets an answer card', async () => {
    await openAs('demo-ledning');
    await say('prognos');
    await liveCard().waitFor();
    await snap('ledning-prognos');
    expect(cardText(cardJson('demo-ledning')).length).toBeGreaterThan(0);
  });
});
