/**
 * A download link as a person meets it, in Debian's Chromium: the page in Swedish, the button
 * downloads the file, and the same link opened again says it is used. Demo data, real server.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDownloadLinks } from '../../src/downloads/links.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { launchChromium } from '../support/chromium.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `w${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      REMINDER_SCHEDULER: 'off',
      RETENTION_SCHEDULER: 'off',
    },
    silentLogger,
    { demo: 'auto' },
  );
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a download link in a browser', () => {
  it('shows a Swedish page, downloads on the button, and is used up afterwards', async () => {
    const links = createDownloadLinks({
      store: app.storage.links,
      publicUrl: app.url,
      now: () => Date.now(),
    });
    const { url } = await links.issue({
      periodId: '2024-07',
      format: 'docx',
      aadObjectId: 'demo-controller',
    });
    const page = await browser.newPage();
    try {
      const opened = await page.goto(url);
      expect(opened?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('Ladda ned rapporten');
      expect(await page.locator('main').textContent()).toContain(
        'Månadsuppföljningen för juli 2024 som Word-fil',
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Ladda ned' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('Manadsuppfoljning-AN-2024-07.docx');
      expect(await download.failure()).toBeNull();

      const again = await page.goto(url);
      expect(again?.status()).toBe(410);
      expect(await page.locator('h1').textContent()).toBe('Länken är redan använd');
    } finally {
      await page.close();
    }
  });
});
