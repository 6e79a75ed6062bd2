/**
 * R5 storage outage: the app on its own embedded Azurite (reached through a TCP proxy, so that
 * Azurite can come back on another port while the app keeps its connection string). A manager
 * saves, Azurite stops, the next save is answered "Försök igen om en stund" and the process
 * stays up (liveness 200, readiness 503); Azurite starts again on the same data directory, the
 * save goes through, and everything acknowledged before the outage is still there.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerPayload } from '../../src/followup/answers.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import {
  azuriteConnectionString,
  type EmbeddedAzurite,
  startEmbeddedAzurite,
} from '../../src/storage/azurite.js';
import { indicatorValue } from '../support/answers.js';
import { BotSession, type Card, cardText } from '../support/bot-session.js';
import { type FakeTeams, inputIds, startFakeTeams } from '../support/fake-teams.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const NOW = '2024-09-03T10:00:00+02:00';

let dataDir: string;
let azurite: EmbeddedAzurite;
let proxy: TcpProxy;
let fake: FakeTeams;
let app: RunningApp;
let anna: BotSession;
/** The third nämndmål's card, as it was before the outage: pressed again after it. */
let thirdGoalCard: Card;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-outage-'));
  azurite = await startEmbeddedAzurite(dataDir);
  proxy = await startTcpProxy(azurite.port);
  fake = await startFakeTeams();
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: azuriteConnectionString(proxy.port),
      TABLE_PREFIX: `o${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: NOW,
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
  anna = new BotSession({
    botUrl: app.url,
    fake,
    aadObjectId: 'demo-chef-amc',
    name: 'Anna Lind',
    tenantId: TENANT,
    mode: 'execute',
  });
});

afterAll(async () => {
  await app?.stop();
  await azurite?.stop();
  await proxy?.close();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Every input of a step card filled with a plausible value (as in the follow-up e2e test). */
function answersFor(card: Card): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputIds(card)) {
    const id = input.id;
    if (id === 'status') values[id] = 'uppfylls-delvis';
    else if (id === 'results') values[id] = `Resultat sparat ${randomUUID()}`;
    else if (id === 'deviations') values[id] = 'Inga avvikelser inom aktiviteterna i verksamhetsplanen.';
    else if (/^ind\..*\.iu$/.test(id)) values[id] = 'false';
    else if (/^ind\./.test(id)) {
      const value = indicatorValue(input);
      if (value !== undefined) values[id] = value;
    }
  }
  return values;
}

async function amcAnswers() {
  const all = await app.storage.answers.listPeriod<AnswerPayload>('an', '2024-08');
  return all.filter((a) => a.unitId === 'amc');
}

async function status(route: '/healthz' | '/readyz') {
  const res = await fetch(`${app.url}${route}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The goals acknowledged before the outage, by item: how many saves, and the results text. */
const acknowledged = new Map<string, { saves: number; results: string }>();

/** The step a card is about, from its buttons. */
const stepOf = (card: Card): string => String((JSON.stringify(card).match(/"step":"(goal:[^"]+)"/) ?? [])[1]);

describe('a storage outage in the middle of a follow-up', () => {
  it('acknowledges saves while storage is up', async () => {
    await anna.install();
    await anna.say('rapportera');
    let card = await anna.press('Börja');
    // Two goals, each on one card or more, every card acknowledged with "Sparat".
    for (let i = 0; i < 10 && (acknowledged.size < 2 || acknowledged.has(stepOf(card))); i++) {
      const values = answersFor(card);
      const step = stepOf(card);
      card = await anna.press('Nästa', values);
      expect(cardText(card)).toContain('Sparat');
      const before = acknowledged.get(step);
      acknowledged.set(step, {
        saves: (before?.saves ?? 0) + 1,
        results: values.results ?? before?.results ?? '',
      });
    }
    thirdGoalCard = card;
    expect(acknowledged.size).toBe(2);
    expect([...acknowledged.keys()].every((k) => k.startsWith('goal:'))).toBe(true);
    expect(await amcAnswers()).toHaveLength(2);
  });

  it('answers "Försök igen om en stund" while Azurite is down, and stays alive', async () => {
    await azurite.stop();
    const card = await anna.press('Nästa', answersFor(thirdGoalCard));
    const text = cardText(card);
    expect(text).toContain('Försök igen om en stund');
    expect(text).toContain('inget nytt sparades');
    // A typed command during the outage gets the same answer, through the connector.
    expect(cardText(await anna.say('status'))).toContain('Försök igen om en stund');
    const health = await status('/healthz');
    expect(health.status).toBe(200);
    expect(health.body.storage).toBe('unavailable');
    expect((await status('/readyz')).status).toBe(503);
  });

  it('works again when Azurite is back on the same data, and lost nothing acknowledged', async () => {
    azurite = await startEmbeddedAzurite(dataDir);
    proxy.setTarget(azurite.port);
    // Readiness asks storage each time: ready as soon as storage answers again.
    expect((await status('/readyz')).status).toBe(200);
    anna.card = thirdGoalCard;
    const values = answersFor(thirdGoalCard);
    const card = await anna.press('Nästa', values);
    expect(cardText(card)).toContain('Sparat');
    expect(cardText(await anna.say('status'))).toContain('Arbetsmarknadscentrum');

    const answers = await amcAnswers();
    expect(answers).toHaveLength(3);
    for (const [item, { saves, results }] of acknowledged) {
      const stored = answers.find((a) => a.item === item);
      expect(stored?.revision, item).toBe(saves);
      expect(stored?.payload).toMatchObject({ kind: 'goal', results });
      const history = await app.storage.answers.history({
        committeeId: 'an',
        periodId: '2024-08',
        unitId: 'amc',
        item: item as `goal:${string}`,
      });
      expect(history).toHaveLength(saves);
    }
    // The save refused during the outage was not half-stored: the retry is revision 1.
    const third = answers.find((a) => !acknowledged.has(a.item));
    expect(third?.revision).toBe(1);
    expect(third?.payload).toMatchObject({ results: values.results });
  });
});
