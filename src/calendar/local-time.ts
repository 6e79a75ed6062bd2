/**
 * Local calendar time: what the clock on the wall in the calendar's time zone shows at an
 * instant. Summer time is the library's business (luxon), never an offset computed here.
 */
import { DateTime } from 'luxon';

/** The ISO date and HH:mm of an instant in a time zone. */
export function localDateTime(now: Date, timeZone: string): { date: string; time: string } {
  const local = DateTime.fromJSDate(now).setZone(timeZone);
  return { date: local.toISODate() ?? '', time: local.toFormat('HH:mm') };
}
