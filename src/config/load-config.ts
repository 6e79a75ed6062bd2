import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { calendarProblems, listPeriods, type Period } from '../calendar/periods.js';
import { createWorkingDayCalendar } from '../calendar/working-days.js';
import { fillStandInIds } from './people.js';
import {
  type AssignmentsFile,
  type CalendarFile,
  configFiles,
  type EconomyFile,
  type Goal,
  type GoalsFile,
  type Indicator,
  type OrganisationFile,
  type PeriodKind,
  type PersonnelFile,
  type ReportedBy,
  type ReportFile,
  type VolumesFile,
} from './schema.js';

/** One problem in a configuration directory, with where it is. */
export interface ConfigProblem {
  readonly file: string;
  /** Dotted path inside the file, e.g. `areas[0].municipalGoals[1].goals[0].indicators[2].targets.2024`. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Konfigurationen i ${dir} har ${problems.length} fel:\n` +
        problems.map((p) => `  - ${p.file}${p.path ? ` (${p.path})` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export type Person = OrganisationFile['leadership'][number] | Manager;
type Manager =
  OrganisationFile['administrations'][number]['departments'][number]['units'][number]['managers'][number];
type UnitFile = OrganisationFile['administrations'][number]['departments'][number]['units'][number];

/** A unit with its place in the organisation made explicit. */
export interface Unit extends UnitFile {
  readonly administrationId: string;
  readonly departmentId: string;
  /** The period kinds in which the unit gives volume or personnel figures (volumes.yaml, personnel.yaml). */
  readonly figureKinds: readonly PeriodKind[];
}

/** A nämndmål with its place in the hierarchy made explicit. */
export interface GoalInContext extends Goal {
  readonly areaId: string;
  readonly areaName: string;
  readonly municipalGoalId: string;
  readonly municipalGoalName: string;
}

export interface IndicatorInContext extends Indicator {
  readonly goalId: string;
  /** Who reports the figure, resolved (see `reportedBySchema`). */
  readonly reporter: ReportedBy;
}

/** `reportedBy` as configured, or its default: `unit` for a single value, else `units`. */
export function reporterOf(indicator: Pick<Indicator, 'reportedBy' | 'aggregation'>): ReportedBy {
  return indicator.reportedBy ?? (indicator.aggregation.kind === 'single' ? 'unit' : 'units');
}

export interface AssignmentItem {
  readonly id: string;
  readonly kind: 'kommungemensamt' | 'namndspecifikt' | 'namnduppdrag' | 'internkontroll';
  readonly text: string;
  /** Derived from the organisation: the units that report on it. */
  readonly responsibleUnits: readonly string[];
}

/** The validated configuration of one committee, with lookups. Plain data: no I/O. */
export interface CommitteeConfig {
  readonly dir: string;
  readonly goals: GoalsFile;
  readonly assignments: AssignmentsFile;
  readonly economy: EconomyFile;
  readonly volumes: VolumesFile;
  readonly personnel: PersonnelFile;
  readonly report: ReportFile;
  readonly organisation: OrganisationFile;
  readonly calendar: CalendarFile;
  readonly goalList: readonly GoalInContext[];
  readonly goalsById: ReadonlyMap<string, GoalInContext>;
  readonly indicatorsById: ReadonlyMap<string, IndicatorInContext>;
  readonly assignmentsById: ReadonlyMap<string, AssignmentItem>;
  readonly units: readonly Unit[];
  readonly unitsById: ReadonlyMap<string, Unit>;
  /** Follow-up periods with their opening, deadline and lock, oldest first. */
  readonly periods: readonly Period[];
}

type Files = {
  goals: GoalsFile;
  assignments: AssignmentsFile;
  economy: EconomyFile;
  volumes: VolumesFile;
  personnel: PersonnelFile;
  report: ReportFile;
  organisation: OrganisationFile;
  calendar: CalendarFile;
};

function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`))
    .join('');
}

async function readYaml(
  dir: string,
  file: string,
  problems: ConfigProblem[],
  optional: boolean,
): Promise<unknown> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, file), 'utf8');
  } catch (error) {
    // An optional file that does not exist means "use the defaults"; one that exists must be readable.
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    problems.push({ file, path: '', message: 'filen saknas eller kan inte läsas' });
    return undefined;
  }
  try {
    return parseYaml(raw);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `rad ${error.linePos[0].line}` : '';
    problems.push({ file, path: where, message: `ogiltig YAML: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

/**
 * Reads and validates a configuration directory. Every problem in every file is collected, so one
 * run of `npm run config:check` shows all of them.
 */
export async function loadConfig(dir: string): Promise<CommitteeConfig> {
  const problems: ConfigProblem[] = [];
  const parsed: Partial<Files> = {};
  const raw: Partial<Record<keyof Files, unknown>> = {};
  for (const [key, spec] of Object.entries(configFiles) as [
    keyof Files,
    { file: string; schema: z.ZodType; optional?: boolean },
  ][]) {
    const { file, schema } = spec;
    const data = await readYaml(dir, file, problems, spec.optional === true);
    if (data === undefined) continue;
    raw[key] = data;
    const result = schema.safeParse(data);
    if (result.success) {
      (parsed as Record<string, unknown>)[key] = result.data;
    } else {
      for (const issue of result.error.issues) {
        problems.push({ file, path: formatPath(issue.path), message: issue.message });
      }
    }
  }
  // Cross-file checks run on whatever parsed, so one run reports schema and reference mistakes alike.
  const config = buildModel(dir, parsed, problems, salvageIds(raw));
  if (problems.length > 0) throw new ConfigError(dir, problems);
  return config;
}

/** Ids found in the files even where they failed validation, so references into them are still checked. */
interface SalvagedIds {
  readonly goals: ReadonlySet<string>;
  readonly indicatorGoals: ReadonlyMap<string, string>;
  readonly assignments: ReadonlySet<string>;
  readonly economyRows: ReadonlySet<string>;
}

function salvageIds(raw: Partial<Record<keyof Files, unknown>>): SalvagedIds {
  const list = (v: unknown): Record<string, unknown>[] =>
    Array.isArray(v)
      ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
      : [];
  const field = (v: unknown, key: string): unknown =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  const goals = new Set<string>();
  const indicatorGoals = new Map<string, string>();
  for (const area of list(field(raw.goals, 'areas'))) {
    for (const mg of list(area.municipalGoals)) {
      for (const goal of list(mg.goals)) {
        goals.add(String(goal.id));
        for (const ind of list(goal.indicators)) indicatorGoals.set(String(ind.id), String(goal.id));
      }
    }
  }
  const assignments = new Set(
    ['strategic', 'committeeTasks', 'internalControl'].flatMap((k) =>
      list(field(raw.assignments, k)).map((a) => String(a.id)),
    ),
  );
  const economyRows = new Set(list(field(raw.economy, 'rows')).map((r) => String(r.id)));
  return { goals, indicatorGoals, assignments, economyRows };
}

function buildModel(
  dir: string,
  files: Partial<Files>,
  problems: ConfigProblem[],
  salvaged: SalvagedIds,
): CommitteeConfig {
  const problem = (file: string, p: string, message: string): void => {
    problems.push({ file, path: p, message });
  };
  const goalsFile = configFiles.goals.file;
  const orgFile = configFiles.organisation.file;

  const goalList: GoalInContext[] = [];
  const goalsById = new Map<string, GoalInContext>();
  const indicatorsById = new Map<string, IndicatorInContext>();
  (files.goals?.areas ?? []).forEach((area, a) => {
    area.municipalGoals.forEach((mg, m) => {
      mg.goals.forEach((goal, g) => {
        const where = `areas[${a}].municipalGoals[${m}].goals[${g}]`;
        const inContext: GoalInContext = {
          ...goal,
          areaId: area.id,
          areaName: area.name,
          municipalGoalId: mg.id,
          municipalGoalName: mg.name,
        };
        if (goalsById.has(goal.id)) problem(goalsFile, `${where}.id`, `nämndmålet ”${goal.id}” finns redan`);
        goalsById.set(goal.id, inContext);
        goalList.push(inContext);
        goal.indicators.forEach((indicator, i) => {
          if (indicatorsById.has(indicator.id)) {
            problem(goalsFile, `${where}.indicators[${i}].id`, `indikatorn ”${indicator.id}” finns redan`);
          }
          indicatorsById.set(indicator.id, {
            ...indicator,
            goalId: goal.id,
            reporter: reporterOf(indicator),
          });
        });
      });
    });
  });
  (files.goals ? (files.report?.charts.indicators ?? []) : []).forEach((id, i) => {
    if (!indicatorsById.has(id))
      problem(configFiles.report.file, `charts.indicators[${i}]`, `okänd indikator "${id}"`);
  });
  const scaleIds = new Set<string>();
  (files.goals?.statusScale ?? []).forEach((level, i) => {
    if (scaleIds.has(level.id))
      problem(goalsFile, `statusScale[${i}].id`, `statusen ”${level.id}” finns redan`);
    scaleIds.add(level.id);
  });

  const assignmentsById = new Map<string, Omit<AssignmentItem, 'responsibleUnits'>>();
  const addAssignment = (
    item: { id: string; text: string },
    kind: AssignmentItem['kind'],
    where: string,
  ): void => {
    if (assignmentsById.has(item.id))
      problem(configFiles.assignments.file, where, `uppdraget ”${item.id}” finns redan`);
    assignmentsById.set(item.id, { id: item.id, text: item.text, kind });
  };
  const assignments = files.assignments;
  for (const [i, s] of (assignments?.strategic ?? []).entries())
    addAssignment(s, s.kind, `strategic[${i}].id`);
  for (const [i, s] of (assignments?.committeeTasks ?? []).entries()) {
    addAssignment(s, 'namnduppdrag', `committeeTasks[${i}].id`);
  }
  for (const [i, s] of (assignments?.internalControl ?? []).entries()) {
    addAssignment(s, 'internkontroll', `internalControl[${i}].id`);
  }

  // People given by UPN or e-mail alone get a stand-in id until the bot learns their object id.
  if (files.organisation) fillStandInIds(files.organisation);
  const administrationIds = new Set((files.organisation?.administrations ?? []).map((a) => a.id));

  const units: Unit[] = [];
  const unitsById = new Map<string, Unit>();
  const responsible = new Map<string, string[]>();
  (files.organisation?.administrations ?? []).forEach((adm, a) => {
    adm.departments.forEach((dep, d) => {
      dep.units.forEach((unit, u) => {
        const where = `administrations[${a}].departments[${d}].units[${u}]`;
        if (unitsById.has(unit.id)) problem(orgFile, `${where}.id`, `enheten ”${unit.id}” finns redan`);
        const full: Unit = {
          ...unit,
          administrationId: adm.id,
          departmentId: dep.id,
          figureKinds: figureKindsOf(files, unit.id),
        };
        units.push(full);
        unitsById.set(unit.id, full);
        unit.reports.goals.forEach((g, i) => {
          if (!salvaged.goals.has(g))
            problem(orgFile, `${where}.reports.goals[${i}]`, `okänt nämndmål ”${g}”`);
        });
        unit.reports.indicators.forEach((ind, i) => {
          const goalId = salvaged.indicatorGoals.get(ind);
          if (goalId === undefined) {
            problem(orgFile, `${where}.reports.indicators[${i}]`, `okänd indikator ”${ind}”`);
          } else if (!unit.reports.goals.includes(goalId)) {
            problem(
              orgFile,
              `${where}.reports.indicators[${i}]`,
              `indikatorn ”${ind}” hör till nämndmålet ”${goalId}”, som enheten inte rapporterar`,
            );
          }
        });
        unit.reports.assignments.forEach((as, i) => {
          if (!salvaged.assignments.has(as)) {
            problem(orgFile, `${where}.reports.assignments[${i}]`, `okänt uppdrag ”${as}”`);
          } else {
            responsible.set(as, [...(responsible.get(as) ?? []), unit.id]);
          }
        });
        unit.reports.economyRows.forEach((row, i) => {
          if (!salvaged.economyRows.has(row))
            problem(orgFile, `${where}.reports.economyRows[${i}]`, `okänd ekonomirad ”${row}”`);
        });
      });
    });
  });
  (files.organisation?.leadership ?? []).forEach((l, i) => {
    if (l.scope !== 'committee') {
      l.scope.administrations.forEach((adm, j) => {
        if (!administrationIds.has(adm)) {
          problem(orgFile, `leadership[${i}].scope.administrations[${j}]`, `okänd förvaltning ”${adm}”`);
        }
      });
    }
  });

  // Unknown when organisation.yaml itself failed: its own problems are reported instead.
  const controllers = files.organisation
    ? files.organisation.leadership.filter((l) => l.roles.includes('controller')).length
    : null;
  for (const message of reporterProblems([...indicatorsById.values()], units, controllers)) {
    problem(message.file === 'goals' ? goalsFile : orgFile, message.path, message.message);
  }

  for (const message of figureReporterProblems(files, files.organisation ? unitsById : null, controllers)) {
    problem(message.file, message.path, message.message);
  }

  // Budgets are per verksamhet row, so the avvikelse a unit sees is only right if the row is its own.
  for (const row of files.economy?.rows ?? []) {
    const reporters = units.filter((u) => u.reports.economyRows.includes(row.id));
    if (reporters.length > 1) {
      problem(
        orgFile,
        'administrations',
        `ekonomiraden ”${row.id}” har en budget men rapporteras av flera enheter (${reporters.map((u) => u.id).join(', ')}); dela raden i en per enhet`,
      );
    }
  }

  const wd = createWorkingDayCalendar();
  const calendar = files.calendar;
  if (calendar) {
    for (const message of calendarProblems(calendar, wd)) problem(configFiles.calendar.file, '', message);
  }
  const periods = problems.length === 0 && calendar ? listPeriods(calendar, wd) : [];

  const assignmentsWithUnits = new Map<string, AssignmentItem>();
  for (const [key, item] of assignmentsById) {
    assignmentsWithUnits.set(key, { ...item, responsibleUnits: responsible.get(key) ?? [] });
  }

  return {
    dir,
    ...(files as Files),
    goalList,
    goalsById,
    indicatorsById,
    assignmentsById: assignmentsWithUnits,
    units,
    unitsById,
    periods,
  };
}

/**
 * Who reports each indicator must make its committee figure honest: a committee-wide figure is
 * reported once (one unit, or the controller), and only parts of a whole are summed.
 */
export function reporterProblems(
  indicators: readonly IndicatorInContext[],
  units: readonly Unit[],
  controllerCount: number | null,
): { file: 'goals' | 'organisation'; path: string; message: string }[] {
  const out: { file: 'goals' | 'organisation'; path: string; message: string }[] = [];
  for (const indicator of indicators) {
    const reporters = units.filter((u) => u.reports.indicators.includes(indicator.id)).map((u) => u.id);
    const name = `indikatorn ”${indicator.id}”`;
    const goals = (message: string) =>
      out.push({ file: 'goals', path: `indikator ${indicator.id}`, message });
    const org = (message: string) => out.push({ file: 'organisation', path: 'administrations', message });
    const kind = indicator.aggregation.kind;
    if (indicator.computed && indicator.reporter !== 'computed') {
      goals(`${name} har computed men inte reportedBy: computed`);
    }
    switch (indicator.reporter) {
      case 'unit':
        if (kind === 'sum')
          goals(
            `${name} summeras, men bara en enhet rapporterar den; ange reportedBy: units om enheterna rapporterar var sin del`,
          );
        if (reporters.length > 1) org(`${name} rapporteras av en enhet, men ${reporters.join(', ')} har den`);
        break;
      case 'units':
        if (kind === 'single')
          goals(`${name} är ett enda värde (single) och kan inte rapporteras i delar av flera enheter`);
        break;
      case 'controller':
        if (kind === 'sum' || kind === 'none')
          goals(
            `${name} rapporteras av nämndens controller som ett värde; aggregation ska vara single eller share, inte ${kind}`,
          );
        if (reporters.length > 0)
          org(
            `${name} rapporteras av nämndens controller, men ${reporters.join(', ')} har den också; ta bort den från enheterna`,
          );
        if (controllerCount === 0)
          org(`${name} rapporteras av nämndens controller, men ingen i leadership har rollen controller`);
        break;
      case 'computed':
        if (!indicator.computed)
          goals(`${name} har reportedBy: computed men saknar computed (vad den beräknas av)`);
        if (reporters.length > 0)
          org(
            `${name} beräknas ur ekonomin, men ${reporters.join(', ')} har den; ta bort den från enheterna`,
          );
        break;
    }
  }
  return out;
}

/** Every volume and personnel measure with where it is configured. */
function figureMeasures(files: Partial<Files>) {
  return [
    ...(files.volumes?.measures ?? []).map((m, i) => ({
      m,
      file: configFiles.volumes.file,
      at: `measures[${i}]`,
    })),
    ...(files.personnel?.measures ?? []).map((m, i) => ({
      m,
      file: configFiles.personnel.file,
      at: `measures[${i}]`,
    })),
  ];
}

function figureKindsOf(files: Partial<Files>, unitId: string): PeriodKind[] {
  const kinds = new Set<PeriodKind>();
  for (const { m } of figureMeasures(files)) if (m.reporter === unitId) for (const k of m.askIn) kinds.add(k);
  return [...kinds];
}

/** A measure's reporter must be `controller` (with someone in that role) or a known unit. */
function figureReporterProblems(
  files: Partial<Files>,
  unitsById: ReadonlyMap<string, Unit> | null,
  controllerCount: number | null,
): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const { m, file, at } of figureMeasures(files)) {
    if (m.reporter === undefined || m.reporter === 'controller') {
      if (m.reporter === 'controller' && controllerCount === 0)
        out.push({
          file,
          path: `${at}.reporter`,
          message: `"${m.id}" lämnas av nämndens controller, men ingen i leadership har rollen controller`,
        });
      continue;
    }
    // Unknown when organisation.yaml itself failed: its own problems are reported instead.
    if (unitsById && !unitsById.has(m.reporter))
      out.push({
        file,
        path: `${at}.reporter`,
        message: `okänd enhet "${m.reporter}"; ange controller eller en enhets id`,
      });
  }
  return out;
}
