/**
 * What the rest of the app (the bot, the download links) may ask of leadership. The bot depends
 * on this interface, not on `LeadershipService`, so a test can hand it a small object instead.
 */
import type { Period } from '../calendar/periods.js';
import type { Caller, Reply } from '../followup/service.js';

export type ReportFormat = 'docx' | 'xlsx';

/** A report file for the bot to deliver (file consent card or signed link). */
export interface ReportFile {
  /** ASCII: `Delarsrapport-AN-2024-08.docx` */
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly period: Period;
  readonly format: ReportFormat;
}

export interface AskResult {
  readonly replies: Reply[];
  /** A manager without a leadership role asked: the bot shows their own unit's status after the refusal. */
  readonly alsoShowOwnStatus: boolean;
  /**
   * "rapport [period]" from someone who may have the files: the bot calls
   * `document(caller, rest, format)` for each format and delivers them. Null otherwise.
   */
  readonly document: { readonly rest: string; readonly formats: readonly ReportFormat[] } | null;
}

export interface LeadershipApi {
  /** True when the text is one of leadership's questions (whoever asks: `ask` checks the person). */
  isLeadershipQuestion(text: string): boolean;
  /** A question typed in the chat. */
  ask(caller: Caller, text: string): Promise<AskResult>;
  /**
   * A leadership card action. `data` is the action's data merged with the card's inputs, exactly
   * as the client sent it: nothing in it is trusted. Always one reply (the card that replaces the
   * pressed one); an array so the bot handles it like `ask`.
   */
  act(caller: Caller, data: Readonly<Record<string, unknown>>, activityId: string | null): Promise<Reply[]>;
  /**
   * "rapport [period]" and the "Hämta rapport" button (pass its `periodId` as `rest`): the report
   * built from storage and rendered, or a reply when refused, or the period is unknown or empty.
   */
  document(caller: Caller, rest: string, format: ReportFormat): Promise<ReportFile | Reply>;
  /** The leadership commands as a message card (for a question the parser does not know). */
  help(notice?: string): Reply;
}

export function isReportFile(value: ReportFile | Reply): value is ReportFile {
  return 'bytes' in value;
}
