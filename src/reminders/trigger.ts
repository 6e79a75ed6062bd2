/**
 * The external trigger of a reminder run (`POST /api/reminders/run`): for installations with
 * several instances and `REMINDER_SCHEDULER=off`, where a scheduled job (Logic App, cron, Azure
 * Automation) starts the runs.
 *
 * - No `REMINDER_TRIGGER_KEY` configured: 404 with a Swedish explanation. The route then does
 *   nothing, and a 404 (unlike a 503) does not invite the caller to retry.
 * - Header `x-reminder-key` missing: 401; wrong: 403. The comparison is over SHA-256 digests of
 *   both with `timingSafeEqual`, so neither the key's content nor its length leaks through timing.
 * - Right key: 202 at once; the run happens in the background. A call while a run of this process
 *   is in progress joins it (the scheduler runs one pass at a time) and is told so.
 * Transport-neutral: `src/server.ts` maps the answer onto the HTTP response.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../shared/logger.js';

export interface TriggerAnswer {
  readonly status: 202 | 401 | 403 | 404;
  readonly body: {
    readonly status: 'started' | 'running' | 'unauthorized' | 'forbidden' | 'disabled';
    /** Swedish, for the operator reading the response. */
    readonly message: string;
  };
}

export interface ReminderTriggerDeps {
  /** REMINDER_TRIGGER_KEY; null turns the route off. */
  readonly key: string | null;
  /** Whether a pass of this process is running now (a new call then joins it). */
  readonly isRunning: () => boolean;
  /** Starts a pass, or joins the running one. */
  readonly run: () => Promise<unknown>;
  readonly logger: Logger;
}

export type ReminderTrigger = (headerValue: string | readonly string[] | undefined) => TriggerAnswer;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** True when `given` equals the key; time independent of where they differ and of their lengths. */
export function keyMatches(expectedDigest: Buffer, given: string): boolean {
  return timingSafeEqual(expectedDigest, digest(given));
}

export function createReminderTrigger(deps: ReminderTriggerDeps): ReminderTrigger {
  const expected = deps.key === null ? null : digest(deps.key);
  return (headerValue) => {
    if (expected === null) {
      return {
        status: 404,
        body: {
          status: 'disabled',
          message:
            'Påminnelser kan inte startas utifrån: REMINDER_TRIGGER_KEY är inte satt för den här installationen.',
        },
      };
    }
    // Node joins repeated headers with ", "; an array here means a header we do not accept.
    const given = typeof headerValue === 'string' ? headerValue.trim() : '';
    if (given === '') {
      return {
        status: 401,
        body: { status: 'unauthorized', message: 'Nyckeln saknas: skicka den i huvudet x-reminder-key.' },
      };
    }
    if (!keyMatches(expected, given)) {
      deps.logger.warn('reminder trigger with a wrong key');
      return { status: 403, body: { status: 'forbidden', message: 'Fel nyckel i x-reminder-key.' } };
    }
    const joined = deps.isRunning();
    // Errors are the run's own business (logged in its report); the caller already has its 202.
    deps.run().catch((error: unknown) => {
      deps.logger.error('triggered reminder run failed', { error: String(error) });
    });
    return {
      status: 202,
      body: joined
        ? {
            status: 'running',
            message:
              'En påminnelsekörning pågår redan; anropet ansluter till den i stället för att starta en ny.',
          }
        : { status: 'started', message: 'Påminnelsekörningen har startat.' },
    };
  };
}
