/** What a period kind's report contains (report.yaml) and the internkontroll section. Pure. */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { swedishMonthName } from '../shared/swedish-format.js';
import type { AssignmentGroupReport, InternalControlReport, ReportLayout } from './report-model.js';
import type { PeriodContext } from './select-answers.js';

export function reportLayout(config: CommitteeConfig, period: Period): ReportLayout {
  const layout = config.report.layouts[period.kind];
  const last = new Date(Date.UTC(period.year, period.month, 0)).getUTCDate();
  return {
    title: layout.title,
    tense: layout.tense,
    sections: [...layout.sections],
    goalsHeading: layout.tense === 'outcome' ? 'Målredovisning' : 'Målredovisning med prognos',
    asOfText: `per ${last} ${swedishMonthName(period.month)} ${period.year}`,
    charts: {
      minPoints: config.report.charts.minPoints,
      indicators: config.report.charts.indicators ? [...config.report.charts.indicators] : null,
    },
  };
}

/** Internkontroll as its own section: the controller's summary, then the control points numbered. */
export function buildInternalControl(
  assignments: readonly AssignmentGroupReport[],
  now: PeriodContext,
): InternalControlReport {
  const items = assignments.find((g) => g.kind === 'internkontroll')?.items ?? [];
  const text = now.committee?.texts?.internalControl ?? '';
  const writers = [
    ...new Set(items.flatMap((i) => i.units.filter((u) => u.statusId).map((u) => u.shortName))),
  ];
  return {
    text,
    items: items.map((item, i) => ({ ...item, number: i + 1 })),
    sourceNote:
      (text !== '' ? 'Sammanfattningen är skriven av nämndens controller. ' : '') +
      (writers.length > 0
        ? `Status och kommentarer per kontrollmoment är lämnade av ${writers.join(', ')}.`
        : 'Ingen enhet har lämnat status för kontrollmomenten.'),
  };
}
