/** Strategiska uppdrag, nämnduppdrag and internkontroll: the units' statuses and comments per item. Pure. */
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import type { AssignmentsAnswer } from '../followup/answers.js';
import type { AssignmentGroupReport, AssignmentReport } from './report-model.js';
import type { PeriodContext } from './select-answers.js';
import { sentence, unitRef } from './texts.js';

const GROUP_TITLE: Record<AssignmentGroupReport['kind'], string> = {
  kommungemensamt: 'Kommungemensamma strategiska utvecklingsuppdrag',
  namndspecifikt: 'Nämndspecifika strategiska utvecklingsuppdrag',
  namnduppdrag: 'Nämnduppdrag',
  internkontroll: 'Internkontroll',
};

export function buildAssignments(config: CommitteeConfig, now: PeriodContext): AssignmentGroupReport[] {
  const scale = config.assignments.statusScale;
  const kinds: AssignmentGroupReport['kind'][] = [
    'kommungemensamt',
    'namndspecifikt',
    'namnduppdrag',
    'internkontroll',
  ];
  return kinds.map((kind) => {
    const items: AssignmentReport[] = [...config.assignmentsById.values()]
      .filter((a) => a.kind === kind)
      .map((a) => {
        const reporters = a.responsibleUnits
          .map((id) => config.unitsById.get(id))
          .filter((u): u is Unit => u !== undefined);
        const answers = reporters.map((unit) => {
          const entry = (
            now.selection.get(unit.id)?.used.get('assignments')?.payload as AssignmentsAnswer | undefined
          )?.items?.[a.id];
          const level = scale.find((s) => s.id === entry?.statusId);
          return {
            ...unitRef(unit),
            statusId: entry?.statusId ?? null,
            statusLabel: level?.label ?? entry?.statusId ?? null,
            comment: entry?.comment ?? '',
          };
        });
        const answered = answers.filter((x) => x.statusId !== null);
        const ids = new Set(answered.map((x) => x.statusId));
        const agreed = ids.size === 1 ? scale.find((s) => s.id === answered[0]?.statusId) : undefined;
        // One status for the item only when every responsible unit has given it: one unit's
        // "Genomfört" is not the committee's while seven have not answered.
        const common = answered.length === answers.length ? agreed : undefined;
        const several = reporters.length > 1;
        const perUnit = answered.map((x) => `${x.shortName}: ${x.statusLabel}`).join(', ');
        const statusText =
          answered.length === 0
            ? 'Inget svar'
            : common
              ? common.label
              : answered.length < answers.length
                ? `${answered.length} av ${answers.length} enheter har svarat (${perUnit})`
                : perUnit;
        const commentText = answers
          .filter((x) => x.comment !== '')
          .map((x) => (several ? `${x.shortName}: ${sentence(x.comment)}` : x.comment))
          .join(' ');
        return {
          id: a.id,
          text: a.text,
          status: common ? { id: common.id, label: common.label, colour: common.colour ?? null } : null,
          statusText,
          commentText,
          units: answers,
          missingUnits: answers
            .filter((x) => x.statusId === null)
            .map((x) => ({ unitId: x.unitId, shortName: x.shortName })),
        };
      });
    return { kind, title: GROUP_TITLE[kind], items };
  });
}
