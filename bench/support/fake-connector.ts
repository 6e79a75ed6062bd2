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

export async function startFakeConnector(options: {
  readonly throttleShare: number;
  readonly retryAfterSeconds: number;
  readonly seed?: number;
}): Promise<FakeConnector> {
  const random = seeded(options.seed ?? 20240903);
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
