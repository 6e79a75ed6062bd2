/**
 * Gallring on a timer: a pass a while after start, then one a day. Every pass is bounded and
 * idempotent, so several instances may each run it; one pass at a time per process.
 */
import type { Logger } from '../shared/logger.js';
import type { RetentionReport } from './retention.js';

export interface RetentionScheduler {
  runOnce(): Promise<RetentionReport>;
  start(): void;
  /** Stops the timer and waits for a running pass. */
  stop(): Promise<void>;
}

export function createRetentionScheduler(deps: {
  readonly run: () => Promise<RetentionReport>;
  readonly logger: Logger;
  /** After start, before the first pass (the app is busy starting). Default 10 minutes. */
  readonly firstDelayMs?: number;
  /** Between passes. Default a day. */
  readonly intervalMs?: number;
}): RetentionScheduler {
  let running: Promise<RetentionReport> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let active = false;

  const runOnce = (): Promise<RetentionReport> => {
    running ??= deps.run().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      timer = null;
      runOnce()
        .then((report) => {
          if (report.total > 0)
            deps.logger.info('gallring', { rows: report.total, complete: report.complete });
        })
        .catch((error: unknown) => deps.logger.error('gallring failed', { error: String(error) }))
        .finally(() => {
          if (active) schedule(deps.intervalMs ?? 86_400_000);
        });
    }, ms);
    timer.unref();
  };

  return {
    runOnce,
    start() {
      if (active) return;
      active = true;
      schedule(deps.firstDelayMs ?? 10 * 60_000);
    },
    async stop() {
      active = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
