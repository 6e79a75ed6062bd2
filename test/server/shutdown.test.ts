/**
 * Ctrl+C on `npm start`: the built bot as its own process, with the local chat page open in
 * Chromium (its keep-alive connection and long-polls), stops at once; a second Ctrl+C while a
 * turn still drains ends it at once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDist, DIST_ENTRY, ROOT } from '../support/build-dist.js';
import { launchChromium } from '../support/chromium.js';
import { messageActivity, teamsUser } from '../support/fake-teams.js';

interface Bot {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<{ code: number | null }>;
  output(): string;
  /** Resolves when the output (stdout and stderr) contains `text`. */
  printed(text: string): Promise<void>;
}

/** Starts `node dist/index.js` as `npm start` does (demo mode, embedded Azurite, auth off). */
async function startBot(dataDir: string): Promise<Bot> {
  const child = spawn(process.execPath, [DIST_ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const watchers = new Set<{ text: string; resolve: () => void }>();
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
    for (const w of [...watchers]) {
      if (output.includes(w.text)) {
        watchers.delete(w);
        w.resolve();
      }
    }
  };
  const printed = (text: string) =>
    output.includes(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => watchers.add({ text, resolve }));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null }>((resolve) => {
    child.once('exit', (code) => resolve({ code }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`boten startade inte:\n${output}`)), 45_000);
    const look = () => {
      const found = /kör på (http:\/\/localhost:\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', look);
    void exited.then(() => reject(new Error(`boten avslutades vid start:\n${output}`)));
  });
  return { child, url, exited, output: () => output, printed };
}

/**
 * No clock is read below. A shutdown that waited for something it should not (the page's
 * long-poll, bounded at 20 s) is cut short by the bot's own guard 15 s after Ctrl+C, which exits
 * with code 1 ("shutdown took too long"); so exit code 0 says the bot stopped by itself, quickly.
 */

describe('stopping the bot with Ctrl+C', () => {
  let browser: Browser;
  let dataDir: string;
  let bot: Bot | null = null;

  beforeAll(async () => {
    const build = buildDist();
    expect(build.ok, build.output).toBe(true);
    browser = await launchChromium();
  }, 120_000);

  afterEach(async () => {
    if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    bot = null;
    // Embedded Azurite may still be flushing after the bot is gone (it stops on disconnect).
    await rm(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('stops at once while the local chat page is open, without waiting for its long-poll', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-shutdown-'));
    bot = await startBot(dataDir);
    const page = await browser.newPage();
    // Listening before the page loads: its first long-poll can hold for the whole poll bound.
    const polled = page.waitForRequest((req) => req.url().includes('/activities'), { timeout: 30_000 });
    await page.goto(`${bot.url}/dev`);
    // The page is live: Web Chat has connected through the bridge and polls it.
    await page.getByText('Kör påminnelser nu').waitFor({ timeout: 20_000 });
    await polled;

    bot.child.kill('SIGINT');
    const exit = await bot.exited;
    await page.close();
    expect(exit.code, `not a clean stop after Ctrl+C:\n${bot.output()}`).toBe(0);
    expect(bot.output()).not.toContain('shutdown took too long');
  }, 90_000);

  it('a second Ctrl+C ends it at once while a turn is still draining', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-shutdown-'));
    bot = await startBot(dataDir);
    // A Teams connector that accepts the bot's reply and never answers: the turn stays in flight.
    const sockets: Socket[] = [];
    let reached: () => void = () => {};
    const replyStarted = new Promise<void>((resolve) => (reached = resolve));
    const connector: Server = createServer((socket) => {
      sockets.push(socket);
      reached();
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    const address = connector.address();
    const serviceUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const turn = fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity(teamsUser('demo-chef-amc', 'Anna Lind'), 'hjälp', { serviceUrl })),
    }).catch(() => null);
    try {
      // The bot's reply has reached the connector, which never answers: the turn is in flight.
      await replyStarted;

      bot.child.kill('SIGINT');
      // The first Ctrl+C has begun the shutdown, which waits for the turn (bounded): the process
      // is still there, and so the second Ctrl+C below is what ends it (code 130, not 0 or 1).
      await bot.printed('"msg":"shutting down"');
      expect(bot.child.exitCode).toBeNull();
      bot.child.kill('SIGINT');
      const exit = await bot.exited;
      expect(exit.code, bot.output()).toBe(130);
      expect(bot.output()).toContain('Avbryter direkt.');
    } finally {
      for (const socket of sockets) socket.destroy();
      connector.close();
      await turn;
    }
  }, 90_000);
});
