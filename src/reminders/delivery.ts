/**
 * The one delivery protocol of every proactive message (scheduled reminders, "Påminn dem nu", and
 * whatever comes later): claim → render → send → mark, with bounded concurrency.
 *
 * Per job, identified by its `ReminderKey` (see README.md, "Exactly once"):
 * 1. claim the key in the ReminderLog for `claimTtlMs` (ETag-guarded); not claimed → `claimed-elsewhere`;
 * 2. no stored conversation → mark `unreachable` (`no-reference`);
 * 3. render the card for the channel (`Action.Execute` in Teams, `Action.Submit` elsewhere);
 * 4. send through the throttle with retries honouring Retry-After (sender.ts), never past half the
 *    claim's lifetime, so the claim cannot expire while we are still sending;
 * 5. 2xx → mark `sent` at once (retried: the at-least-once window); 403/404 → mark `unreachable`;
 *    anything else leaves the claim to expire, so a later run (any instance) sends it.
 *
 * One instance per process, shared by every caller, so the throttle and the concurrency bound
 * span the scheduler and every nudge together.
 */
import pLimit from 'p-limit';
import type { MessageCard } from '../cards/models.js';
import { type CardRenderer, createCardRenderer } from '../cards/render.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { ReminderKey, ReminderLog, StoredConversation } from './ports.js';
import { createDelivery, type DeliveryOptions, type ProactiveSender } from './sender.js';

export interface DeliveryJob {
  readonly key: ReminderKey;
  /** The claim's owner: unique per process (and per press for nudges). */
  readonly owner: string;
  readonly model: MessageCard;
  /** The person's stored conversation; null when they never talked to the bot. */
  readonly conversation: StoredConversation | null;
}

export type DeliveryOutcome =
  | { readonly kind: 'sent'; readonly attempts: number; readonly marked: boolean }
  | { readonly kind: 'claimed-elsewhere' }
  /** `no-reference`, `http-403` or `http-404`. */
  | { readonly kind: 'unreachable'; readonly code: string }
  | {
      readonly kind: 'failed';
      /** `http-429`, `network`, `error` (storage or a bug), … */
      readonly code: string;
      readonly status: number | null;
      readonly attempts: number;
      readonly message: string;
    };

export interface ReminderDeliveryDeps {
  readonly reminderLog: ReminderLog;
  readonly sender: ProactiveSender;
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
  /** The throttle and retries (rate, per-conversation spacing, attempts, backoff). */
  readonly throttle?: DeliveryOptions;
}

export interface ReminderDelivery {
  readonly claimTtlMs: number;
  /** One job. Never throws: every outcome is a result. */
  deliver(job: DeliveryJob): Promise<DeliveryOutcome>;
  /** Many jobs, at most `concurrency` at once (shared with every other caller); outcomes in order. */
  deliverAll(jobs: readonly DeliveryJob[]): Promise<DeliveryOutcome[]>;
}

const SENT_MARK_WAITS_MS = [200, 1_000, 3_000];

/** Bench B3 (200/s, 10 % 429 with Retry-After 1 s, same busy machine): steady 0.58 of the limit with 64 jobs, 0.89 with 128. */
export const DEFAULT_CONCURRENCY = 128;

/** The conversation id the throttle spaces messages by. */
function conversationIdOf(conversation: StoredConversation): string {
  const id = (conversation.reference.conversation as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : conversation.aadObjectId;
}

export function createReminderDelivery(deps: ReminderDeliveryDeps): ReminderDelivery {
  const { reminderLog, clock, logger } = deps;
  const renderer = deps.renderer ?? createCardRenderer();
  const claimTtlMs = deps.claimTtlMs ?? 10 * 60_000;
  const limit = pLimit(Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY));
  const transport = createDelivery(deps.sender, deps.throttle);
  const sleep = deps.throttle?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const nowIso = () => clock.now().toISOString();

  async function markSent(key: ReminderKey, owner: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await reminderLog.mark(key, owner, 'sent', nowIso());
        return true;
      } catch (error) {
        const wait = SENT_MARK_WAITS_MS[attempt];
        if (wait === undefined) {
          // The at-least-once window (README.md): after the claim expires it is sent again.
          logger.error('message delivered but not marked sent; it may be sent again', {
            key,
            error: String(error),
          });
          return false;
        }
        await sleep(wait);
      }
    }
  }

  async function deliver(job: DeliveryJob): Promise<DeliveryOutcome> {
    const { key, owner, conversation } = job;
    try {
      const claimedAt = clock.now();
      const until = new Date(claimedAt.getTime() + claimTtlMs).toISOString();
      if (!(await reminderLog.claim(key, owner, claimedAt.toISOString(), until))) {
        return { kind: 'claimed-elsewhere' };
      }
      if (!conversation) {
        await reminderLog.mark(key, owner, 'unreachable', nowIso(), 'no-reference');
        return { kind: 'unreachable', code: 'no-reference' };
      }
      const reference = conversation.reference;
      const card = renderer.render('message', job.model, {
        actions: reference.channelId === 'msteams' ? 'execute' : 'submit',
      });
      const result = await transport.deliver(conversationIdOf(conversation), reference, card, {
        budgetMs: claimTtlMs / 2,
      });
      if (result.kind === 'sent') {
        return { kind: 'sent', attempts: result.attempts, marked: await markSent(key, owner) };
      }
      if (result.kind === 'unreachable') {
        const code = `http-${result.status}`;
        await reminderLog.mark(key, owner, 'unreachable', nowIso(), code);
        return { kind: 'unreachable', code };
      }
      logger.warn('message not delivered; a later run retries after the claim expires', {
        key,
        status: result.status,
        attempts: result.attempts,
        error: result.message,
      });
      return {
        kind: 'failed',
        code: result.status === null ? 'network' : `http-${result.status}`,
        status: result.status,
        attempts: result.attempts,
        message: result.message,
      };
    } catch (error) {
      logger.error('delivery failed', { key, error: String(error) });
      return { kind: 'failed', code: 'error', status: null, attempts: 0, message: String(error) };
    }
  }

  return {
    claimTtlMs,
    deliver: (job) => limit(() => deliver(job)),
    deliverAll: (jobs) => limit.map(jobs, (job) => deliver(job)),
  };
}
