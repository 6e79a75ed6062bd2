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
import { buildDist, DIST_ENTRY, ROOT } from './support/build-dist.js';
import { launchChromium } from './support/chromium.js';
import { messageActivity, teamsUser } from './support/fake-teams.js';

interface Bot {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; at: number }>;
  output(): string;
}

/** Starts `node dist/index.js` as `npm start` does (demo mode, embedded Azurite, auth off). */
async function startBot(dataDir: string): Promise<Bot> {
  const child = spawn(process.execPath, [DIST_ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => {
    child.once('exit', (code) => resolve({ code, at: performance.now() }));
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
  return { child, url, exited, output: () => output };
}

/** Resolves with the ms from now until the process exits, or null if it is still running after `ms`. */
async function exitWithin(bot: Bot, ms: number): Promise<{ code: number | null; afterMs: number } | null> {
  const from = performance.now();
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));
  const exit = await Promise.race([bot.exited, timeout]);
  return exit ? { code: exit.code, afterMs: exit.at - from } : null;
}

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

  it('stops within 5 seconds while the local chat page is open', async () => {
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
    const exit = await exitWithin(bot, 5_000);
    await page.close();
    expect(exit, `still running 5 s after Ctrl+C:\n${bot.output()}`).not.toBeNull();
    expect(exit?.code).toBe(0);
  }, 90_000);

  it('a second Ctrl+C ends it at once while a turn is still draining', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-shutdown-'));
    bot = await startBot(dataDir);
    // A Teams connector that accepts the bot's reply and never answers: the turn stays in flight.
    const sockets: Socket[] = [];
    const connector: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    const address = connector.address();
    const serviceUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const turn = fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity(teamsUser('demo-chef-amc', 'Anna Lind'), 'hjälp', { serviceUrl })),
    }).catch(() => null);
    try {
      await waitUntil(() => sockets.length > 0, 20_000);

      bot.child.kill('SIGINT');
      // The first Ctrl+C waits for the turn (bounded); the process is still there.
      expect(await exitWithin(bot, 1_000)).toBeNull();
      bot.child.kill('SIGINT');
      const exit = await exitWithin(bot, 5_000);
      expect(exit, bot.output()).not.toBeNull();
      expect(exit?.code).toBe(130);
      expect(bot.output()).toContain('Avbryter direkt.');
    } finally {
      for (const socket of sockets) socket.destroy();
      connector.close();
      await turn;
    }
  }, 90_000);
});

async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
