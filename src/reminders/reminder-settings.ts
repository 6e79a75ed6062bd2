/**
 * A person's own say over their reminders, typed in the chat or pressed on a reminder:
 * "påminn mig i morgon" (snooze.ts), "pausa påminnelser till 15 augusti" and "återuppta
 * påminnelser" (pause-command.ts). Only people in the organisation have reminders to change;
 * for anyone else nothing is stored. Knows nothing of Teams: the bot hands it the text and the
 * person's object id and shows the card it returns.
 */

import { localDateTime } from '../calendar/local-time.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';
import type { MessageCard } from '../cards/models.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { isKnownId } from '../config/people.js';
import type { Clock } from '../shared/clock.js';
import {
  pauseConfirmationCard,
  pauseErrorCard,
  resumeConfirmationCard,
  snoozeConfirmationCard,
} from './messages.js';
import { type PauseCommand, parsePauseCommand } from './pause-command.js';
import type { PauseStore } from './ports-pause.js';
import { isSnoozeCommand, type SnoozeStore, snoozeUntil } from './snooze.js';

export type ReminderCommand = { readonly kind: 'snooze' } | PauseCommand;

export interface ReminderSettingsDeps {
  readonly config: CommitteeConfig;
  readonly clock: Clock;
  readonly pauses: PauseStore;
  readonly snoozes: SnoozeStore;
  readonly workingDays: WorkingDayCalendar;
}

export interface ReminderSettings {
  /** The reminder command the text is, or null when it is none (the bot tries its other commands). */
  command(text: string): ReminderCommand | null;
  /**
   * Carries the command out for the person and says what happened; null when the person is not
   * in the organisation (nothing stored; the bot says who to contact).
   */
  run(aadObjectId: string, command: ReminderCommand): Promise<MessageCard | null>;
}

export function createReminderSettings(deps: ReminderSettingsDeps): ReminderSettings {
  const { config, clock, pauses, snoozes } = deps;
  const today = () => localDateTime(clock.now(), config.calendar.timeZone).date;
  return {
    command(text) {
      if (isSnoozeCommand(text)) return { kind: 'snooze' };
      return parsePauseCommand(text, today());
    },

    async run(aadObjectId, command) {
      if (aadObjectId === '' || !isKnownId(config.organisation, aadObjectId)) return null;
      switch (command.kind) {
        case 'snooze': {
          // No reminders to this person until the next working day.
          const until = snoozeUntil(today(), deps.workingDays);
          await snoozes.put({ aadObjectId, until, setAt: clock.now().toISOString() });
          return snoozeConfirmationCard(until);
        }
        case 'invalid':
          return pauseErrorCard(command.message);
        case 'resume': {
          const was = await pauses.get(aadObjectId);
          if (was) await pauses.remove(aadObjectId);
          return resumeConfirmationCard(was !== null);
        }
        case 'pause':
          await pauses.put({
            aadObjectId,
            until: command.until,
            reason: 'paused',
            setBy: aadObjectId,
            setAt: clock.now().toISOString(),
          });
          return pauseConfirmationCard(config, aadObjectId, command.until);
      }
    },
  };
}
