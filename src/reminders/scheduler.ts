/**
 * The reminder timer: a pass (run.ts) now and then every `intervalMs` after the previous one
 * ended, and `runOnce` for the trigger route, the dev page, the CLI and the tests. One pass at a
 * time per process: a second `runOnce` joins the running pass, because an owner may re-claim its
 * own claims (README.md, "Exactly once").
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createReminderRun, type ReminderRunDeps, type RunOptions, type RunReport } from './run.js';

export type { RunEntry, RunOptions, RunOutcome, RunReport } from './run.js';

export interface ReminderSchedulerDeps extends ReminderRunDeps {
  /** Time between passes of the in-process timer. Default 5 minutes. */
  readonly intervalMs?: number;
}

export interface ReminderScheduler {
  /** One pass. A call while a (non-dry) pass of this scheduler runs joins that pass. */
  runOnce(options?: RunOptions): Promise<RunReport>;
  /** Whether a (non-dry) pass of this scheduler is running now. */
  isRunning(): boolean;
  /** Starts the timer: a pass now, then `intervalMs` after each pass ends. */
  start(): void;
  /** Stops the timer and waits for a running pass to finish. */
  stop(): Promise<void>;
}

/** A claim owner that differs between processes, also across restarts on the same host. */
export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

export function createReminderScheduler(deps: ReminderSchedulerDeps): ReminderScheduler {
  const pass = createReminderRun(deps);
  const intervalMs = deps.intervalMs ?? 5 * 60_000;
  let running: Promise<RunReport> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let active = false;
  let started = 0;

  function runOnce(options: RunOptions = {}): Promise<RunReport> {
    if (options.dryRun) return pass(options);
    // Two passes of one instance at once could both win their own claims: one at a time.
    if (running) return running;
    const current = pass(options).finally(() => {
      running = null;
    });
    running = current;
    return current;
  }

  /** One timer pass; the next is scheduled `intervalMs` after it ends, so passes never overlap. */
  function tick(generation: number): void {
    runOnce()
      .catch((error: unknown) => deps.logger.error('reminder pass crashed', { error: String(error) }))
      .finally(() => {
        // A stop() (or a stop() and start()) since this pass began ends this chain of timers.
        if (!active || generation !== started) return;
        timer = setTimeout(() => {
          timer = null;
          tick(generation);
        }, intervalMs);
        timer.unref();
      });
  }

  return {
    runOnce,
    isRunning: () => running !== null,
    start() {
      if (active) return;
      active = true;
      started++;
      tick(started);
    },
    async stop() {
      active = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
