/** Who has answered what: completeness per unit and the raw answers as stored. Pure. */
import type { CommitteeConfig } from '../config/load-config.js';
import type { AnswerPayload } from '../followup/answers.js';
import { SUBMISSION_STATE_LABEL } from '../shared/submission-state.js';
import { count, num } from '../shared/swedish-format.js';
import type { AnswerRow, UnitCompleteness } from './report-model.js';
import { type PeriodAnswers, type PeriodContext, unitItems } from './select-answers.js';
import { unitRef } from './texts.js';

export function buildCompleteness(now: PeriodContext): UnitCompleteness[] {
  return [...now.selection.values()].map((sel) => {
    const items = unitItems(sel.unit, now.period);
    const times = items
      .map((i) => sel.current.get(i)?.answeredAt)
      .filter((t): t is string => t !== undefined);
    return {
      ...unitRef(sel.unit),
      name: sel.unit.name,
      administrationId: sel.unit.administrationId,
      state: sel.state,
      stateLabel: SUBMISSION_STATE_LABEL[sel.state],
      included: sel.included,
      submittedBy: sel.submission ? { ...sel.submission.answeredBy } : null,
      submittedAt: sel.submission?.answeredAt ?? null,
      lastChangedAt: times.sort().at(-1) ?? null,
      itemsAnswered: items.filter((i) => sel.current.has(i)).length,
      itemsTotal: items.length,
    };
  });
}

function itemTitle(config: CommitteeConfig, item: string): string {
  if (item === 'economy') return 'Ekonomi';
  if (item === 'assignments') return 'Uppdrag och internkontroll';
  if (item === 'figures') return 'Volymer';
  if (item === 'submission') return 'Inskickning';
  return config.goalsById.get(item.slice('goal:'.length))?.name ?? item;
}

function answerSummary(config: CommitteeConfig, payload: AnswerPayload): string {
  switch (payload.kind) {
    case 'goal': {
      const status =
        config.goals.statusScale.find((s) => s.id === payload.statusId)?.label ?? 'ingen prognos';
      const n = Object.keys(payload.indicators ?? {}).length;
      return `Prognos: ${status}; ${count(n, 'indikator', 'indikatorer')}`;
    }
    case 'economy':
      return Object.entries(payload.rows ?? {})
        .map(([id, r]) => {
          const name = config.economy.rows.find((x) => x.id === id)?.name ?? id;
          return `${name}: ${r.prognosisTkr === null ? 'ingen prognos' : `${num(r.prognosisTkr)} tkr`}`;
        })
        .join('; ');
    case 'assignments': {
      const items = Object.values(payload.items ?? {});
      return `${count(items.length, 'uppdrag', 'uppdrag')}, ${items.filter((i) => i.statusId).length} med status`;
    }
    case 'submission':
      return `Inskickat: ${count(Object.keys(payload.itemRevisions ?? {}).length, 'post', 'poster')}`;
    case 'committee':
      return `Nämndgemensamma värden: ${count(Object.keys(payload.indicators ?? {}).length, 'indikator', 'indikatorer')}`;
    case 'bokslut':
      return `Bokslut ${payload.year}: ${count(Object.keys(payload.rows ?? {}).length, 'rad', 'rader')}`;
    case 'figures':
      return `Volymer: ${count(Object.keys(payload.figures ?? {}).length, 'volymmått', 'volymmått')}`;
    case 'ledger':
      return `Ekonomisystemet: ${count(Object.keys(payload.rows ?? {}).length, 'rad', 'rader')}, ${count(Object.keys(payload.investments ?? {}).length, 'investeringsobjekt', 'investeringsobjekt')}`;
  }
}

export function buildAnswerRows(
  config: CommitteeConfig,
  answers: PeriodAnswers,
  now: PeriodContext,
): AnswerRow[] {
  return [...answers.current]
    .sort((a, b) => a.unitId.localeCompare(b.unitId) || a.item.localeCompare(b.item))
    .map((a) => {
      const sel = now.selection.get(a.unitId);
      const sent = sel?.submission?.payload.itemRevisions[a.item];
      return {
        unitId: a.unitId,
        shortName: config.unitsById.get(a.unitId)?.shortName ?? a.unitId,
        item: a.item,
        itemTitle: itemTitle(config, a.item),
        state: a.state,
        revision: a.revision,
        submittedRevision: a.item === 'submission' ? a.revision : (sent ?? null),
        usedRevision: sel?.used.get(a.item)?.revision ?? null,
        answeredBy: { ...a.answeredBy },
        answeredAt: a.answeredAt,
        summary: answerSummary(config, a.payload),
      };
    });
}
