/**
 * Reaching people who never opened the bot: when an `AppInstaller` is configured (Microsoft Graph,
 * src/graph/app-installer.ts), a reminder pass installs the bot's Teams app for configured people
 * without a stored conversation. Teams then sends the bot its install event: the conversation is
 * stored and the bot greets them, and the next pass can remind them.
 *
 * Claimed like a reminder, so an install is never done twice: the key is
 * (committee, `app-install`, `install`, person) in the ReminderLog. Installed (201) or already
 * installed (409) → `sent`, never tried again. 403 (no permission) or 404 (no such user) →
 * `unreachable`, tried again at most once per day (IT may have granted the permission since).
 * 429 and 5xx are retried honouring Retry-After, never past half the claim's lifetime; what still
 * fails leaves the claim to expire. Throttled below Graph's 30 installs/s per app and tenant, and a
 * 429 holds back every install of this process for its Retry-After (the limit is per tenant).
 */
import pLimit from 'p-limit';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { ReminderEntry, ReminderKey, ReminderLog } from './ports.js';
import { localDateTime } from './schedule.js';

export type InstallResult =
  | { readonly kind: 'installed' }
  | { readonly kind: 'already-installed' }
  /** 401/403: the app lacks TeamsAppInstallation.ReadWriteSelfForUser.All (or admin consent). */
  | { readonly kind: 'forbidden'; readonly status: number; readonly message: string }
  /** 404: no such user (or no Teams licence). */
  | { readonly kind: 'not-found'; readonly status: number; readonly message: string }
  /** 429, 5xx, network errors: try again, after Retry-After when given. */
  | {
      readonly kind: 'retry';
      readonly status: number | null;
      readonly retryAfterMs: number | null;
      readonly message: string;
    }
  | { readonly kind: 'failed'; readonly status: number; readonly message: string };

/** Installs the bot for one user. Implemented in src/graph/app-installer.ts. */
export interface AppInstaller {
  install(aadObjectId: string): Promise<InstallResult>;
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
  readonly reminderLog: ReminderLog;
  readonly installer: AppInstaller;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Owner of the claims. */
  readonly instanceId: string;
  /** Default 10 minutes; installing stops at half of it. */
  readonly claimTtlMs?: number;
  /** Default 20: below Graph's 30 per second per app and tenant, leaving room for other instances. */
  readonly installsPerSecond?: number;
  /** Installs in progress at once. Default 4. */
  readonly concurrency?: number;
  /** Attempts per person and pass. Default 5. */
  readonly maxAttempts?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Installs for the people given (those without a stored conversation); one entry per person. */
export type AppInstall = (people: readonly string[]) => Promise<InstallEntry[]>;

export const INSTALL_PERIOD = 'app-install';
const INSTALL_KIND = 'install';

export function createAppInstall(deps: AppInstallDeps): AppInstall {
  const { reminderLog, installer, clock, logger } = deps;
  const claimTtlMs = deps.claimTtlMs ?? 10 * 60_000;
  const interval = 1000 / (deps.installsPerSecond ?? 20);
  const maxAttempts = Math.max(1, deps.maxAttempts ?? 5);
  const now = deps.now ?? (() => performance.now());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const limit = pLimit(Math.max(1, deps.concurrency ?? 4));
  let nextSlot = 0;

  /** Spaces requests by 1/rate across all workers; a 429 moves the next slot past its Retry-After. */
  async function slot(): Promise<void> {
    const t = now();
    const at = Math.max(t, nextSlot);
    nextSlot = at + interval;
    if (at > t) await sleep(at - t);
  }

  const keyOf = (aadObjectId: string): ReminderKey => ({
    committeeId: deps.committeeId,
    periodId: INSTALL_PERIOD,
    kind: INSTALL_KIND,
    aadObjectId,
  });
  const localDate = (iso: string) => localDateTime(new Date(iso), deps.timeZone).date;

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

  async function installOne(aadObjectId: string): Promise<InstallOutcome> {
    const key = keyOf(aadObjectId);
    const claimedAt = clock.now();
    const until = new Date(claimedAt.getTime() + claimTtlMs).toISOString();
    if (!(await reminderLog.claim(key, deps.instanceId, claimedAt.toISOString(), until))) {
      return 'claimed-elsewhere';
    }
    const deadline = now() + claimTtlMs / 2;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await slot();
      if (now() > deadline) break;
      const result = await installer.install(aadObjectId);
      const at = clock.now().toISOString();
      switch (result.kind) {
        case 'installed':
        case 'already-installed':
          await reminderLog.mark(key, deps.instanceId, 'sent', at, result.kind);
          return result.kind;
        case 'forbidden':
        case 'not-found':
          await reminderLog.mark(key, deps.instanceId, 'unreachable', at, `graph-${result.status}`);
          if (result.kind === 'forbidden') {
            logger.warn(
              'Graph refused to install the app: grant TeamsAppInstallation.ReadWriteSelfForUser.All',
              {
                status: result.status,
                error: result.message,
              },
            );
          }
          return result.kind;
        case 'failed':
          logger.warn('app install failed', { aadObjectId, status: result.status, error: result.message });
          return 'failed';
        case 'retry': {
          const wait = result.retryAfterMs ?? Math.min(30_000, 500 * 2 ** (attempt - 1));
          if (result.retryAfterMs !== null) nextSlot = Math.max(nextSlot, now() + wait);
          if (attempt === maxAttempts || now() + wait > deadline) {
            logger.warn('app install not done; a later pass retries after the claim expires', {
              aadObjectId,
              status: result.status,
              error: result.message,
            });
            return 'failed';
          }
          await sleep(wait);
        }
      }
    }
    return 'failed';
  }

  return async (people) => {
    if (people.length === 0) return [];
    const today = localDateTime(clock.now(), deps.timeZone).date;
    const log = new Map(
      (await reminderLog.list(deps.committeeId, INSTALL_PERIOD)).map((e) => [e.aadObjectId, e]),
    );
    return limit.map(people, async (aadObjectId): Promise<InstallEntry> => {
      const skipped = skip(log.get(aadObjectId), today);
      if (skipped) return { aadObjectId, outcome: skipped };
      try {
        return { aadObjectId, outcome: await installOne(aadObjectId) };
      } catch (error) {
        logger.error('app install failed', { aadObjectId, error: String(error) });
        return { aadObjectId, outcome: 'failed' };
      }
    });
  };
}
