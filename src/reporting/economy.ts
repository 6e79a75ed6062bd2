/** The economy section: prognos helår per verksamhet row against budget, the total, träffsäkerhet. Pure. */
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import type { EconomyAnswer } from '../followup/answers.js';
import { swedishMonthName } from '../followup/periods.js';
import { capitalise, num } from './format.js';
import type { EconomyReport, EconomyRowReport, PrognosisAccuracy, UnitRef } from './report-model.js';
import type { PeriodContext, UnitSelection } from './select-answers.js';
import { attribute, periodRef, unitRef } from './texts.js';

/** The months whose prognoses Träffsäkerhet i ekonomiprognos compares with the year's outcome. */
export const ACCURACY_MONTHS: readonly number[] = [8, 10];

interface RowPrognosis {
  readonly prognosis: number | null;
  readonly units: { unit: Unit; prognosis: number | null; comment: string }[];
}

function rowPrognosis(
  config: CommitteeConfig,
  rowId: string,
  selection: ReadonlyMap<string, UnitSelection> | undefined,
): RowPrognosis {
  const reporters = config.units.filter((u) => u.reports.economyRows.includes(rowId));
  const units = reporters.map((unit) => {
    const entry = (selection?.get(unit.id)?.used.get('economy')?.payload as EconomyAnswer | undefined)
      ?.rows?.[rowId];
    return { unit, prognosis: entry?.prognosisTkr ?? null, comment: entry?.comment ?? '' };
  });
  const given = units.filter((u) => u.prognosis !== null);
  return {
    prognosis: given.length > 0 ? given.reduce((s, u) => s + (u.prognosis ?? 0), 0) : null,
    units,
  };
}

function totalPrognosis(rows: readonly { budget: number | null; prognosis: number | null }[]): {
  prognosis: number | null;
  missing: number;
} {
  if (rows.every((r) => r.prognosis === null)) return { prognosis: null, missing: rows.length };
  // Rows without a prognosis count with their budget, so the total is not skewed by a missing row.
  const prognosis = rows.reduce((s, r) => s + (r.prognosis ?? r.budget ?? 0), 0);
  return { prognosis, missing: rows.filter((r) => r.prognosis === null).length };
}

export function buildEconomy(
  config: CommitteeConfig,
  now: PeriodContext,
  previous: PeriodContext | null,
  sameYear: readonly PeriodContext[],
): EconomyReport {
  const year = now.period.year;
  const threshold = config.economy.commentThresholdTkr;
  const rows: EconomyRowReport[] = config.economy.rows.map((row) => {
    const budget = row.budget[String(year)] ?? null;
    const cur = rowPrognosis(config, row.id, now.selection);
    const prev = previous ? rowPrognosis(config, row.id, previous.selection).prognosis : null;
    const deviation = budget !== null && cur.prognosis !== null ? budget - cur.prognosis : null;
    return {
      id: row.id,
      name: row.name,
      forvaltning: row.forvaltning ?? null,
      budgetTkr: budget,
      prognosisTkr: cur.prognosis,
      deviationTkr: deviation,
      previousPrognosisTkr: prev,
      previousDeviationTkr: budget !== null && prev !== null ? budget - prev : null,
      changeTkr: cur.prognosis !== null && prev !== null ? cur.prognosis - prev : null,
      needsComment: deviation !== null && Math.abs(deviation) > threshold,
      comments: attribute(
        cur.units.filter((u) => u.comment !== '').map((u) => ({ unit: unitRef(u.unit), text: u.comment })),
      ),
      reportingUnits: cur.units.map((u) => unitRef(u.unit)),
      missingUnits: cur.units.filter((u) => u.prognosis === null).map((u) => unitRef(u.unit)),
    };
  });
  const budgetTotal = rows.reduce((s, r) => s + (r.budgetTkr ?? 0), 0);
  const curTotal = totalPrognosis(rows.map((r) => ({ budget: r.budgetTkr, prognosis: r.prognosisTkr })));
  const prevTotal = previous
    ? totalPrognosis(rows.map((r) => ({ budget: r.budgetTkr, prognosis: r.previousPrognosisTkr }))).prognosis
    : null;
  const missingUnits = new Map<string, UnitRef>();
  for (const r of rows) for (const u of r.missingUnits) missingUnits.set(u.unitId, u);

  // Träffsäkerhet: the August and October prognoses against the year's outcome, % of budget.
  const outcome =
    config.economy.totals.outcome[String(year)] ??
    (config.economy.rows.every((r) => r.outcome[String(year)] !== undefined)
      ? config.economy.rows.reduce((s, r) => s + (r.outcome[String(year)] ?? 0), 0)
      : null);
  const accuracyBudget = config.economy.totals.budget[String(year)] ?? budgetTotal;
  const accuracy: PrognosisAccuracy[] = [];
  let accuracyNote: string;
  if (outcome === null) {
    accuracyNote = `Träffsäkerhet i ekonomiprognos kan beräknas när helårsutfallet för ${year} finns.`;
  } else {
    accuracyNote = `Träffsäkerhet i ekonomiprognos: prognosen jämförd med helårsutfallet ${num(outcome)} tkr, i procent av budget ${num(accuracyBudget)} tkr.`;
    for (const month of ACCURACY_MONTHS) {
      const ctx = sameYear.find((c) => c.period.month === month);
      const label = capitalise(swedishMonthName(month));
      const perRow = config.economy.rows.map((row) => rowPrognosis(config, row.id, ctx?.selection).prognosis);
      const complete = ctx !== undefined && perRow.every((p) => p !== null);
      const prognosis = complete ? perRow.reduce<number>((s, p) => s + (p ?? 0), 0) : null;
      const deviationPercent =
        prognosis !== null && accuracyBudget !== 0 ? ((prognosis - outcome) / accuracyBudget) * 100 : null;
      accuracy.push({
        month,
        label,
        periodId: ctx?.period.id ?? null,
        prognosisTkr: prognosis,
        outcomeTkr: outcome,
        budgetTkr: accuracyBudget,
        deviationPercent,
        text:
          deviationPercent === null
            ? `${label}: ${ctx ? 'prognosen saknas för någon rad' : 'ingen uppföljning'} – kan inte beräknas`
            : `${label}: prognos ${num(prognosis)} tkr mot utfall ${num(outcome)} tkr, avvikelse ${num(Math.abs(deviationPercent), 1)} % av budget`,
      });
    }
  }

  return {
    year,
    unit: 'tkr',
    commentThresholdTkr: threshold,
    previousPeriod: previous ? periodRef(previous.period) : null,
    rows,
    total: {
      budgetTkr: budgetTotal,
      prognosisTkr: curTotal.prognosis,
      deviationTkr: curTotal.prognosis !== null ? budgetTotal - curTotal.prognosis : null,
      previousPrognosisTkr: prevTotal,
      previousDeviationTkr: prevTotal !== null ? budgetTotal - prevTotal : null,
      changeTkr: curTotal.prognosis !== null && prevTotal !== null ? curTotal.prognosis - prevTotal : null,
      rowsWithoutPrognosis: rows.filter((r) => r.prognosisTkr === null).map((r) => r.name),
      statedBudgetTkr: config.economy.totals.budget[String(year)] ?? null,
    },
    missingUnits: [...missingUnits.values()],
    accuracy,
    accuracyNote,
  };
}
