/**
 * The report summary card for the leadership (`cards/report-summary.json`). Builds the model only:
 * the card renderer in src/cards/render.ts knows a fixed list of templates, so registering this one
 * there is left to whoever wires the leadership commands.
 */

import { joinSwedish, monthYear, signed, tkr } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import { allGoals } from './aggregate.js';
import type { CardColour, ReportSummaryCard } from './card-model.js';
import { shorten } from './format.js';
import type { ReportModel, StatusMeaning } from './report-model.js';

export const REPORT_SUMMARY_TEMPLATE = 'report-summary';

const COLOUR: Record<StatusMeaning, CardColour> = {
  met: 'Good',
  partial: 'Warning',
  not_met: 'Attention',
  not_assessable: 'Default',
};

export function reportSummaryCard(model: ReportModel): ReportSummaryCard {
  const goals = allGoals(model);
  const e = model.economy;
  const economy: { title: string; value: string }[] = [];
  if (e.total.prognosisTkr !== null) {
    economy.push(
      { title: 'Prognos helår', value: `${tkr(e.total.prognosisTkr)} tkr` },
      { title: `Budget ${e.year}`, value: `${tkr(e.total.budgetTkr)} tkr` },
      { title: 'Avvikelse', value: `${tkr(e.total.deviationTkr)} tkr` },
    );
    if (e.previousPeriod && e.total.previousDeviationTkr !== null) {
      economy.push({
        title: `Avvikelse ${monthYear(e.previousPeriod).toLocaleLowerCase('sv-SE')}`,
        value: `${tkr(e.total.previousDeviationTkr)} tkr (ändring ${signed(e.total.changeTkr)} tkr)`,
      });
    }
    if (e.total.budgetCountedText !== '')
      economy.push({ title: 'Räknas med budget', value: e.total.budgetCountedText });
  } else {
    economy.push({ title: 'Prognos helår', value: 'Ingen prognos ännu' });
  }
  const missing = model.completeness
    .filter((c) => !c.included)
    .map((c) => `${c.shortName} (${c.stateLabel.toLocaleLowerCase('sv-SE')})`);
  const undecided = goals.filter((g) => !g.decision).length;
  return {
    title: `Uppföljning ${lowerFirst(model.period.label)}`,
    subtitle: model.committee.name,
    basisText: model.basis.headline,
    overview: model.statusOverview.map((o) => ({
      label: o.status.label,
      count: String(o.count),
      colour: COLOUR[o.status.meaning],
    })),
    goals: goals.map((g) => ({
      name: g.name,
      statusLabel: g.effective.status.label,
      colour: COLOUR[g.effective.status.meaning],
      sourceText: g.decision ? `Beslutad av ${g.decision.decidedBy.name}` : 'Förslag',
      reason: shorten(g.decision ? g.decision.motivation : g.proposal.summary, 160),
    })),
    economy,
    missingText: missing.length > 0 ? `Har inte skickat in: ${joinSwedish(missing)}` : '',
    undecidedText:
      undecided > 0 ? `${undecided} av ${goals.length} nämndmål väntar på ledningens beslut` : '',
  };
}
