/**
 * Routing and card rendering through botbuilder's TestAdapter: which card answers which text or
 * action, and which action type each channel gets. Storage is a real Azurite.
 */
import { randomUUID } from 'node:crypto';
import { type Activity, TestAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FollowupBot } from '../../src/bot/followup-bot.js';
import { createCardRenderer } from '../../src/cards/render.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { ControllerService } from '../../src/controller/service.js';
import { createDownloadLinks } from '../../src/downloads/links.js';
import { FollowupService } from '../../src/followup/service.js';
import type { LeadershipApi } from '../../src/leadership/api.js';
import { createFileLinks } from '../../src/leadership/report-offers.js';
import { LeadershipService } from '../../src/leadership/service.js';
import type { ReportTemplate } from '../../src/reporting/report-template.js';
import { fixedClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { cardText } from '../support/bot-session.js';
import { shippedTemplate } from '../support/template.js';

let storage: Storage;
let config: CommitteeConfig;
let bot: FollowupBot;
let reportTemplate: ReportTemplate;
const clock = fixedClock(new Date('2024-09-03T08:00:00Z'));

function leadershipService(): LeadershipService {
  return new LeadershipService({
    config,
    answers: storage.answers,
    decisions: storage.decisions,
    audit: storage.audit,
    clock,
    reportTemplate,
  });
}

/** The bot as the app wires it, on real storage; `leadership` lets a test swap in a broken one. */
function makeBot(leadership: LeadershipApi = leadershipService()): FollowupBot {
  return new FollowupBot({
    followup: new FollowupService({ config, answers: storage.answers, audit: storage.audit, clock }),
    leadership,
    controller: new ControllerService({ config, answers: storage.answers, audit: storage.audit, clock }),
    fileLinks: createFileLinks('test-secret-that-is-long-enough-0123456789', () => Date.now()),
    offers: storage.files,
    downloads: createDownloadLinks({
      store: storage.links,
      publicUrl: 'http://localhost',
      now: () => Date.now(),
    }),
    config,
    conversations: storage.conversations,
    pauses: storage.pauses,
    snoozes: storage.snoozes,
    welcomes: storage.welcomes,
    renderer: createCardRenderer(),
    clock,
    logger: silentLogger,
  });
}

beforeAll(async () => {
  storage = await openStorage(
    { kind: 'connectionString', connectionString: inject('azuriteConnectionString') },
    `r${randomUUID().replace(/-/g, '').slice(0, 12)}`,
  );
  config = await loadConfig(shippedConfigDir);
  reportTemplate = await shippedTemplate();
  bot = makeBot();
});

afterAll(async () => {
  await storage.close();
});

function adapter(channelId: string, aadObjectId = 'demo-chef-amc'): TestAdapter {
  return new TestAdapter(async (context) => bot.run(context), {
    channelId,
    from: { id: `29:${aadObjectId}`, name: 'Anna Lind', aadObjectId },
    recipient: { id: '28:bot', name: 'Uppföljningsboten' },
    conversation: { id: `a:${aadObjectId}`, conversationType: 'personal', isGroup: false, name: '' },
  });
}

function card(activity: Partial<Activity>): Record<string, unknown> {
  const content = activity.attachments?.[0]?.content as Record<string, unknown> | undefined;
  if (!content) throw new Error(`no card in ${JSON.stringify(activity).slice(0, 200)}`);
  return content;
}

function actionTypes(c: unknown): string[] {
  return [...JSON.stringify(c).matchAll(/"type":"(Action\.\w+)"/g)].map((m) => m[1] ?? '');
}

describe('routing', () => {
  it('answers "hjälp" with the help card', async () => {
    await adapter('msteams')
      .send('hjälp')
      .assertReply((a) => expect(cardText(card(a))).toContain('Så här använder du Uppföljningsboten'));
  });

  it('answers unknown text with the help card, never silence', async () => {
    await adapter('msteams')
      .send('vad blir det för väder')
      .assertReply((a) => expect(cardText(card(a))).toContain('Jag förstod inte ”vad blir det för väder”'));
  });

  it('opens the start card with Action.Execute (and a Submit fallback) in Teams', async () => {
    await adapter('msteams')
      .send('rapportera')
      .assertReply((a) => {
        const c = card(a);
        expect(cardText(c)).toContain('Augusti 2024 – delår 2');
        expect(actionTypes(c)).toContain('Action.Execute');
        expect(c.version).toBe('1.5');
      });
  });

  it('gives other channels Action.Submit only', async () => {
    await adapter('webchat')
      .send('rapportera')
      .assertReply((a) => {
        const types = actionTypes(card(a));
        expect(types).toContain('Action.Submit');
        expect(types).not.toContain('Action.Execute');
      });
  });

  it('routes an Action.Submit (a message with value) to the same handler as Action.Execute', async () => {
    await adapter('webchat')
      .send({
        type: 'message',
        value: { verb: 'followup.open', unitId: 'amc', periodId: '2024-08', step: 'economy' },
      } as Partial<Activity>)
      .assertReply((a) => expect(cardText(card(a))).toContain('Nettokostnad 2024 i tkr'));
  });

  it('answers an adaptiveCard/action invoke with the next card in the invoke response', async () => {
    await adapter('msteams')
      .send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'followup.open',
            data: { unitId: 'amc', periodId: '2024-08', step: 'economy' },
          },
        },
      } as Partial<Activity>)
      .assertReply((a) => {
        expect(a.type).toBe('invokeResponse');
        const body = (a.value as { body: { statusCode: number; value: unknown } }).body;
        expect(body.statusCode).toBe(200);
        expect(cardText(body.value)).toContain('Arbetsmarknadsåtgärder');
      });
  });

  it('says so when a button carries an unknown verb', async () => {
    await adapter('webchat')
      .send({ type: 'message', value: { verb: 'drop.tables' } } as Partial<Activity>)
      .assertReply((a) => expect(cardText(card(a))).toContain('Okänd knapp'));
  });

  it('answers a card action that hits a bug with "Något gick fel" on the card, not a spinner', async () => {
    // The real service, except that pressing a button hits a bug.
    const real = leadershipService();
    const broken = makeBot({
      isLeadershipQuestion: (text) => real.isLeadershipQuestion(text),
      ask: (who, text) => real.ask(who, text),
      act: async () => {
        throw new Error('a bug');
      },
      document: (who, rest, format) => real.document(who, rest, format),
      help: (notice) => real.help(notice),
    });
    const testAdapter = new TestAdapter(async (context) => broken.run(context), {
      channelId: 'msteams',
      from: { id: '29:demo-ledning', name: 'Helena Strand', aadObjectId: 'demo-ledning' },
      recipient: { id: '28:bot', name: 'Uppföljningsboten' },
      conversation: { id: 'a:demo-ledning', conversationType: 'personal', isGroup: false, name: '' },
    });
    await testAdapter
      .send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: 'leadership.prognosis', data: { periodId: '2024-08' } },
        },
      } as Partial<Activity>)
      .assertReply((a) => {
        const body = (a.value as { body: { statusCode: number; value: unknown } }).body;
        expect(body.statusCode).toBe(200);
        expect(cardText(body.value)).toContain('Något gick fel, försök igen om en stund');
      });
  });
});
