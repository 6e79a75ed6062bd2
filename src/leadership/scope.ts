/**
 * What a leader may see and do, from organisation.yaml `leadership` (roles and scope).
 *
 * Scope rule (what a leader scoped to some administrations sees):
 * - units: only the units of their administrations (completeness, "saknas", the units' own
 *   forecasts on the goal and decide cards, "Påminn dem nu");
 * - nämndmål: only those that at least one unit in scope reports on (the prognosis list, goal
 *   detail, goal matching, the choice lists);
 * - economy: only the verksamhet rows of their administrations (the row's `forvaltning`, or a row
 *   a unit in scope reports), with a total over those rows;
 * - results and deviations: only the lines written by a unit in scope.
 * Committee-level figures of a goal they can see (the indicators' combined values, the proposal,
 * the decision) are shown as they are: they belong to the committee, not to a unit.
 *
 * Decision rule: only `admin`, or the `leadership` role with scope `committee`, may set the
 * committee-level status. A controller without one of those, and any leader scoped to some
 * administrations, may look but not decide. The report files cover every unit, so they follow the
 * same whole-committee rule (`mayDownloadReport`).
 */
import type { CommitteeConfig, GoalInContext, Unit } from '../config/load-config.js';
import type { Leader } from '../followup/access.js';
import { joinSwedish } from '../shared/swedish-format.js';

export interface LeaderScope {
  /** Scope `committee`. */
  readonly whole: boolean;
  /** "hela nämnden", or the administrations' names: "Utbildningsförvaltningen". */
  readonly label: string;
  readonly units: readonly Unit[];
  readonly unitIds: ReadonlySet<string>;
  /** In the order of goals.yaml. */
  readonly goals: readonly GoalInContext[];
  readonly goalIds: ReadonlySet<string>;
  readonly economyRowIds: ReadonlySet<string>;
}

export function scopeOf(config: CommitteeConfig, leader: Leader): LeaderScope {
  if (leader.scope === 'committee') {
    return {
      whole: true,
      label: 'hela nämnden',
      units: config.units,
      unitIds: new Set(config.units.map((u) => u.id)),
      goals: config.goalList,
      goalIds: new Set(config.goalList.map((g) => g.id)),
      economyRowIds: new Set(config.economy.rows.map((r) => r.id)),
    };
  }
  const administrations = new Set(leader.scope.administrations);
  const units = config.units.filter((u) => administrations.has(u.administrationId));
  const goalIds = new Set(units.flatMap((u) => u.reports.goals));
  const rowIds = new Set([
    ...config.economy.rows
      .filter((r) => r.forvaltning && administrations.has(r.forvaltning))
      .map((r) => r.id),
    ...units.flatMap((u) => u.reports.economyRows),
  ]);
  const names = config.organisation.administrations
    .filter((a) => administrations.has(a.id))
    .map((a) => a.name);
  return {
    whole: false,
    label: names.length > 0 ? joinSwedish(names) : [...administrations].join(', '),
    units,
    unitIds: new Set(units.map((u) => u.id)),
    goals: config.goalList.filter((g) => goalIds.has(g.id)),
    goalIds,
    economyRowIds: rowIds,
  };
}

/** May set the committee-level status of a nämndmål (see the rule at the top). */
export function mayDecide(leader: Leader): boolean {
  return (
    leader.roles.includes('admin') || (leader.roles.includes('leadership') && leader.scope === 'committee')
  );
}

/** The report covers every unit's answers: only for those who see the whole committee. */
export function mayDownloadReport(leader: Leader): boolean {
  return leader.scope === 'committee';
}
