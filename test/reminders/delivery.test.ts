/**
 * The throttle and retries of one delivery, on a virtual clock: no real waiting.
 */
import { describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../src/cards/render.js';
import {
  createSendPolicy,
  DeliveryError,
  type DeliveryOptions,
  type ProactiveSender,
  parseRetryAfter,
} from '../../src/reminders/sender.js';

const card: AdaptiveCard = { type: 'AdaptiveCard', version: '1.5', body: [] };

/** Virtual time: `sleep` parks until `run` advances the clock to the earliest wake-up. */
function virtualTime() {
  let t = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleeps,
    sleep(ms: number): Promise<void> {
      sleeps.push(ms);
      return new Promise<void>((resolve) => {
        timers.push({ at: t + ms, resolve });
        timers.sort((a, b) => a.at - b.at);
      });
    },
    /** Runs `work` to completion, advancing time whenever everything is asleep. */
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const result = work.finally(() => {
        done = true;
      });
      for (let guard = 0; !done && guard < 100_000; guard++) {
        await new Promise((r) => setImmediate(r));
        const next = timers.shift();
        if (next) {
          t = Math.max(t, next.at);
          next.resolve();
        }
      }
      return result;
    },
  };
}

/** A sender that records when it was called and answers from a script (per conversation). */
function scriptedSender(
  clock: { now(): number },
  script: (conversation: string, call: number) => Error | null,
) {
  const calls: { conversation: string; at: number }[] = [];
  const sender: ProactiveSender = {
    async send(reference, _card, options) {
      // As src/bot/proactive.ts does: the throttle right before the request.
      await options?.beforeRequest?.();
      const conversation = String(reference.id);
      const call = calls.filter((c) => c.conversation === conversation).length + 1;
      calls.push({ conversation, at: clock.now() });
      const error = script(conversation, call);
      if (error) throw error;
    },
  };
  return { sender, calls };
}

function setup(script: (conversation: string, call: number) => Error | null, options: DeliveryOptions = {}) {
  const time = virtualTime();
  const { sender, calls } = scriptedSender(time, script);
  const policy = createSendPolicy({
    now: time.now,
    sleep: (ms) => time.sleep(ms),
    random: () => 0.5,
    ...options,
  });
  const send = (conversation: string, budgetMs?: number) =>
    policy.run(
      conversation,
      (o) => sender.send({ id: conversation }, card, o),
      budgetMs === undefined ? {} : { budgetMs },
    );
  return { time, calls, send };
}

describe('throttle', () => {
  it('never more than the overall rate in any second', async () => {
    const { time, calls, send } = setup(() => null, { messagesPerSecond: 30 });
    const results = await time.run(Promise.all(Array.from({ length: 90 }, (_, i) => send(`c${i}`))));
    expect(results.every((r) => r.kind === 'sent')).toBe(true);
    const times = calls.map((c) => c.at).sort((a, b) => a - b);
    for (let i = 30; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - 30] ?? 0)).toBeGreaterThanOrEqual(1000 - 1e-6);
    }
    // …and not much slower than the rate: 90 messages in about 3 seconds.
    expect(times.at(-1)).toBeLessThan(3000);
  });

  it('at most one message per second per conversation', async () => {
    const { time, calls, send } = setup(() => null);
    await time.run(Promise.all([send('anna'), send('anna'), send('anna'), send('erik')]));
    const anna = calls.filter((c) => c.conversation === 'anna').map((c) => c.at);
    expect(anna).toEqual([0, 1000, 2000]);
    expect(calls.find((c) => c.conversation === 'erik')?.at).toBeLessThan(100);
  });
});

describe('retries', () => {
  it('429 honours Retry-After, then succeeds', async () => {
    const { time, calls, send } = setup((_, call) =>
      call === 1 ? new DeliveryError('429', 429, 2000) : null,
    );
    const result = await time.run(send('anna'));
    expect(result).toEqual({ kind: 'sent', attempts: 2 });
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeLessThanOrEqual(2100);
  });

  it('412, 502, 503, 504 back off exponentially with jitter', async () => {
    const statuses = [412, 502, 503, 504];
    const { time, calls, send } = setup(
      (_, call) => {
        const status = statuses[call - 1];
        return status ? new DeliveryError(String(status), status, null) : null;
      },
      { maxAttempts: 5, baseBackoffMs: 1000, perConversationIntervalMs: 0 },
    );
    expect(await time.run(send('anna'))).toEqual({ kind: 'sent', attempts: 5 });
    const gaps = calls.slice(1).map((c, i) => c.at - (calls[i]?.at ?? 0));
    // Equal jitter with random() = 0.5: 3/4 of 1, 2, 4, 8 seconds.
    expect(gaps).toEqual([750, 1500, 3000, 6000]);
  });

  it('a botbuilder RestError is read the same way (statusCode and the Retry-After header)', async () => {
    const restError = Object.assign(new Error('Too many requests'), {
      statusCode: 429,
      response: { headers: { get: (name: string) => (name === 'retry-after' ? '1' : undefined) } },
    });
    const { time, send } = setup((_, call) => (call === 1 ? restError : null));
    expect(await time.run(send('anna'))).toEqual({ kind: 'sent', attempts: 2 });
    expect(time.sleeps.some((ms) => ms >= 1000 && ms <= 1100)).toBe(true);
  });

  it('bounded: a channel that keeps failing gives up after maxAttempts', async () => {
    const { time, calls, send } = setup(() => new DeliveryError('503', 503, null), { maxAttempts: 3 });
    expect(await time.run(send('anna'))).toMatchObject({ kind: 'failed', status: 503, attempts: 3 });
    expect(calls).toHaveLength(3);
  });

  it('429s with Retry-After are not failures: they do not use up maxAttempts, and are bounded too', async () => {
    const throttledFiveTimes = setup((_, call) => (call <= 5 ? new DeliveryError('429', 429, 1000) : null), {
      maxAttempts: 2,
    });
    expect(await throttledFiveTimes.time.run(throttledFiveTimes.send('anna'))).toEqual({
      kind: 'sent',
      attempts: 6,
    });
    const always = setup(() => new DeliveryError('429', 429, 1000), { maxThrottledAttempts: 3 });
    expect(await always.time.run(always.send('anna'))).toMatchObject({
      kind: 'failed',
      status: 429,
      attempts: 3,
    });
    expect(always.calls).toHaveLength(3);
  });

  it('retryAfterHoldsAll (Graph: the limit is per tenant): one 429 holds back every key for its Retry-After', async () => {
    const options = { perConversationIntervalMs: 0, messagesPerSecond: 1000 };
    const script = (conversation: string, call: number) =>
      conversation === 'anna' && call === 1 ? new DeliveryError('429', 429, 2000) : null;
    const perKey = setup(script, options);
    await perKey.time.run(
      Promise.all([perKey.send('anna'), perKey.time.sleep(10).then(() => perKey.send('erik'))]),
    );
    expect(perKey.calls.find((c) => c.conversation === 'erik')?.at).toBeLessThan(100);
    const all = setup(script, { ...options, retryAfterHoldsAll: true });
    await all.time.run(Promise.all([all.send('anna'), all.time.sleep(10).then(() => all.send('erik'))]));
    expect(all.calls.find((c) => c.conversation === 'erik')?.at).toBeGreaterThanOrEqual(2000);
  });

  it('403 and 404 are unreachable at once; 400 fails at once', async () => {
    for (const [status, kind] of [
      [403, 'unreachable'],
      [404, 'unreachable'],
      [400, 'failed'],
    ] as const) {
      const { time, calls, send } = setup(() => new DeliveryError(String(status), status, null));
      expect(await time.run(send('anna'))).toMatchObject({ kind, status, attempts: 1 });
      expect(calls).toHaveLength(1);
    }
  });

  it('never waits past the budget (the claim must not expire while sending)', async () => {
    const { time, calls, send } = setup(() => new DeliveryError('429', 429, 30_000));
    expect(await time.run(send('anna', 10_000))).toMatchObject({ kind: 'failed', status: 429, attempts: 1 });
    expect(calls).toHaveLength(1);
    expect(time.now()).toBeLessThan(10_000);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2024-09-04T08:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 04 Sep 2024 08:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
