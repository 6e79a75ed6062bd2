/**
 * Two app instances on one storage (one Azurite, one table prefix), as behind a load balancer,
 * and an instance restarted: download links work exactly once across all of them, a link
 * scanner's GET uses nothing up, and two managers saving the same item through different
 * instances get the conflict instead of a silent overwrite. Real servers, real CloudAdapter.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { answersFor } from '../support/answers.js';
import { BotSession, cardText } from '../support/bot-session.js';
import { linkPathSent, openLink, pressDownload } from '../support/download-link.js';
import { type FakeTeams, messageActivity, startFakeTeams } from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const env = {
  PORT: '0',
  STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
  TABLE_PREFIX: `i${randomUUID().replace(/-/g, '').slice(0, 12)}`,
  FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
  ALLOWED_TENANT_IDS: TENANT,
  REMINDER_SCHEDULER: 'off',
  RETENTION_SCHEDULER: 'off',
  // Deliberately no FILE_LINK_SECRET: download links must not depend on a shared secret.
};

let fake: FakeTeams;
let first: RunningApp;
let second: RunningApp;

beforeAll(async () => {
  fake = await startFakeTeams();
  first = await startApp(env, silentLogger);
  second = await startApp(env, silentLogger);
  // August with something to report: one unit sends in through the first instance.
  const johan = session(first, 'demo-chef-linvux', 'Johan Dahl');
  await johan.install();
  await johan.say('rapportera');
  let card = await johan.press('Börja');
  for (let step = 0; step < 30 && !cardText(card).includes('Granska och skicka in'); step++) {
    card = await johan.press('Nästa', answersFor(card));
  }
  await johan.press('Skicka in');
}, 120_000);

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await fake?.close();
});

function session(app: RunningApp, aadObjectId: string, name: string, mode: 'execute' | 'submit' = 'execute') {
  return new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode });
}

/** The controller asks an instance for the report in a client without file consent: a link. */
async function linkFrom(app: RunningApp): Promise<string> {
  const web = session(app, 'demo-controller', 'Controller', 'submit');
  const before = fake.activities(web.conversationId).length;
  await web.post({
    ...messageActivity(web.user, 'rapport excel', { serviceUrl: fake.url, tenantId: TENANT }),
    channelId: 'webchat',
  });
  return linkPathSent(fake, web.conversationId, before);
}

describe('a download link', () => {
  it('survives a link scanner: GETs on both instances show the page and use nothing up', async () => {
    const path = await linkFrom(first);
    for (const app of [first, second, first, second]) {
      const page = await openLink(app.url, path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Ladda ned');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    }
    // Some scanners only ask for the headers.
    expect((await fetch(`${second.url}${path}`, { method: 'HEAD' })).status).toBe(200);
    const download = await pressDownload(second.url, path);
    expect(download.status).toBe(200);
    expect(download.body.subarray(0, 2).toString()).toBe('PK');
  });

  it('works exactly once across two instances, also when both are pressed at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const path = await linkFrom(round % 2 === 0 ? first : second);
      const answers = await Promise.all([pressDownload(first.url, path), pressDownload(second.url, path)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
      const refused = answers.find((a) => a.status === 410);
      expect(refused?.text).toContain('Länken är redan använd');
      // And afterwards, on either, it stays used.
      expect((await pressDownload(first.url, path)).status).toBe(410);
      expect((await pressDownload(second.url, path)).status).toBe(410);
    }
  });

  it('made before a restart works after it, once; a used one stays used', async () => {
    const unused = await linkFrom(first);
    const used = await linkFrom(first);
    expect((await pressDownload(first.url, used)).status).toBe(200);
    await first.stop();
    first = await startApp(env, silentLogger);
    expect((await openLink(first.url, unused)).status).toBe(200);
    const download = await pressDownload(first.url, unused);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('Delarsrapport-AN-2024-08.xlsx');
    expect((await pressDownload(second.url, unused)).status).toBe(410);
    const again = await pressDownload(first.url, used);
    expect(again.status).toBe(410);
    expect(again.text).toContain('Länken är redan använd');
  });

  it('refused is audited, with the person it was made for', async () => {
    const path = await linkFrom(second);
    expect((await pressDownload(second.url, path)).status).toBe(200);
    expect((await pressDownload(first.url, path)).status).toBe(410);
    const audit = await first.storage.audit.list('an', { limit: 20 });
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'download.refused',
        outcome: 'refused',
        actor: { aadObjectId: 'demo-controller', name: '' },
        details: { reason: 'used', periodId: '2024-08', format: 'xlsx' },
      }),
    );
  });
});

describe('two managers saving the same item through different instances', () => {
  it('the second gets the conflict, not a silent overwrite', async () => {
    const anna = session(first, 'demo-chef-amc', 'Anna Lind');
    const erik = session(second, 'demo-ersattare-amc', 'Erik Sjöberg');
    await anna.say('rapportera');
    await erik.say('rapportera');
    await anna.sendAction('followup.open', { unitId: 'amc', periodId: '2024-08', step: 'assignments' });
    await erik.sendAction('followup.open', { unitId: 'amc', periodId: '2024-08', step: 'assignments' });
    const annaValues = answersFor(anna.card ?? {});
    const comment = Object.keys(annaValues).find((k) => k.endsWith('.comment')) ?? '';
    expect(comment).not.toBe('');
    await anna.press('Spara', { ...annaValues, [comment]: 'Annas version via instans 1' });
    const erikCard = await erik.press('Spara', {
      ...answersFor(erik.card ?? {}),
      [comment]: 'Eriks version via instans 2',
    });
    expect(cardText(erikCard)).toContain('Anna Lind sparade steget');
    const stored = await second.storage.answers.get({
      committeeId: 'an',
      periodId: '2024-08',
      unitId: 'amc',
      item: 'assignments',
    });
    expect(JSON.stringify(stored?.payload)).toContain('Annas version via instans 1');
    expect(JSON.stringify(stored?.payload)).not.toContain('Eriks version');
    expect(stored?.revision).toBe(1);
  });
});
