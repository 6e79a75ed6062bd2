/**
 * The committee's decision on a nämndmål as the decide card sends it, checked on the server.
 * Pure: the card's data and the configured status scale in, what to store or what to fix out.
 *
 * Rules: a status on the configured scale; a motivation (cleaned like all typed text) that is not
 * empty and at most `MOTIVATION_MAX` characters; the card's decision revision (`rev`) a whole
 * number ≥ 0, else nothing is stored (a stale or forged card).
 */
import type { CommitteeConfig } from '../config/load-config.js';
import type { Decision } from '../reporting/ports.js';
import { formatSwedishNumber, swedishDateTime } from '../shared/swedish-format.js';
import { cleanUserText } from '../shared/user-text.js';

/** The longest motivation stored (the same limit as `npm run decide`). */
export const MOTIVATION_MAX = 2_000;

/** A step of the configured status scale; only its id and label matter here. */
export type StatusLevel = Pick<CommitteeConfig['goals']['statusScale'][number], 'id' | 'label'>;

/** What the person chose and typed on the decide card, as sent. */
export interface DecideValues {
  readonly statusId: string;
  readonly motivation: string;
}

export function decideValues(data: Readonly<Record<string, unknown>>): DecideValues {
  return {
    statusId: typeof data.decisionStatus === 'string' ? data.decisionStatus : '',
    motivation: typeof data.motivation === 'string' ? data.motivation : '',
  };
}

export type DecisionCheck<L extends StatusLevel = StatusLevel> =
  | { readonly kind: 'valid'; readonly level: L; readonly motivation: string }
  /** Swedish, one line per thing to fix. */
  | { readonly kind: 'invalid'; readonly errors: readonly string[] };

export function validateDecision<L extends StatusLevel>(
  statusScale: readonly L[],
  values: DecideValues,
): DecisionCheck<L> {
  const level = statusScale.find((s) => s.id === values.statusId);
  const motivation = cleanUserText(values.motivation);
  const errors: string[] = [];
  if (!level) errors.push('Välj nämndens bedömning.');
  if (motivation === '') errors.push('Skriv en motivering: vad bedömningen baseras på.');
  if (motivation.length > MOTIVATION_MAX) {
    errors.push(
      `Motiveringen är ${formatSwedishNumber(motivation.length)} tecken lång, men högst ${formatSwedishNumber(MOTIVATION_MAX)} får plats. Korta den med minst ${formatSwedishNumber(motivation.length - MOTIVATION_MAX)} tecken.`,
    );
  }
  if (!level || errors.length > 0) return { kind: 'invalid', errors };
  return { kind: 'valid', level, motivation };
}

/** Someone decided while the card was open: who decided what and when, for the card that comes back. */
export function conflictNotice(
  current: Decision | null,
  statusScale: readonly StatusLevel[],
  timeZone: string,
): string {
  const who = current
    ? `${current.decidedBy.name} bedömde målet som ${statusScale.find((s) => s.id === current.statusId)?.label.toLocaleLowerCase('sv-SE') ?? current.statusId} ${swedishDateTime(current.decidedAt, timeZone)}`
    : 'Beslutet ändrades';
  return `${who} medan du hade kortet öppet, så din bedömning sparades inte. Det du skrev finns kvar nedan: tryck Spara bedömning igen för att ersätta beslutet.`;
}
