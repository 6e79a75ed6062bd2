/**
 * The send policy of every outgoing request the delivery makes (a proactive message to the Bot
 * Connector, an app install through Microsoft Graph): a throttle below the service's limit and
 * bounded retries. The exactly-once bookkeeping around it (claim, send, mark) is in delivery.ts;
 * see README.md. One policy per service and process (each service has its own limit).
 *
 * - Throttle: at most `messagesPerSecond` overall (default 30) and one message per
 *   `perConversationIntervalMs` per conversation (default 1000), per process: with several
 *   instances sending at once, configure `messagesPerSecond` as the limit divided by them.
 *   Send times are reserved slots spaced by 1/rate, so concurrent workers never burst above it.
 * - Retries: 429, 412, 502, 503, 504 and network errors (no status). `Retry-After` is honoured
 *   when given (seconds or an HTTP date); otherwise exponential backoff with jitter. At most
 *   `maxAttempts` failed attempts plus at most `maxThrottledAttempts` 429s with Retry-After (a
 *   "come back at", not a failure), and never past the caller's `budgetMs` (the claim must not
 *   expire while we are still sending, or another instance could send too).
 * - A 429 with Retry-After holds back the key it was for (a conversation) or, with
 *   `retryAfterHoldsAll` (Graph: the limit is per app and tenant), every request of the policy.
 * - 403 (bot blocked or removed) and 404 (conversation gone): `unreachable` at once, not retried
 *   (`unreachableStatuses`; Graph adds 401).
 * - Anything else (400, 401, …): `failed` at once; a bug or a configuration problem.
 * These are the only retries: src/bot/proactive.ts takes botbuilder's own retry policy out of the
 * connector client, so each attempt here is one HTTP request and passes the throttle.
 */
import type { AdaptiveCard } from '../cards/render.js';

export interface SendOptions {
  /**
   * The throttle: awaited right before each HTTP request (src/bot/proactive.ts calls it from the
   * connector client's pipeline, so the spacing holds on the wire, not only where we decided to
   * send). Throws when the attempt must not go out any more (the claim's budget is spent).
   */
  readonly beforeRequest?: () => Promise<void>;
}

/** Sends one card into a stored conversation. Implemented in src/bot/proactive.ts. */
export interface ProactiveSender {
  /** Must await `options.beforeRequest` before every HTTP request it makes. */
  send(
    reference: Readonly<Record<string, unknown>>,
    card: AdaptiveCard,
    options?: SendOptions,
  ): Promise<void>;
}

/** What a `ProactiveSender` throws when the channel refuses a message. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** HTTP status from the channel; null for network errors and timeouts. */
    readonly status: number | null,
    /** From `Retry-After`, in ms; null when absent. */
    readonly retryAfterMs: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 412, 502, 503, 504]);
export const UNREACHABLE_STATUSES: ReadonlySet<number> = new Set([403, 404]);

export interface DeliveryOptions {
  /** Overall limit (Teams: ~50/s per bot per tenant for 1:1; we stay well below). */
  readonly messagesPerSecond?: number;
  /** Per conversation (Teams: ~1 message/s per conversation sustained). */
  readonly perConversationIntervalMs?: number;
  /** Attempts that failed (5xx, 412, network, 429 without Retry-After). Default 4. */
  readonly maxAttempts?: number;
  /**
   * 429s with Retry-After in a row: the channel said when to come back, which is not a failure,
   * so they do not use up `maxAttempts`; bounded separately (and by the budget). Default 10.
   */
  readonly maxThrottledAttempts?: number;
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** A longer Retry-After than this gives up for this run (the next run tries again). */
  readonly maxRetryAfterMs?: number;
  /** Statuses that mean "cannot reach this person", never retried. Default 403 and 404. */
  readonly unreachableStatuses?: ReadonlySet<number>;
  /** A 429's Retry-After holds back every request of this policy, not only its key's. */
  readonly retryAfterHoldsAll?: boolean;
  /** Monotonic milliseconds; injectable so tests run the throttle on a fake clock. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export type DeliveryResult<T = void> =
  | { readonly kind: 'sent'; readonly attempts: number; readonly value: T }
  | { readonly kind: 'unreachable'; readonly status: number; readonly attempts: number }
  | {
      readonly kind: 'failed';
      readonly status: number | null;
      readonly attempts: number;
      readonly message: string;
    };

export interface RunOptions {
  /** No attempt starts (or waits) beyond this many ms from the call. */
  readonly budgetMs?: number;
  /**
   * Waits between attempts (Retry-After, backoff). The delivery gives up its concurrency place
   * while waiting, so waiting jobs do not hold back jobs that could send. Default: sleep.
   */
  readonly wait?: (ms: number) => Promise<void>;
}

/** One attempt: one HTTP request, after awaiting `options.beforeRequest`; throws on failure. */
export type Attempt<T> = (options: SendOptions) => Promise<T>;

export interface SendPolicy {
  /**
   * Runs `attempt` with throttle and retries. Never throws: every outcome is a result. `key`: what
   * the per-key spacing and Retry-After apply to (a conversation id, a user). `budgetMs`: no
   * attempt starts (or waits) beyond this many ms from the call.
   */
  run<T>(key: string, attempt: Attempt<T>, options?: RunOptions): Promise<DeliveryResult<T>>;
}

const realSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/** Status and Retry-After of whatever a sender threw (DeliveryError, or a botbuilder RestError). */
export function classifyError(error: unknown): { status: number | null; retryAfterMs: number | null } {
  if (error instanceof DeliveryError) return { status: error.status, retryAfterMs: error.retryAfterMs };
  const e = error as { statusCode?: unknown; response?: { headers?: { get?: (n: string) => unknown } } };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : null;
  const header = e?.response?.headers?.get?.('retry-after');
  return { status, retryAfterMs: parseRetryAfter(typeof header === 'string' ? header : null, Date.now()) };
}

/** `Retry-After` as seconds or an HTTP date, in ms from `nowMs`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export function createSendPolicy(options: DeliveryOptions = {}): SendPolicy {
  const rate = options.messagesPerSecond ?? 30;
  if (!(rate > 0)) throw new RangeError('messagesPerSecond must be positive');
  const globalInterval = 1000 / rate;
  const conversationInterval = options.perConversationIntervalMs ?? 1000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const maxThrottled = Math.max(1, options.maxThrottledAttempts ?? 10);
  const baseBackoff = options.baseBackoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const unreachableStatuses = options.unreachableStatuses ?? UNREACHABLE_STATUSES;
  /** Nothing goes out before this (a Retry-After that holds back everything). */
  let notBefore = 0;

  /** Future send times, ascending, each at least `globalInterval` from its neighbours. */
  const reserved: number[] = [];
  const nextByConversation = new Map<string, number>();
  // The actual dispatch times of the last `windowCount` sends: a timer that fires late (a busy
  // event loop) must not let reserved slots bunch up above the rate.
  const windowCount = Math.max(1, Math.floor(rate));
  const windowMs = (windowCount / rate) * 1000;
  const dispatched: number[] = [];
  let oldestIndex = 0;

  async function dispatch(): Promise<void> {
    for (;;) {
      const at = now();
      const oldest = dispatched.length < windowCount ? undefined : dispatched[oldestIndex];
      // Slots are spaced by 1/rate in floating point; a rounding error is not a burst.
      if (oldest === undefined || at - oldest >= windowMs - 1e-6) {
        if (oldest === undefined) dispatched.push(at);
        else {
          dispatched[oldestIndex] = at;
          oldestIndex = (oldestIndex + 1) % windowCount;
        }
        return;
      }
      await sleep(windowMs - (at - oldest));
    }
  }

  /**
   * Reserves the earliest slot that keeps both limits, synchronously (so concurrent callers
   * queue in order), then waits for it. A message held back by its conversation does not hold
   * back messages to other conversations.
   */
  async function acquire(conversationId: string): Promise<void> {
    const t = now();
    while (reserved.length > 0 && (reserved[0] ?? 0) + globalInterval <= t) reserved.shift();
    let slot = Math.max(t, notBefore, nextByConversation.get(conversationId) ?? t);
    let index = 0;
    for (; index < reserved.length; index++) {
      const r = reserved[index] ?? 0;
      if (r + globalInterval <= slot) continue;
      if (r >= slot + globalInterval) break;
      slot = r + globalInterval;
    }
    reserved.splice(index, 0, slot);
    nextByConversation.set(conversationId, slot + conversationInterval);
    if (nextByConversation.size > 10_000) {
      for (const [id, free] of nextByConversation) if (free <= t) nextByConversation.delete(id);
    }
    if (slot > t) await sleep(slot - t);
    // A Retry-After that holds back everything may have come in while this one waited.
    for (let at = now(); at < notBefore; at = now()) await sleep(notBefore - at);
    await dispatch();
  }

  function backoff(attempt: number): number {
    const ceiling = Math.min(maxBackoff, baseBackoff * 2 ** (attempt - 1));
    return ceiling / 2 + random() * (ceiling / 2); // "equal jitter": never 0, never in lockstep
  }

  return {
    async run<T>(
      conversationId: string,
      attemptOnce: Attempt<T>,
      runOptions?: RunOptions,
    ): Promise<DeliveryResult<T>> {
      const waitBetween = runOptions?.wait ?? sleep;
      const deadline = now() + (runOptions?.budgetMs ?? Number.POSITIVE_INFINITY);
      let last: { status: number | null; message: string } = { status: null, message: '' };
      let failures = 0;
      let throttled = 0;
      for (let attempt = 1; ; attempt++) {
        let outOfTime = false;
        const beforeRequest = async () => {
          await acquire(conversationId);
          if (now() > deadline) {
            outOfTime = true;
            throw new Error('the claim’s sending budget is spent');
          }
        };
        try {
          const value = await attemptOnce({ beforeRequest });
          return { kind: 'sent', attempts: attempt, value };
        } catch (error) {
          if (outOfTime)
            return { kind: 'failed', attempts: attempt - 1, ...last, message: 'tidsgränsen nåddes' };
          const { status, retryAfterMs } = classifyError(error);
          last = { status, message: error instanceof Error ? error.message : String(error) };
          if (status !== null && unreachableStatuses.has(status)) {
            return { kind: 'unreachable', status, attempts: attempt };
          }
          const retryable = status === null || RETRYABLE_STATUSES.has(status);
          if (!retryable) return { kind: 'failed', attempts: attempt, ...last };
          if (status === 429 && retryAfterMs !== null) throttled++;
          else failures++;
          if (failures >= maxAttempts || throttled >= maxThrottled)
            return { kind: 'failed', attempts: attempt, ...last };
          if (retryAfterMs !== null && retryAfterMs > maxRetryAfter) {
            return { kind: 'failed', attempts: attempt, ...last, message: `Retry-After ${retryAfterMs} ms` };
          }
          // Retry-After is honoured as given, plus a little jitter so retries do not arrive together.
          const wait = retryAfterMs !== null ? retryAfterMs + random() * 100 : backoff(failures);
          if (now() + wait > deadline) return { kind: 'failed', attempts: attempt, ...last };
          // The conversation is not used again before the wait is over.
          nextByConversation.set(
            conversationId,
            Math.max(nextByConversation.get(conversationId) ?? 0, now() + wait),
          );
          if (options.retryAfterHoldsAll && status === 429 && retryAfterMs !== null) {
            notBefore = Math.max(notBefore, now() + retryAfterMs);
          }
          await waitBetween(wait);
        }
      }
    },
  };
}
