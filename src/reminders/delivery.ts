/**
 * The one delivery protocol of everything the bot does unasked (scheduled reminders, "Påminn dem
 * nu", app installs for people who never opened the bot, and whatever comes later): claim → do →
 * mark, with bounded concurrency.
 *
 * Per job, identified by its `ReminderKey` (see README.md, "Exactly once"):
 * 1. claim the key in the ReminderLog for `claimTtlMs` (ETag-guarded); not claimed → `claimed-elsewhere`;
 * 2. a message: no stored conversation → mark `unreachable` (`no-reference`); otherwise render the
 *    card for the channel (`Action.Execute` in Teams, `Action.Submit` elsewhere). An install: the
 *    Graph request for the person;
 * 3. send through the service's send policy (sender.ts: throttle, retries honouring Retry-After),
 *    never past half the claim's lifetime, so the claim cannot expire while we are still sending;
 * 4. success → mark `sent` at once (retried: the at-least-once window); 403/404 (Graph: also 401)
 *    → mark `unreachable`; anything else leaves the claim to expire, so a later run (any
 *    instance) does it.
 *
 * One instance per process, shared by every caller, so the throttles and the concurrency bound
 * span the scheduler, every nudge and the installs together.
 */
import pLimit from 'p-limit';
import type { MessageCard } from '../cards/models.js';
import { type CardRenderer, createCardRenderer } from '../cards/render.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { AppInstaller } from './install.js';
import type { ReminderKey, ReminderLog, StoredConversation } from './ports.js';
import {
  createSendPolicy,
  type DeliveryOptions,
  type DeliveryResult,
  type ProactiveSender,
  UNREACHABLE_STATUSES,
} from './sender.js';

export interface DeliveryJob {
  readonly key: ReminderKey;
  /** The claim's owner: unique per process (and per press for nudges). */
  readonly owner: string;
  readonly model: MessageCard;
  /** The person's stored conversation; null when they never talked to the bot. */
  readonly conversation: StoredConversation | null;
}

/** Installing the bot's Teams app for one person (`key.aadObjectId`). */
export interface InstallJob {
  readonly key: ReminderKey;
  readonly owner: string;
}

export type DeliveryOutcome =
  /** `detail`: for installs, `installed` or `already-installed`. */
  | {
      readonly kind: 'sent';
      readonly attempts: number;
      readonly marked: boolean;
      readonly detail: string | null;
    }
  | { readonly kind: 'claimed-elsewhere' }
  /** `no-reference`, `http-403`, `http-404`, `graph-401`, `graph-403`, `graph-404`. */
  | { readonly kind: 'unreachable'; readonly code: string }
  | {
      readonly kind: 'failed';
      /** `http-429`, `graph-503`, `network`, `error` (storage or a bug), … */
      readonly code: string;
      readonly status: number | null;
      readonly attempts: number;
      readonly message: string;
    };

export interface ReminderDeliveryDeps {
  readonly reminderLog: ReminderLog;
  readonly sender: ProactiveSender;
  /** Installs through Microsoft Graph; absent: installs are off (`canInstall` false). */
  readonly installer?: AppInstaller;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly renderer?: CardRenderer;
  /** How long a claim holds. Default 10 minutes; sending stops at half of it. */
  readonly claimTtlMs?: number;
  /**
   * Jobs in progress at once, over all callers. Default `DEFAULT_CONCURRENCY`: a 429 holds its
   * job for Retry-After, so enough jobs keep the throttle, not the waits, the limit (bench B3).
   */
  readonly concurrency?: number;
  /** The Bot Connector's throttle and retries (rate, per-conversation spacing, attempts, backoff). */
  readonly throttle?: DeliveryOptions;
  /** Graph's, for installs. Default 20 installs/s, below Graph's 30 per app and tenant. */
  readonly installThrottle?: DeliveryOptions;
}

export interface ReminderDelivery {
  readonly claimTtlMs: number;
  /** Whether an installer is configured (installs need the Graph permission, deployment/). */
  readonly canInstall: boolean;
  /** One message. Never throws: every outcome is a result. */
  deliver(job: DeliveryJob): Promise<DeliveryOutcome>;
  /** Many messages, at most `concurrency` jobs at once (shared with every other caller); in order. */
  deliverAll(jobs: readonly DeliveryJob[]): Promise<DeliveryOutcome[]>;
  /** App installs, through the same claims and concurrency bound; without an installer, `failed`. */
  installAll(jobs: readonly InstallJob[]): Promise<DeliveryOutcome[]>;
}

const SENT_MARK_WAITS_MS = [200, 1_000, 3_000];

/** Bench B3 (200/s, 10 % 429 with Retry-After 1 s, same busy machine): steady 0.58 of the limit with 64 jobs, 0.89 with 128. */
export const DEFAULT_CONCURRENCY = 128;

/** Installs per second: below Graph's 30 per app and tenant, leaving room for other instances. */
export const DEFAULT_INSTALLS_PER_SECOND = 20;

const GRAPH_UNREACHABLE: ReadonlySet<number> = new Set([401, ...UNREACHABLE_STATUSES]);

/** What the job did, before it is marked. */
type Done<T> = DeliveryResult<T> | { readonly kind: 'unreachable'; readonly code: string };

/** The conversation id the throttle spaces messages by. */
function conversationIdOf(conversation: StoredConversation): string {
  const id = (conversation.reference.conversation as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : conversation.aadObjectId;
}

export function createReminderDelivery(deps: ReminderDeliveryDeps): ReminderDelivery {
  const { reminderLog, clock, logger, installer } = deps;
  const renderer = deps.renderer ?? createCardRenderer();
  const claimTtlMs = deps.claimTtlMs ?? 10 * 60_000;
  const limit = pLimit(Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY));
  const messages = createSendPolicy(deps.throttle);
  const installs = createSendPolicy({
    messagesPerSecond: DEFAULT_INSTALLS_PER_SECOND,
    perConversationIntervalMs: 0,
    unreachableStatuses: GRAPH_UNREACHABLE,
    retryAfterHoldsAll: true,
    ...deps.installThrottle,
  });
  const sleep = deps.throttle?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const nowIso = () => clock.now().toISOString();

  async function markSent(key: ReminderKey, owner: string, detail: string | undefined): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await reminderLog.mark(key, owner, 'sent', nowIso(), detail);
        return true;
      } catch (error) {
        const wait = SENT_MARK_WAITS_MS[attempt];
        if (wait === undefined) {
          // The at-least-once window (README.md): after the claim expires it is done again.
          logger.error('delivered but not marked sent; it may be done again', {
            key,
            error: String(error),
          });
          return false;
        }
        await sleep(wait);
      }
    }
  }

  /** Claim, `work`, mark: the protocol every job follows. `prefix`: of status codes (`http`, `graph`). */
  async function claimed<T>(
    key: ReminderKey,
    owner: string,
    prefix: string,
    work: () => Promise<Done<T>>,
    detailOf: (value: T) => string | undefined,
  ): Promise<DeliveryOutcome> {
    try {
      const claimedAt = clock.now();
      const until = new Date(claimedAt.getTime() + claimTtlMs).toISOString();
      if (!(await reminderLog.claim(key, owner, claimedAt.toISOString(), until))) {
        return { kind: 'claimed-elsewhere' };
      }
      const result = await work();
      if (result.kind === 'sent') {
        const detail = detailOf(result.value);
        const marked = await markSent(key, owner, detail);
        return { kind: 'sent', attempts: result.attempts, marked, detail: detail ?? null };
      }
      if (result.kind === 'unreachable') {
        const code = 'code' in result ? result.code : `${prefix}-${result.status}`;
        await reminderLog.mark(key, owner, 'unreachable', nowIso(), code);
        return { kind: 'unreachable', code };
      }
      logger.warn('not delivered; a later run retries after the claim expires', {
        key,
        status: result.status,
        attempts: result.attempts,
        error: result.message,
      });
      return {
        kind: 'failed',
        code: result.status === null ? 'network' : `${prefix}-${result.status}`,
        status: result.status,
        attempts: result.attempts,
        message: result.message,
      };
    } catch (error) {
      logger.error('delivery failed', { key, error: String(error) });
      return { kind: 'failed', code: 'error', status: null, attempts: 0, message: String(error) };
    }
  }

  function deliver(job: DeliveryJob): Promise<DeliveryOutcome> {
    const { conversation } = job;
    return claimed(
      job.key,
      job.owner,
      'http',
      async (): Promise<Done<void>> => {
        if (!conversation) return { kind: 'unreachable', code: 'no-reference' };
        const reference = conversation.reference;
        const card = renderer.render('message', job.model, {
          actions: reference.channelId === 'msteams' ? 'execute' : 'submit',
        });
        return messages.run(
          conversationIdOf(conversation),
          (options) => deps.sender.send(reference, card, options),
          { budgetMs: claimTtlMs / 2 },
        );
      },
      () => undefined,
    );
  }

  async function install(job: InstallJob): Promise<DeliveryOutcome> {
    if (!installer) {
      return { kind: 'failed', code: 'error', status: null, attempts: 0, message: 'no installer configured' };
    }
    const id = job.key.aadObjectId;
    return claimed(
      job.key,
      job.owner,
      'graph',
      () => installs.run(id, (options) => installer.install(id, options), { budgetMs: claimTtlMs / 2 }),
      (value) => value,
    );
  }

  return {
    claimTtlMs,
    canInstall: installer !== undefined,
    deliver: (job) => limit(() => deliver(job)),
    deliverAll: (jobs) => limit.map(jobs, (job) => deliver(job)),
    installAll: (jobs) => limit.map(jobs, (job) => install(job)),
  };
}
