/**
 * What the leadership cards share: buttons, counts, month names and the completeness line. Pure.
 */
import type { ActionModel, Notice } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { CardColour } from '../reporting/card-model.js';
import type { ReportModel } from '../reporting/report-model.js';
import { count, swedishMonthName } from '../shared/swedish-format.js';
import type { LeaderScope } from './scope.js';

/** What every figures card is made from: already filtered to the leader's scope when shown. */
export interface LeaderViewInput {
  readonly config: CommitteeConfig;
  readonly model: ReportModel;
  readonly scope: LeaderScope;
  readonly notices?: readonly Notice[];
}

export function action(title: string, data: ActionModel['data'], style?: ActionModel['style']): ActionModel {
  return style ? { title, data, style } : { title, data };
}

export const back = (periodId: string): ActionModel =>
  action('Tillbaka till prognosen', { verb: Verb.leadershipPrognosis, periodId });

/** "juli": the month of a period in running text. */
export function monthOf(period: { readonly month: number }): string {
  return swedishMonthName(period.month);
}

// ── completeness ─────────────────────────────────────────────────────────────────────────────────

export interface Completeness {
  readonly answered: number;
  readonly total: number;
  /** "7 av 9 enheter har svarat" */
  readonly text: string;
  readonly colour: CardColour;
}

/** A unit has answered once it has sent in (also when changed since: the sent-in answers count). */
export function completeness(answered: number, total: number): Completeness {
  return {
    answered,
    total,
    text: `${answered} av ${count(total, 'enhet', 'enheter')} har svarat`,
    colour: answered === total ? 'Good' : answered === 0 ? 'Attention' : 'Warning',
  };
}

export function reportCompleteness(model: ReportModel, scope: LeaderScope): Completeness {
  const inScope = model.completeness.filter((c) => scope.unitIds.has(c.unitId));
  return completeness(inScope.filter((c) => c.included).length, inScope.length);
}
