/**
 * Synthetic organisations for the benchmarks: the shipped configuration with extra units that
 * report every nämndmål (and its indicators, except those only one unit may report), a few
 * uppdrag and one economy row; plus the values a diligent manager would type into each step.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Period } from '../../src/calendar/periods.js';
import { type CommitteeConfig, loadConfig, type Unit } from '../../src/config/load-config.js';
import type { EconomyFile, OrganisationFile } from '../../src/config/schema.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import {
  type AnswerPayload,
  type ItemAnswer,
  indicatorsFor,
  parseAssignmentsInput,
  parseEconomyInput,
  parseGoalInput,
  type StepId,
  stepsFor,
} from '../../src/followup/answers.js';
import { cellKeys } from '../../src/followup/indicator-input.js';
import type { ItemKey } from '../../src/followup/ports.js';

export function loadShipped(): Promise<CommitteeConfig> {
  return loadConfig(shippedConfigDir);
}

export const syntheticManagerId = (n: number) => `syn-chef-${String(n).padStart(4, '0')}`;
export const syntheticUnitId = (n: number) => `syn-${String(n).padStart(4, '0')}`;

/**
 * The shipped organisation plus `extra` synthetic units (`syn-0001` …), alternating between the
 * administrations so per-förvaltning breakdowns have parts on both sides. Each has its own manager.
 */
export function syntheticOrganisation(base: CommitteeConfig, extra: number): OrganisationFile {
  const org = structuredClone(base.organisation) as OrganisationFile;
  const indicators = [...base.indicatorsById.values()]
    .filter((i) => i.aggregation.kind !== 'single')
    .map((i) => i.id);
  const goals = base.goalList.map((g) => g.id);
  const assignments = [...base.assignmentsById.keys()].slice(0, 4);
  type Department = OrganisationFile['administrations'][number]['departments'][number];
  const departments: Department[] = org.administrations.map((adm) => {
    const dep: Department = { id: `syn-${adm.id.toLowerCase()}`, name: 'Syntetiska enheter', units: [] };
    adm.departments.push(dep);
    return dep;
  });
  for (let n = 1; n <= extra; n++) {
    const dep = departments[n % departments.length];
    if (!dep) throw new Error('no administration');
    dep.units.push({
      id: syntheticUnitId(n),
      name: `Syntetisk enhet ${n}`,
      shortName: `S${n}`,
      managers: [{ aadObjectId: syntheticManagerId(n), name: `Chef Syntet ${n}`, upn: `syn${n}@example.se` }],
      deputies: [],
      reports: {
        goals: [...goals],
        indicators: [...indicators],
        assignments: [...assignments],
        // A budget row belongs to one unit (the config refuses shared rows): one of its own.
        economyRows: [syntheticRowId(n)],
      },
    });
  }
  // A department must have at least one unit.
  for (const adm of org.administrations) adm.departments = adm.departments.filter((d) => d.units.length > 0);
  return org;
}

export const syntheticRowId = (n: number) => `${syntheticUnitId(n)}-drift`;

/** A configuration directory: the shipped files with this organisation (and a budget row per synthetic unit). */
export async function writeConfigDir(dir: string, organisation: OrganisationFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const file of ['goals.yaml', 'assignments.yaml', 'volumes.yaml', 'calendar.yaml']) {
    await copyFile(path.join(shippedConfigDir, file), path.join(dir, file));
  }
  const economy = parse(await readFile(path.join(shippedConfigDir, 'economy.yaml'), 'utf8')) as EconomyFile;
  const synthetic = organisation.administrations
    .flatMap((a) => a.departments.flatMap((d) => d.units))
    .flatMap((u) => u.reports.economyRows.filter((r) => !economy.rows.some((x) => x.id === r)));
  economy.rows.push(
    ...synthetic.map((id) => ({
      id,
      name: `Drift ${id}`,
      budget: { '2024': 10_000 },
      outcome: {},
      changes: [],
    })),
  );
  await writeFile(path.join(dir, 'economy.yaml'), stringify(economy));
  // No anchors and aliases: the yaml parser refuses thousands of them as an alias bomb.
  await writeFile(
    path.join(dir, 'organisation.yaml'),
    stringify(organisation, { aliasDuplicateObjects: false }),
  );
  return dir;
}

/** Shipped config + `extra` synthetic units, written to `dir` and loaded (so it is validated). */
export async function syntheticConfig(dir: string, extra: number): Promise<CommitteeConfig> {
  const base = await loadShipped();
  await writeConfigDir(dir, syntheticOrganisation(base, extra));
  return loadConfig(dir);
}

/**
 * The shipped config object with a different organisation, built in memory (no files): units and
 * lookups derived as `loadConfig` derives them. Enough for the reminders (they read units,
 * managers, deputies and the leadership).
 */
export function withOrganisation(base: CommitteeConfig, organisation: OrganisationFile): CommitteeConfig {
  const units: Unit[] = organisation.administrations.flatMap((adm) =>
    adm.departments.flatMap((dep) =>
      dep.units.map((u): Unit => ({ ...u, administrationId: adm.id, departmentId: dep.id, figureKinds: [] })),
    ),
  );
  return { ...base, organisation, units, unitsById: new Map(units.map((u) => [u.id, u])) };
}

/** The steps that store an answer (not the summary). */
export function itemSteps(unit: Unit): ItemKey[] {
  return stepsFor(unit, { kind: 'month' }).filter((s): s is ItemKey => s !== ('summary' satisfies StepId));
}

/** A value inside the indicator's bounds (see `bounds` in answers.ts), varied by `seed`. */
function plainValue(unit: string, seed: number): number {
  switch (unit) {
    case '%':
      return 40 + (seed % 50);
    case 'index':
      return 50 + (seed % 40);
    case 'antal':
      return 10 + ((seed * 37) % 2000);
    case 'dagar':
      return 5 + (seed % 55);
    case 'tkr/år':
      return 100 + (seed % 800);
    case 'år':
      return 20 + (seed % 40);
    default:
      return 1 + (seed % 8);
  }
}

/** Numerator per denominator unit for shares that are not percentages (ages, ratios). */
function shareFactor(unit: string): number {
  if (unit === '%') return 0.8;
  if (unit === 'år') return 63;
  if (unit === 'antal') return 12;
  return 2;
}

/**
 * What a manager types into the step's card: every input filled, valid, with `text` in the free
 * text fields (so a stored answer can be traced back to the submit that wrote it).
 */
export function stepValues(
  config: CommitteeConfig,
  unit: Unit,
  step: ItemKey,
  period: Period,
  seed: number,
  text: string,
): Record<string, string> {
  const values: Record<string, string> = {};
  if (step === 'economy') {
    for (const rowId of unit.reports.economyRows) {
      const row = config.economy.rows.find((r) => r.id === rowId);
      values[`eco.${rowId}.prognosis`] = String(row?.budget[String(period.year)] ?? 1000);
      values[`eco.${rowId}.comment`] = text;
    }
    return values;
  }
  if (step === 'assignments') {
    const scale = config.assignments.statusScale;
    for (const [i, id] of unit.reports.assignments.entries()) {
      values[`upd.${id}.status`] = scale[(seed + i) % scale.length]?.id ?? 'pagar';
      values[`upd.${id}.comment`] = i === 0 ? text : 'Arbetet pågår enligt plan.';
    }
    return values;
  }
  if (step === 'submission') throw new Error('submission has no card inputs');
  const goalId = step.slice('goal:'.length);
  const scale = config.goals.statusScale;
  values.status = scale[seed % scale.length]?.id ?? '';
  values.results = text;
  values.deviations = 'Inga avvikelser inom aktiviteterna i verksamhetsplanen.';
  for (const [i, indicator] of indicatorsFor(config, unit, goalId, period).entries()) {
    const s = seed + i * 7;
    values[`ind.${indicator.id}.iu`] = 'false';
    const kon = cellKeys(indicator).length > 1;
    if (indicator.aggregation.kind === 'share') {
      const f = shareFactor(indicator.unit);
      const cells = kon ? (['kvinnor', 'man'] as const) : (['total'] as const);
      for (const [j, cell] of cells.entries()) {
        const den = 40 + ((s + j * 13) % 60);
        values[`ind.${indicator.id}.${cell}`] = `${Math.floor(den * f)}/${den}`;
      }
      continue;
    }
    if (kon && indicator.aggregation.kind === 'sum') {
      const k = plainValue(indicator.unit, s);
      const m = plainValue(indicator.unit, s + 3);
      values[`ind.${indicator.id}.kvinnor`] = String(k);
      values[`ind.${indicator.id}.man`] = String(m);
      values[`ind.${indicator.id}.total`] = String(k + m);
      continue;
    }
    for (const [j, cell] of cellKeys(indicator).entries()) {
      values[`ind.${indicator.id}.${cell}`] = String(plainValue(indicator.unit, s + j));
    }
  }
  return values;
}

/** The payload the service would store for these values; throws if they do not validate. */
export function payloadFor(
  config: CommitteeConfig,
  unit: Unit,
  step: ItemKey,
  period: Period,
  values: Record<string, string>,
): ItemAnswer {
  const parsed =
    step === 'economy'
      ? parseEconomyInput(config, unit, values)
      : step === 'assignments'
        ? parseAssignmentsInput(config, unit, values)
        : parseGoalInput(
            config,
            step.slice('goal:'.length),
            indicatorsFor(config, unit, step.slice('goal:'.length), period),
            values,
          );
  if (parsed.errors.length > 0) {
    throw new Error(`synthetic values for ${unit.id} ${step} do not validate: ${parsed.errors.join('; ')}`);
  }
  return parsed.value;
}

export type { AnswerPayload };
