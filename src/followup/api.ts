/**
 * What the bot may ask of the follow-up. The bot depends on this interface, not on
 * `FollowupService`, so a test can hand it a small object instead.
 */
import type { Identity } from './access.js';
import type { Caller, Reply } from './service.js';

export interface FollowupApi {
  /** Who the person is in the organisation (units, leadership), from organisation.yaml. */
  identify(caller: Caller): Identity;
  /** The first card a person gets, shaped by who they are. */
  welcome(caller: Caller): Reply;
  help(notice?: string): Reply;
  /** For someone not in the organisation: who to contact. */
  notRegistered(): Reply;
  /** "rapportera" / "status": the person's unit's card for the open period. */
  start(caller: Caller): Promise<Reply>;
  /** A follow-up card's button; `data` is untrusted. */
  act(caller: Caller, data: Readonly<Record<string, unknown>>, activityId: string | null): Promise<Reply>;
}
