/**
 * Shared setup for the leadership tests: the shipped configuration plus two test leaders (one
 * scoped to UTB, one controller without decision rights), real storage in Azurite under a unique
 * table prefix with the reporting fixture's June–August answers, and a movable clock.
 */
import { randomUUID } from 'node:crypto';
import type { CardModels, CardName } from '../../src/cards/models.js';
import { type AdaptiveCard, createCardRenderer } from '../../src/cards/render.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import type { Leader } from '../../src/followup/access.js';
import type { Caller, Reply } from '../../src/followup/service.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { cardValidator } from './card-schema.js';
import { fixtureEvents, GENERATED_AT, writeFixture } from './report-fixtures.js';

export const utbLeader: Leader = {
  aadObjectId: 'test-ledning-utb',
  name: 'Ulrika Berg',
  upn: 'ulrika.berg@example.se',
  title: 'Avdelningschef vuxenutbildning',
  roles: ['leadership'],
  scope: { administrations: ['UTB'] },
};

export const controllerOnly: Leader = {
  aadObjectId: 'test-ekonom',
  name: 'Cecilia Ek',
  upn: 'cecilia.ek@example.se',
  title: 'Ekonom',
  roles: ['controller'],
  scope: 'committee',
};

export const callers = {
  helena: { aadObjectId: 'demo-ledning', teamsName: 'Helena Strand' },
  david: { aadObjectId: 'demo-controller', teamsName: 'David Ek' },
  ulrika: { aadObjectId: utbLeader.aadObjectId, teamsName: utbLeader.name },
  cecilia: { aadObjectId: controllerOnly.aadObjectId, teamsName: controllerOnly.name },
  anna: { aadObjectId: 'demo-chef-amc', teamsName: 'Anna Lind' },
  stranger: { aadObjectId: 'okand-person', teamsName: 'Okänd Person' },
} as const satisfies Record<string, Caller>;

export async function leadershipConfig(): Promise<CommitteeConfig> {
  const shipped = await loadConfig(shippedConfigDir);
  return {
    ...shipped,
    organisation: {
      ...shipped.organisation,
      leadership: [...shipped.organisation.leadership, utbLeader, controllerOnly],
    },
  };
}

/** Storage with the fixture's answers (June, July, August 2024). */
export async function seededStorage(connectionString: string): Promise<Storage> {
  const prefix = `l${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const storage = await openStorage({ kind: 'connectionString', connectionString }, prefix);
  await writeFixture(storage.answers, fixtureEvents());
  return storage;
}

/** Tuesday 10 September 2024, 14:03 in Stockholm: August (delår 2) is past its deadline, not locked. */
export function movableClock(start = GENERATED_AT) {
  const clock = { current: new Date(start), now: () => new Date(clock.current.getTime()) };
  return clock;
}

/** The one reply of a card kind, failing clearly otherwise. */
export function only<N extends CardName>(replies: readonly Reply[] | Reply, card: N): CardModels[N] {
  const list = Array.isArray(replies) ? replies : [replies as Reply];
  if (list.length !== 1) throw new Error(`expected one reply, got ${list.length}`);
  const [reply] = list;
  if (!reply || reply.card !== card) {
    throw new Error(
      `expected a ${card} card, got ${reply?.card}: ${JSON.stringify(reply?.model).slice(0, 400)}`,
    );
  }
  return reply.model as CardModels[N];
}

/** A no-break space and a real minus, as the cards write numbers: `nb('−6 650')`. */
export function nb(text: string): string {
  return text.replace(/(?<=\d) (?=\d{3}\b)/g, '\u00a0').replace(/-(?=\d)/g, '\u2212');
}

const validateCard = cardValidator();
const renderer = createCardRenderer();

/** The most a leadership card may weigh as sent (Teams allows about 28 KB per message). */
export const CARD_LIMIT_BYTES = 28 * 1024;

/** Renders a reply as Teams gets it, and fails unless it is a valid 1.5 card under the size limit. */
export function renderChecked(reply: Reply): AdaptiveCard {
  const card = renderer.render(reply.card, reply.model as never);
  if (!validateCard(card)) {
    throw new Error(`${reply.card} is not a valid card: ${JSON.stringify(validateCard.errors?.slice(0, 3))}`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes >= CARD_LIMIT_BYTES) throw new Error(`${reply.card} is ${bytes} bytes`);
  return card;
}
