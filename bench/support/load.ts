/**
 * A closed-loop load generator: `concurrency` workers, each posting its next activity as soon as
 * the previous answer is read, until `total` turns are done. Latency is request start to the
 * last byte of the response.
 */
import { percentile, round } from './common.js';

export interface Turn {
  readonly body: string;
  /** Called with the parsed response; returns true when the answer is the expected one. */
  readonly check: (status: number, body: unknown) => boolean;
}

export interface LoadResult {
  readonly turns: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Responses with 5xx, network errors, or an unexpected answer. */
  readonly serverErrors: number;
  readonly networkErrors: number;
  readonly wrongAnswers: number;
  /** CPU (user + system) of this process per turn, ms: the bot and the client share it. */
  readonly cpuMsPerTurn: number;
}

export async function runLoad(options: {
  readonly url: string;
  readonly concurrency: number;
  readonly total: number;
  /** The next turn of worker `worker` (called right before it is sent). */
  readonly next: (worker: number, index: number) => Turn;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let serverErrors = 0;
  let networkErrors = 0;
  let wrongAnswers = 0;
  let issued = 0;
  const endpoint = `${options.url.replace(/\/$/, '')}/api/messages`;
  const worker = async (w: number) => {
    while (issued < options.total) {
      const index = issued++;
      const turn = options.next(w, index);
      const start = performance.now();
      try {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: turn.body,
        });
        const text = await res.text();
        latencies.push(performance.now() - start);
        let body: unknown = text;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          // keep the text
        }
        if (res.status >= 500) serverErrors++;
        else if (!turn.check(res.status, body)) wrongAnswers++;
      } catch {
        latencies.push(performance.now() - start);
        networkErrors++;
      }
    }
  };
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    turns: latencies.length,
    seconds: round(seconds, 2),
    perSecond: round(latencies.length / seconds, 1),
    p50: round(percentile(sorted, 0.5), 1),
    p95: round(percentile(sorted, 0.95), 1),
    p99: round(percentile(sorted, 0.99), 1),
    max: round(sorted.at(-1) ?? Number.NaN, 1),
    serverErrors,
    networkErrors,
    wrongAnswers,
    cpuMsPerTurn: round((cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length), 2),
  };
}
