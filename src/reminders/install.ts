/**
 * Reaching people who never opened the bot: when the delivery has an installer (Microsoft Graph,
 * src/graph/app-installer.ts; configured by TEAMS_APP_CATALOG_ID), every reminder pass, from the
 * timer, the trigger route or the CLI, installs the bot's Teams app for configured people without
 * a stored conversation. Teams then sends the bot its install event: the conversation is stored
 * and the bot greets them, and the next pass can remind them.
 *
 * Done through the one delivery (delivery.ts), claimed like a reminder, so an install is never
 * done twice: the key is (committee, `app-install`, `install`, person) in the ReminderLog.
 * Installed (201) or already installed (409) → `sent`, never tried again. 401/403 (no permission)
 * or 404 (no such user) → `unreachable`, tried again at most once per day (IT may have granted the
 * permission since). 429 and 5xx are retried honouring Retry-After, never past half the claim's
 * lifetime; what still fails leaves the claim to expire. Throttled below Graph's 30 installs/s per
 * app and tenant, and a 429 holds back every install of this process for its Retry-After (the
 * limit is per tenant).
 */

import { localDateTime } from '../calendar/local-time.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { DeliveryOutcome, ReminderDelivery } from './delivery.js';
import type { ReminderEntry, ReminderKey, ReminderLog } from './ports.js';
import type { SendOptions } from './sender.js';

/** Installs the bot for one user. Implemented in src/graph/app-installer.ts. */
export interface AppInstaller {
  /**
   * One HTTP request, after awaiting `options.beforeRequest`. Throws a `DeliveryError` (status,
   * Retry-After) for anything but installed or already installed.
   */
  install(aadObjectId: string, options?: SendOptions): Promise<'installed' | 'already-installed'>;
}

export type InstallOutcome =
  | 'installed'
  | 'already-installed'
  | 'forbidden'
  | 'not-found'
  | 'claimed-elsewhere'
  /** Done before, or refused today already. */
  | 'skipped'
  | 'failed';

export interface InstallEntry {
  readonly aadObjectId: string;
  readonly outcome: InstallOutcome;
}

export interface AppInstallDeps {
  readonly committeeId: string;
  readonly timeZone: string;
  readonly reminderLog: Pick<ReminderLog, 'list'>;
  /** The process's one delivery; it must have an installer (`canInstall`). */
  readonly delivery: ReminderDelivery;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Owner of the claims. */
  readonly instanceId: string;
}

/** Installs for the people given (those without a stored conversation); one entry per person. */
export type AppInstall = (people: readonly string[]) => Promise<InstallEntry[]>;

export const INSTALL_PERIOD = 'app-install';
const INSTALL_KIND = 'install';

function outcomeOf(outcome: DeliveryOutcome): InstallOutcome {
  switch (outcome.kind) {
    case 'sent':
      return outcome.detail === 'already-installed' ? 'already-installed' : 'installed';
    case 'claimed-elsewhere':
      return 'claimed-elsewhere';
    case 'unreachable':
      return outcome.code === 'graph-404' ? 'not-found' : 'forbidden';
    case 'failed':
      return 'failed';
  }
}

export function createAppInstall(deps: AppInstallDeps): AppInstall {
  const { clock, logger } = deps;
  const keyOf = (aadObjectId: string): ReminderKey => ({
    committeeId: deps.committeeId,
    periodId: INSTALL_PERIOD,
    kind: INSTALL_KIND,
    aadObjectId,
  });
  const localDate = (iso: string) => localDateTime(new Date(iso), deps.timeZone).date;

  /** What needs no request, decided from the log read at the start; null: try. */
  function skip(entry: ReminderEntry | undefined, today: string): InstallOutcome | null {
    if (!entry) return null;
    if (entry.state === 'sent') return 'skipped';
    if (entry.state === 'unreachable' && localDate(entry.updatedAt) >= today) return 'skipped';
    if (
      entry.state === 'claimed' &&
      entry.claimedBy !== deps.instanceId &&
      entry.claimedUntil > clock.now().toISOString()
    )
      return 'claimed-elsewhere';
    return null;
  }

  return async (people) => {
    if (people.length === 0) return [];
    const today = localDateTime(clock.now(), deps.timeZone).date;
    const log = new Map(
      (await deps.reminderLog.list(deps.committeeId, INSTALL_PERIOD)).map((e) => [e.aadObjectId, e]),
    );
    const decided = people.map((id) => skip(log.get(id), today));
    const todo = people.filter((_, i) => decided[i] === null);
    const outcomes = await deps.delivery.installAll(
      todo.map((id) => ({ key: keyOf(id), owner: deps.instanceId })),
    );
    const done = new Map(todo.map((id, i) => [id, outcomeOf(outcomes[i] ?? { kind: 'claimed-elsewhere' })]));
    const entries = people.map(
      (aadObjectId, i): InstallEntry => ({
        aadObjectId,
        outcome: decided[i] ?? done.get(aadObjectId) ?? 'failed',
      }),
    );
    const forbidden = entries.filter((e) => e.outcome === 'forbidden').length;
    if (forbidden > 0) {
      logger.warn(
        'Graph refused to install the app: grant TeamsAppInstallation.ReadWriteSelfForUser.All (deployment/README.md)',
        { people: forbidden },
      );
    }
    return entries;
  };
}
