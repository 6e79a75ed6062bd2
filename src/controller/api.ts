/**
 * What the bot may ask of the controller's cards. The bot depends on this interface, not on
 * `ControllerService`, so a test can hand it a small object instead.
 */
import type { Caller, Reply } from '../followup/service.js';

export interface ControllerApi {
  /** Whether the person has the controller role (for routing "rapportera"). */
  isController(caller: Caller): boolean;
  /** "nämndens värden": the committee-wide indicators of the open period. */
  committee(caller: Caller): Promise<Reply>;
  /** "bokslut 2024": the year's bokslut per row. */
  bokslut(caller: Caller, year: number | null): Promise<Reply>;
  /** A controller card's button; `data` is untrusted. */
  act(caller: Caller, data: Readonly<Record<string, unknown>>, activityId: string | null): Promise<Reply>;
}
