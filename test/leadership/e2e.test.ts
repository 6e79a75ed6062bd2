/**
 * Leadership in Teams, end to end: the real server, CloudAdapter, Azurite and the fake Teams
 * connector, on a month answered by several demo managers through their cards.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/index.js';
import { createFileLinks } from '../../src/leadership/report-offers.js';
import { silentLogger } from '../../src/shared/logger.js';
import { answersFor } from '../support/answers.js';
import { BotSession, cardText } from '../support/bot-session.js';
import { linkPathSent, openLink, pressDownload } from '../support/download-link.js';
import { type FakeTeams, messageActivity, startFakeTeams } from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const SECRET = 'a-test-secret-for-download-links-0123456789';

let fake: FakeTeams;
let app: RunningApp;
/** A stand-in for the person's OneDrive: receives the bot's upload. */
let oneDrive: Server;
let oneDriveUrl: string;
const uploads: { path: string; bytes: Buffer; range: string | undefined }[] = [];

beforeAll(async () => {
  fake = await startFakeTeams();
  oneDrive = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      uploads.push({
        path: req.url ?? '',
        bytes: Buffer.concat(chunks),
        range: req.headers['content-range'],
      });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => oneDrive.listen(0, '127.0.0.1', () => resolve()));
  oneDriveUrl = `http://127.0.0.1:${(oneDrive.address() as AddressInfo).port}`;
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `l${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
      ALLOWED_TENANT_IDS: TENANT,
      REMINDER_SCHEDULER: 'off',
      FILE_LINK_SECRET: SECRET,
    },
    silentLogger,
  );

  // August as several managers answer it: AMC and Linvux send in, AMF leaves a draft.
  for (const [id, name] of [
    ['demo-chef-amc', 'Anna Lind'],
    ['demo-chef-linvux', 'Johan Dahl'],
  ] as const) {
    const manager = session(id, name);
    await manager.install();
    await manager.say('rapportera');
    let card = await manager.press('Börja');
    for (let step = 0; step < 30 && !cardText(card).includes('Granska och skicka in'); step++) {
      card = await manager.press('Nästa', answersFor(card));
    }
    await manager.press('Skicka in');
  }
  const amf = session('demo-chef-amf', 'Karin Holm');
  await amf.install();
  await amf.say('rapportera');
  const first = await amf.press('Börja');
  await amf.press('Spara', answersFor(first));
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await new Promise<void>((resolve) => oneDrive?.close(() => resolve()));
});

function session(aadObjectId: string, name: string, mode: 'execute' | 'submit' = 'execute'): BotSession {
  return new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode });
}

describe('demo-ledning asks in plain Swedish', () => {
  let ledning: BotSession;
  beforeAll(async () => {
    ledning = session('demo-ledning', 'Helena Strand');
    await ledning.install();
  });

  it('"prognos" gives the status per nämndmål, marked as proposals, the economy and who has answered', async () => {
    const text = cardText(await ledning.say('prognos'));
    expect(text).toContain('augusti 2024 – delår 2');
    expect(text).toContain('Hög egenförsörjningsgrad');
    expect(text.toLowerCase()).toContain('förslag');
    expect(text).toMatch(/2 av 9 enheter/);
    expect(text).toMatch(/tkr/);
  });

  it('"hur går det?" means the same', async () => {
    expect(cardText(await ledning.say('Hur går det?'))).toContain('augusti 2024 – delår 2');
  });

  it('"prognos egenförsörjning" shows the goal: units, indicators against targets', async () => {
    const text = cardText(await ledning.say('prognos egenförsörjning'));
    expect(text).toContain('Hög egenförsörjningsgrad');
    expect(text).toContain('AMC');
    expect(text).toMatch(/Antal utbetalningshushåll/);
  });

  it('an ambiguous goal gives a choice, and a choice opens the goal', async () => {
    const choice = await ledning.say('prognos hög');
    expect(JSON.stringify(choice)).toMatch(/Hög egenförsörjningsgrad/);
    expect(JSON.stringify(choice)).toMatch(/Hög avtalstrohet/);
    const detail = await ledning.press('Hög avtalstrohet');
    expect(cardText(detail)).toContain('E-handelstrohet');
  });

  it('"ekonomi" gives prognos, budget and avvikelse per verksamhet', async () => {
    const text = cardText(await ledning.say('ekonomi'));
    expect(text).toContain('Arbetsmarknadsåtgärder');
    expect(text).toMatch(/113\s400/);
  });

  it('"vilka har inte svarat?" lists the units, and "Påminn dem nu" reminds those who can be reached', async () => {
    const card = await ledning.say('vilka har inte svarat?');
    const text = cardText(card);
    expect(text).toContain('AMF');
    expect(text).toMatch(/utkast/i);
    expect(text).not.toMatch(/Arbetsmarknadscentrum|AMC \(/);
    const before = fake.activities('a:personal-demo-chef-amf').length;
    await ledning.press('Påminn dem nu');
    await fake.waitFor(
      (a) =>
        a.conversationId === 'a:personal-demo-chef-amf' && fake.activities(a.conversationId).length > before,
    );
    // The same day again: nobody is reminded twice.
    await ledning.say('vilka har inte svarat?');
    await ledning.press('Påminn dem nu');
    const reminders = fake.activities('a:personal-demo-chef-amf').length - before;
    expect(reminders).toBe(1);
  });

  it('sets a decision that shows at once in the prognosis card', async () => {
    const decide = await ledning.say('bedöm digitalisering');
    expect(cardText(decide)).toContain('Digitaliseringens möjligheter tas tillvara');
    const refused = await ledning.press('Spara bedömning', {
      decisionStatus: 'uppfylls-delvis',
      motivation: '',
    });
    expect(cardText(refused)).toMatch(/motivering/i);
    const saved = await ledning.press('Spara bedömning', {
      decisionStatus: 'uppfylls-delvis',
      motivation: 'Andelen e-ansökningar ökar men når inte 70 % i år.',
    });
    expect(cardText(saved)).toMatch(/Beslutad av Helena Strand/);
    const stored = await app.storage.decisions.get('an', '2024-08', 'digitaliseringens-mojligheter');
    expect(stored).toMatchObject({ statusId: 'uppfylls-delvis', decidedBy: { aadObjectId: 'demo-ledning' } });
    const prognosis = cardText(await ledning.say('prognos'));
    expect(prognosis).toMatch(/beslutad av Helena Strand/i);
  });

  it('"prognos juni" shows an earlier period', async () => {
    expect(cardText(await ledning.say('prognos juni'))).toContain('juni 2024');
  });
});

interface ConsentCard {
  name?: string;
  content: { acceptContext: { token: string }; declineContext: { token: string }; sizeInBytes: number };
}

/** The file consent cards the bot sends for `text` ("rapport", "rapport excel") in Teams. */
async function askForFiles(who: BotSession, text: string): Promise<ConsentCard[]> {
  const before = fake.activities(who.conversationId).length;
  await who.post(messageActivity(who.user, text, { serviceUrl: fake.url, tenantId: TENANT }));
  return fake
    .activities(who.conversationId)
    .slice(before)
    .flatMap((a) => a.attachments ?? [])
    .filter((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent') as ConsentCard[];
}

/** The person's answer to a consent card, as Teams sends it. */
function consentAnswer(who: BotSession, card: ConsentCard, action: 'accept' | 'decline', upload?: string) {
  return {
    ...messageActivity(who.user, '', { serviceUrl: fake.url, tenantId: TENANT }),
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action,
      context: action === 'accept' ? card.content.acceptContext : card.content.declineContext,
      ...(upload
        ? {
            uploadInfo: {
              name: card.name,
              uploadUrl: `${oneDriveUrl}/upload/${upload}`,
              contentUrl: `${oneDriveUrl}/files/${upload}`,
              uniqueId: `unique-${upload}`,
              fileType: 'docx',
            },
          }
        : {}),
    },
  };
}

async function documentXml(bytes: Buffer | undefined): Promise<string> {
  const zip = await JSZip.loadAsync(bytes ?? Buffer.alloc(0));
  return (await zip.file('word/document.xml')?.async('string')) ?? '';
}

/** The texts the bot sent in a conversation since `before`. */
function textsSince(who: BotSession, before: number): string {
  return fake
    .activities(who.conversationId)
    .slice(before)
    .map((a) => a.text ?? '')
    .join('\n');
}

describe('the report files', () => {
  it('are offered through Teams file consent, uploaded on accept, with the decision in the document', async () => {
    const controller = session('demo-controller', 'Controller');
    await controller.install();
    const consents = await askForFiles(controller, 'rapport');
    expect(consents.map((c) => c.name)).toEqual([
      'Delarsrapport-AN-2024-08.docx',
      'Delarsrapport-AN-2024-08.xlsx',
    ]);
    const [docx] = consents;
    if (!docx) throw new Error('no consent card');

    const res = await controller.post(consentAnswer(controller, docx, 'accept', 'docx'));
    expect(res.status).toBe(200);
    const upload = uploads.find((u) => u.path === '/upload/docx');
    expect(upload?.bytes.subarray(0, 2).toString()).toBe('PK');
    expect(upload?.bytes.length).toBe(docx.content.sizeInBytes);
    expect(upload?.range).toBe(`bytes 0-${(upload?.bytes.length ?? 0) - 1}/${upload?.bytes.length}`);
    const info = await fake.waitFor((a) =>
      (a.attachments ?? []).some((x) => x.contentType === 'application/vnd.microsoft.teams.card.file.info'),
    );
    expect(JSON.stringify(info)).toContain('unique-docx');
    expect(JSON.stringify(info)).toContain('Delarsrapport-AN-2024-08.docx');
    expect(await documentXml(upload?.bytes)).toContain('Andelen e-ansökningar ökar men når inte 70 % i år.');
  });

  it('uploads exactly the file that was offered, even when answers change before the person accepts', async () => {
    const controller = session('demo-controller', 'Controller');
    const [offered] = await askForFiles(controller, 'rapport word');
    if (!offered) throw new Error('no consent card');

    // While the card waits, AMF finishes and sends in: the report would now say 3 units, not 2.
    const amf = session('demo-chef-amf', 'Karin Holm');
    await amf.say('rapportera');
    let card = await amf.press('Fortsätt där du slutade');
    for (let step = 0; step < 30 && !cardText(card).includes('Granska och skicka in'); step++) {
      card = await amf.press('Nästa', answersFor(card));
    }
    await amf.press('Skicka in');

    await controller.post(consentAnswer(controller, offered, 'accept', 'exact'));
    const upload = uploads.find((u) => u.path === '/upload/exact');
    expect(upload?.bytes.length).toBe(offered.content.sizeInBytes);
    const uploaded = await documentXml(upload?.bytes);
    expect(uploaded).toContain('från 2 av 9 enheters svar');
    expect(uploaded).not.toContain('från 3 av 9 enheters svar');

    // A new question gets the new file.
    const [fresh] = await askForFiles(controller, 'rapport word');
    if (!fresh) throw new Error('no consent card');
    await controller.post(consentAnswer(controller, fresh, 'accept', 'fresh'));
    expect(await documentXml(uploads.find((u) => u.path === '/upload/fresh')?.bytes)).toContain(
      'från 3 av 9 enheters svar',
    );

    // Accepting the first card again (Teams retries) uploads nothing more.
    const before = fake.activities(controller.conversationId).length;
    const count = uploads.length;
    await controller.post(consentAnswer(controller, offered, 'accept', 'again'));
    expect(uploads.length).toBe(count);
    expect(textsSince(controller, before)).toContain('redan levererad');
  });

  it('on decline, offers a link to the same file under the same name', async () => {
    const controller = session('demo-controller', 'Controller');
    const [offered] = await askForFiles(controller, 'rapport excel');
    if (!offered) throw new Error('no consent card');
    expect(offered.name).toBe('Delarsrapport-AN-2024-08.xlsx');
    const before = fake.activities(controller.conversationId).length;
    expect((await controller.post(consentAnswer(controller, offered, 'decline'))).status).toBe(200);
    const texts = textsSince(controller, before);
    expect(texts).toContain('Okej, filen sparades inte i din OneDrive');
    // The link is named as the consent card named the file, and downloads that very file.
    const link = /\[([^\]]+)\]\(([^)\s]+)\)/.exec(texts);
    expect(link?.[1]).toBe('Delarsrapport-AN-2024-08.xlsx');
    const path = new URL(link?.[2] ?? '').pathname;
    expect((await openLink(app.url, path)).status).toBe(200);
    const download = await pressDownload(app.url, path);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(
      'attachment; filename="Delarsrapport-AN-2024-08.xlsx"',
    );
    expect(download.body.byteLength).toBe(offered.content.sizeInBytes);
    // Single use, like every download link.
    expect((await pressDownload(app.url, path)).status).toBe(410);
  });

  it('gives other clients a link: opening shows a page, its button downloads once, expired ones are refused', async () => {
    const web = session('demo-controller', 'Controller', 'submit');
    const before = fake.activities(web.conversationId).length;
    await web.post({
      ...messageActivity(web.user, 'rapport excel', {
        serviceUrl: fake.url,
        tenantId: TENANT,
      }),
      channelId: 'webchat',
    });
    const path = await linkPathSent(fake, web.conversationId, before);
    const page = await openLink(app.url, path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('Delårsrapporten för augusti 2024 – delår 2 som Excel-fil');
    expect(page.text).toContain('<form method="post">');
    expect(page.text).toContain('Ladda ned');

    const first = await pressDownload(app.url, path);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toContain('Delarsrapport-AN-2024-08.xlsx');
    expect(first.body.subarray(0, 2).toString()).toBe('PK');
    const again = await pressDownload(app.url, path);
    expect(again.status).toBe(410);
    expect(again.text).toContain('Länken är redan använd');
    expect((await openLink(app.url, path)).status).toBe(410);

    const expiredId = randomBytes(32).toString('base64url');
    await app.storage.links.issue({
      id: expiredId,
      purpose: 'report',
      periodId: '2024-08',
      format: 'xlsx',
      aadObjectId: 'demo-controller',
      issuedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
      expiresAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    });
    const gone = await pressDownload(app.url, `/files/${expiredId}`);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('Länken har gått ut');
    const unknown = await openLink(app.url, `/files/${randomBytes(32).toString('base64url')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Länken känns inte igen');
    expect((await openLink(app.url, `${path}x`)).status).toBe(404);
    // A record made for another purpose is not a report link, whatever else it names.
    const foreignId = randomBytes(32).toString('base64url');
    await app.storage.links.issue({
      id: foreignId,
      purpose: 'export' as 'report',
      periodId: '2024-08',
      format: 'xlsx',
      aadObjectId: 'demo-controller',
      issuedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const foreign = await pressDownload(app.url, `/files/${foreignId}`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).toContain('Länken känns inte igen');
    // A consent card's signed token is not a download link either.
    const consent = createFileLinks(SECRET, () => Date.now()).token(
      { offerId: 'whatever', aadObjectId: 'demo-controller' },
      Date.now() + 60_000,
    );
    expect((await pressDownload(app.url, `/files/${consent}`)).status).toBe(404);
  });

  it('refuses a consent card token that someone else sends back', async () => {
    const controller = session('demo-controller', 'Controller');
    const [offered] = await askForFiles(controller, 'rapport excel');
    const token = String(
      (offered?.content as { acceptContext?: { token?: string } })?.acceptContext?.token ?? '',
    );
    expect(token).not.toBe('');
    const other = session('demo-ledning', 'Ledning');
    const before = fake.activities(other.conversationId).length;
    await other.post({
      ...messageActivity(other.user, '', { serviceUrl: fake.url, tenantId: TENANT }),
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: { type: 'fileUpload', action: 'decline', context: { token } },
    });
    const texts = fake
      .activities(other.conversationId)
      .slice(before)
      .map((a) => a.text ?? '')
      .join('\n');
    expect(texts).toContain('Okej, filen sparades inte.');
    expect(texts).not.toMatch(/\/files\//);
  });
});

describe('a manager who asks leadership questions', () => {
  it('is politely refused and sees their own unit’s status', async () => {
    const anna = session('demo-chef-amc', 'Anna Lind');
    const before = fake.activities(anna.conversationId).length;
    await anna.say('prognos');
    const texts = fake
      .activities(anna.conversationId)
      .slice(before)
      .map((a) => JSON.stringify(a.attachments ?? []))
      .join('\n');
    expect(texts).toMatch(/ledning/i);
    expect(texts).toContain('Augusti 2024 – delår 2');
    expect(texts).toMatch(/Inskickad/);
  });

  it('cannot press a leadership button either', async () => {
    const anna = session('demo-chef-amc', 'Anna Lind');
    await anna.say('rapportera');
    const card = await anna.sendAction('leadership.decide.save', {
      periodId: '2024-08',
      goalId: 'hog-egenforsorjningsgrad',
      rev: 0,
      decisionStatus: 'uppfylls',
      motivation: 'Jag bestämmer själv',
    });
    expect(cardText(card)).toMatch(/ledning/i);
    expect(await app.storage.decisions.get('an', '2024-08', 'hog-egenforsorjningsgrad')).toBeNull();
  });
});
