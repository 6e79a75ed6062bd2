/**
 * Card model of the uppdrag step: status and comment per uppdrag and internkontroll item, in their
 * groups, each item one line once it has a status. Pure.
 */
import type { AssignmentsCard } from '../cards/models.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import { type AssignmentsAnswer, assignmentFields, shorten } from './answers.js';
import { type Block, textHeight } from './layout.js';
import { errorOf, type StepContext, shown, stepActions, stepHeader } from './views.js';

export function assignmentValues(answer: AssignmentsAnswer | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [id, item] of Object.entries(answer?.items ?? {})) {
    values[`upd.${id}.status`] = item.statusId ?? '';
    values[`upd.${id}.comment`] = item.comment;
  }
  return values;
}

const GROUP_TITLE = {
  kommungemensamt: 'Strategiska utvecklingsuppdrag (kommungemensamma)',
  namndspecifikt: 'Strategiska utvecklingsuppdrag (nämndspecifika)',
  namnduppdrag: 'Nämnduppdrag',
  internkontroll: 'Internkontroll',
} as const;

/**
 * What an uppdrag is about, for its one line: the text after its opening "Samtliga nämnder ska" or
 * "Arbetsmarknadsnämnden ska …", which most texts share.
 */
export function assignmentGist(text: string): string {
  const rest = /^[^.]{0,90}?\bska\s+(.{20,})$/su.exec(text)?.[1] ?? text;
  return shorten(rest.charAt(0).toUpperCase() + rest.slice(1), 90);
}

/** In the order of their groups: the order the card shows them in. */
function orderedAssignments(config: CommitteeConfig, unit: Unit): string[] {
  return (Object.keys(GROUP_TITLE) as (keyof typeof GROUP_TITLE)[]).flatMap((kind) =>
    unit.reports.assignments.filter((id) => config.assignmentsById.get(id)?.kind === kind),
  );
}

/** An item is shown with its fields when it has no status yet or was refused; else as one line. */
function itemOpen(id: string, values: Readonly<Record<string, string>>, errors: ReadonlyMap<string, string>) {
  return !values[`upd.${id}.status`] || errors.has(`upd.${id}.status`) || errors.has(`upd.${id}.comment`);
}

/** The uppdrag's parts: one per item, as tall as its fields when it needs them, else one line. */
export function assignmentBlocks(
  config: CommitteeConfig,
  unit: Unit,
  values: Readonly<Record<string, string>>,
  errors: ReadonlyMap<string, string>,
): Block[] {
  const open = orderedAssignments(config, unit).some((id) => itemOpen(id, values, errors));
  return orderedAssignments(config, unit).map((id) => {
    const fields = assignmentFields(config, id);
    const text = config.assignmentsById.get(id)?.text ?? id;
    return {
      key: id,
      fields: [fields.status.id, fields.comment.id],
      height: open
        ? textHeight(text, 'small') +
          62 +
          14 +
          textHeight(errors.get(fields.status.id) ?? '', 'small') +
          textHeight(errors.get(fields.comment.id) ?? '', 'small')
        : 20,
    };
  });
}

export function assignmentsCard(ctx: StepContext, values: Readonly<Record<string, string>>): AssignmentsCard {
  const { config, unit } = ctx;
  const scale = config.assignments.statusScale;
  const onCard = orderedAssignments(config, unit).filter((id) => shown(ctx, id));
  const groups = (Object.keys(GROUP_TITLE) as (keyof typeof GROUP_TITLE)[])
    .map((kind) => ({
      title: GROUP_TITLE[kind],
      items: onCard
        .map((id) => config.assignmentsById.get(id))
        .filter((a) => a !== undefined && a.kind === kind)
        .map((a) => {
          const id = a?.id ?? '';
          const fields = assignmentFields(config, id);
          const status = values[fields.status.id] ?? '';
          const statusText = scale.find((s) => s.id === status)?.label ?? 'Ingen status';
          return {
            itemId: id,
            text: a?.text ?? '',
            line: `${statusText} – ${assignmentGist(a?.text ?? '')}`,
            status: {
              id: fields.status.id,
              label: 'Status',
              value: status,
              choices: scale.map((s) => ({ title: s.label, value: s.id })),
              error: errorOf(ctx, fields.status.id),
            },
            comment: {
              id: fields.comment.id,
              label: 'Kommentar',
              value: values[fields.comment.id] ?? '',
              placeholder: 'Kort kommentar',
              error: errorOf(ctx, fields.comment.id),
            },
          };
        }),
    }))
    .filter((g) => g.items.length > 0);
  return {
    header: stepHeader(ctx),
    notices: ctx.notices,
    intro: 'Status och en kort kommentar för varje uppdrag och kontrollpunkt som enheten ansvarar för.',
    open: onCard.some((id) => itemOpen(id, values, ctx.errors)),
    groups,
    actions: stepActions(ctx),
  };
}
