/**
 * The economy card and the economy totals within a leader's scope, from the report model's economy
 * (src/reporting/economy.ts). Pure; amounts in tkr, formatted here.
 */
import type { LeaderEconomyCard, LeaderEconomyRow } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CardColour } from '../reporting/card-model.js';
import { summariseRows } from '../reporting/economy.js';
import type { EconomyReport, EconomySummary } from '../reporting/report-model.js';
import { joinSwedish, signed, tkr } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import type { LeaderScope } from './scope.js';
import { action, back, type LeaderViewInput, monthOf } from './view-parts.js';

// ── economy totals within a scope ────────────────────────────────────────────────────────────────

export type EconomyTotals = EconomySummary;

/** The report's total for the whole committee; for a scope, the same rule over its rows. */
export function economyTotals(
  economy: EconomyReport,
  scope: LeaderScope,
  now: { readonly month: number } | null = null,
): EconomyTotals {
  if (scope.whole) return economy.total;
  const rows = economy.rows.filter((r) => scope.economyRowIds.has(r.id));
  return summariseRows(rows, now, economy.previousPeriod !== null);
}

/** "−6 650 tkr (underskott)" */
export function deviationText(deviation: number): string {
  const what = deviation < 0 ? ' (underskott)' : deviation > 0 ? ' (överskott)' : '';
  return `${tkr(deviation)} tkr${what}`;
}

function deviationColour(deviation: number | null, needsComment: boolean): CardColour {
  if (deviation === null || deviation === 0) return 'Default';
  if (deviation > 0) return 'Good';
  return needsComment ? 'Attention' : 'Warning';
}

// ── economy ──────────────────────────────────────────────────────────────────────────────────────

export function economyCard(input: LeaderViewInput): LeaderEconomyCard {
  const { config, model, scope } = input;
  const e = model.economy;
  const periodId = model.period.id;
  const prev = e.previousPeriod;
  const detail = (prognosis: number | null, budget: number | null, change: number | null, source = '') =>
    [
      prognosis !== null ? `Prognos ${tkr(prognosis)}${source}` : 'Ingen prognos i år (räknas med budget)',
      `Budget ${tkr(budget)}`,
      ...(prev && change !== null ? [`Ändring sedan ${monthOf(prev)} ${signed(change)}`] : []),
    ].join(' · ');
  const rows: LeaderEconomyRow[] = e.rows
    .filter((r) => scope.economyRowIds.has(r.id))
    .map((r) => ({
      name: r.name,
      deviationText: r.deviationTkr !== null ? `Avvikelse ${tkr(r.deviationTkr)}` : 'Ingen prognos',
      colour: deviationColour(r.deviationTkr, r.needsComment),
      detail: detail(
        r.prognosisTkr,
        r.budgetTkr,
        r.changeTkr,
        r.prognosisSource.kind === 'carried' ? ` (${r.prognosisSource.label})` : '',
      ),
      comment: r.comments.map((c) => `${c.units.map((u) => u.shortName).join(', ')}: ${c.text}`).join(' '),
    }));
  const total = economyTotals(e, scope, model.period);
  const missing = e.missingUnits
    .filter((u) => scope.unitIds.has(u.unitId))
    .map((u) => {
      const unit = config.unitsById.get(u.unitId);
      const managers = unit?.managers.map((m) => m.name).join(', ') ?? '';
      return managers ? `${u.shortName} (${managers})` : u.shortName;
    });
  const notes: string[] = [];
  if (missing.length > 0) notes.push(`Har inte lämnat prognos: ${joinSwedish(missing)}.`);
  if (total.carriedText !== '') notes.push(`${total.carriedText}.`);
  if (total.budgetCountedText !== '') {
    notes.push(`${total.budgetCountedText} (${joinSwedish([...total.rowsWithoutPrognosis])}).`);
  }
  if (total.changeNote !== '') notes.push(`${total.changeNote}.`);
  return {
    title: `Ekonomi ${lowerFirst(model.period.label)}`,
    subtitle:
      'Helårsprognos per verksamhet i tkr. Avvikelse = budget − prognos, så ett underskott är negativt.' +
      (prev ? ` Ändring jämfört med prognosen i ${monthOf(prev)}.` : ''),
    notices: [...(input.notices ?? [])],
    rows,
    total: {
      name: scope.whole ? `Summa ${model.committee.shortName}` : `Summa ${scope.label}`,
      deviationText: total.deviationTkr !== null ? `Avvikelse ${tkr(total.deviationTkr)}` : 'Ingen prognos',
      colour: deviationColour(total.deviationTkr, Math.abs(total.deviationTkr ?? 0) > e.commentThresholdTkr),
      detail: detail(total.prognosisTkr, total.budgetTkr, total.changeTkr),
      comment: '',
    },
    missingText: notes.join(' '),
    actions: [back(periodId), action('Vilka saknas', { verb: Verb.leadershipMissing, periodId })],
  };
}
