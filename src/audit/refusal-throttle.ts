/**
 * Refusals are audited, but in bounded volume: anyone in the tenant can type "prognos" a thousand
 * times, and anyone on the internet can send requests that are refused. At most `limitPerHour`
 * refusal rows are written per person (per kind and reason for requests without a trusted person)
 * and clock hour; the last one allowed says so (`limitReached`), and the rest are only counted
 * in memory and logged once.
 *
 * Why a counter in Table Storage and not an in-memory limiter library: the bound is on rows in
 * the shared audit log, so it must hold across every instance and restart; an in-memory limiter
 * would allow the limit once per instance and again after each restart. The counter costs one
 * conditional write per refusal up to the limit; after it, a note in memory skips storage.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../followup/ports.js';
import type { Logger } from '../shared/logger.js';
import type { RefusalCounter } from './ports.js';

export interface RefusalThrottleOptions {
  readonly limitPerHour: number;
  /** Wall-clock milliseconds (the window is real time, also when the app's clock is frozen). */
  readonly now: () => number;
  readonly logger: Logger;
}

/** A person's counter key: a hash of their id, so the counter is not another copy of it. */
export function personRefusalKey(aadObjectId: string): string {
  return `p-${createHash('sha256').update(aadObjectId).digest('hex').slice(0, 32)}`;
}

/** The counter key: the person, or for a refusal without a trusted person, its kind and reason. */
export function refusalKey(entry: AuditEntry): string {
  const id = entry.actor?.aadObjectId ?? '';
  if (id) return personRefusalKey(id);
  const reason = typeof entry.details.reason === 'string' ? entry.details.reason : '';
  return `a-${`${entry.action}-${reason}`.replace(/[^a-z.-]/gi, '').slice(0, 80)}`;
}

/** The hour a refusal counts in, e.g. `2024-09-03T10` (UTC). */
export function refusalWindow(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}

export function throttleRefusals(
  audit: AuditLog,
  counter: RefusalCounter,
  options: RefusalThrottleOptions,
): AuditLog {
  let window = '';
  let exhausted = new Set<string>();
  return {
    list: (committeeId, listOptions) => audit.list(committeeId, listOptions),
    async append(entry) {
      if (entry.outcome !== 'refused') return audit.append(entry);
      const now = refusalWindow(options.now());
      if (now !== window) {
        window = now;
        exhausted = new Set();
      }
      const key = refusalKey(entry);
      if (exhausted.has(key)) return;
      const count = await counter.increment(key, now, options.limitPerHour);
      if (count > options.limitPerHour) {
        exhausted.add(key);
        options.logger.warn('refusals over the audit limit are not recorded this hour', {
          action: entry.action,
          limitPerHour: options.limitPerHour,
        });
        return;
      }
      await audit.append(
        count === options.limitPerHour
          ? { ...entry, details: { ...entry.details, limitReached: true } }
          : entry,
      );
    },
  };
}
