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
 * span the scheduler, every nudge and the installs together. The bound counts jobs at work
 * (claiming, sending, marking): a job waiting out a Retry-After gives up its place and gets the
 * next free one before any new job when the wait is over, so a few jobs keep the throttle, not
 * the waits, the limit (bench B3), and a claimed job is not left behind new ones.
 */
import PQueue from 'p-queue';
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
  /** Jobs at work at once, over all callers (waiting out a Retry-After does not count). */
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

/** Enough to keep the throttle busy while claims and marks take their round trips (bench B3). */
export const DEFAULT_CONCURRENCY = 32;

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
  const queue = new PQueue({ concurrency: Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY) });
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

  /** One of the `concurrency` places, held until the returned release is called. */
  function place(priority: number): Promise<() => void> {
    return new Promise((granted) => {
      void queue.add(() => new Promise<void>((release) => granted(release)), { priority });
    });
  }

  /** Runs a job in a place; `wait` gives the place up meanwhile and takes the next free one back. */
  async function inPlace<T>(job: (wait: (ms: number) => Promise<void>) => Promise<T>): Promise<T> {
    let release = await place(0);
    const wait = async (ms: number) => {
      release();
      await sleep(ms);
      release = await place(1);
    };
    try {
      return await job(wait);
    } finally {
      release();
    }
  }

  async function markSent(
    key: ReminderKey,
    owner: string,
    detail: string | undefined,
    wait: (ms: number) => Promise<void>,
  ): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await reminderLog.mark(key, owner, 'sent', nowIso(), detail);
        return true;
      } catch (error) {
        const delay = SENT_MARK_WAITS_MS[attempt];
        if (delay === undefined) {
          // The at-least-once window (README.md): after the claim expires it is done again.
          logger.error('delivered but not marked sent; it may be done again', {
            key,
            error: String(error),
          });
          return false;
        }
        await wait(delay);
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
    wait: (ms: number) => Promise<void>,
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
        const marked = await markSent(key, owner, detail, wait);
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

  function deliver(job: DeliveryJob, wait: (ms: number) => Promise<void>): Promise<DeliveryOutcome> {
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
          { budgetMs: claimTtlMs / 2, wait },
        );
      },
      () => undefined,
      wait,
    );
  }

  async function install(job: InstallJob, wait: (ms: number) => Promise<void>): Promise<DeliveryOutcome> {
    if (!installer) {
      return { kind: 'failed', code: 'error', status: null, attempts: 0, message: 'no installer configured' };
    }
    const id = job.key.aadObjectId;
    return claimed(
      job.key,
      job.owner,
      'graph',
      () => installs.run(id, (options) => installer.install(id, options), { budgetMs: claimTtlMs / 2, wait }),
      (value) => value,
      wait,
    );
  }

  return {
    claimTtlMs,
    canInstall: installer !== undefined,
    deliver: (job) => inPlace((wait) => deliver(job, wait)),
    deliverAll: (jobs) => Promise.all(jobs.map((job) => inPlace((wait) => deliver(job, wait)))),
    installAll: (jobs) => Promise.all(jobs.map((job) => inPlace((wait) => install(job, wait)))),
  };
}
