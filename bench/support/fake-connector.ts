/**
 * A minimal Bot Connector for B3: accepts proactive sends
 * (`POST /v3/conversations/{id}/activities[/{replyToId}]`) and answers a seeded-random share of
 * them with 429 and `Retry-After`, like Teams throttling. Records only what the benchmark needs:
 * attempts and deliveries with their times, and deliveries per conversation.
 * (test/support/fake-teams.ts fails the next N sends in order; this fails a random share.)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorStats {
  readonly attempts: number;
  readonly throttled: number;
  /** performance.now() of every attempt and of every accepted (201) send. */
  readonly attemptTimes: readonly number[];
  readonly deliveryTimes: readonly number[];
  /** Accepted sends per conversation id. */
  readonly deliveredTo: ReadonlyMap<string, number>;
}

export interface FakeConnector {
  /** serviceUrl for the stored conversation references; ends with `/`. */
  readonly url: string;
  stats(): ConnectorStats;
  close(): Promise<void>;
}

/** mulberry32: a small seeded PRNG, so every run throttles the same sends. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_SEED = 20240903;

/**
 * The best any sender can do against this connector: the ideal sender sends exactly at `limit`
 * per second with no overhead at all (no storage, no CPU), retries a 429 exactly Retry-After later
 * and before anything new, and meets the same seeded answers in the same order (the connector
 * draws per request, whoever sends it). Every request counts against the limit, a throttled one
 * too, as in Teams ("all requests are subject to the same rate limiting policy").
 * Returns the same figures B3 measures: deliveries over first request → last delivery.
 */
export function idealFanOut(options: {
  readonly recipients: number;
  readonly limit: number;
  readonly throttleShare: number;
  readonly retryAfterSeconds: number;
  readonly seed?: number;
}): {
  readonly attempts: number;
  readonly windowS: number;
  readonly rate: number;
  /**
   * No sender that keeps the limit and Retry-After can do better, whatever its order: the
   * attempts take (attempts − 1) / limit, and the last throttled one is retried Retry-After later.
   */
  readonly upperBoundRate: number;
} {
  const random = seeded(options.seed ?? DEFAULT_SEED);
  const interval = 1000 / options.limit;
  const retryAfter = options.retryAfterSeconds * 1000;
  const retries: number[] = []; // due times, ascending (each is pushed later than the last)
  let fresh = options.recipients;
  let delivered = 0;
  let attempts = 0;
  let t = 0;
  let last = 0;
  let lastThrottled = 0;
  // Bounded: every request either delivers or is retried, and a share < 1 is throttled.
  while (delivered < options.recipients && attempts < options.recipients * 100) {
    const due = retries[0];
    if (due !== undefined && due <= t) retries.shift();
    else if (fresh > 0) fresh--;
    else {
      t = due ?? t;
      continue;
    }
    attempts++;
    if (random() < options.throttleShare) {
      retries.push(t + retryAfter);
      lastThrottled = attempts;
    } else {
      delivered++;
      last = t;
    }
    t += interval;
  }
  const windowS = last / 1000;
  const boundS = Math.max(
    ((attempts - 1) * interval) / 1000,
    lastThrottled > 0 ? ((lastThrottled - 1) * interval + retryAfter) / 1000 : 0,
  );
  return {
    attempts,
    windowS,
    rate: delivered / Math.max(windowS, 1e-3),
    upperBoundRate: delivered / Math.max(boundS, 1e-3),
  };
}

export async function startFakeConnector(options: {
  readonly throttleShare: number;
  readonly retryAfterSeconds: number;
  readonly seed?: number;
}): Promise<FakeConnector> {
  const random = seeded(options.seed ?? DEFAULT_SEED);
  const attemptTimes: number[] = [];
  const deliveryTimes: number[] = [];
  const deliveredTo = new Map<string, number>();
  let throttled = 0;
  let ids = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const segments = new URL(req.url ?? '/', 'http://fake').pathname
        .split('/')
        .filter(Boolean)
        .map(decodeURIComponent);
      // A send, or a reply to an activity id (continueConversation's sends are replies).
      const [v3, collection, conversationId, sub, , extra] = segments;
      if (
        req.method !== 'POST' ||
        v3 !== 'v3' ||
        collection !== 'conversations' ||
        !conversationId ||
        sub !== 'activities' ||
        extra !== undefined
      ) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'NotFound', message: 'Unknown route' } }));
        return;
      }
      attemptTimes.push(performance.now());
      if (random() < options.throttleShare) {
        throttled++;
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(options.retryAfterSeconds),
        });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }));
        return;
      }
      deliveryTimes.push(performance.now());
      deliveredTo.set(conversationId, (deliveredTo.get(conversationId) ?? 0) + 1);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `fake-${++ids}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stats: () => ({ attempts: attemptTimes.length, throttled, attemptTimes, deliveryTimes, deliveredTo }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The most events inside any window of `windowMs` (times ascending). */
export function peakInWindow(times: readonly number[], windowMs = 1000): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
