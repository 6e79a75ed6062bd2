/**
 * Who may do what, from the organisation in the configuration. The only source of truth for
 * access: ids that arrive in card data are checked here against the Teams user's Entra object id.
 */
import type { CommitteeConfig, Unit } from '../config/load-config.js';

export type UnitRole = 'manager' | 'deputy';

export interface UnitAccess {
  readonly unit: Unit;
  readonly role: UnitRole;
}

export type Leader = CommitteeConfig['organisation']['leadership'][number];

export interface Identity {
  readonly aadObjectId: string;
  /** The name in the configuration, else the one Teams sent. */
  readonly name: string;
  readonly units: readonly UnitAccess[];
  readonly leader: Leader | null;
}

export function identify(config: CommitteeConfig, aadObjectId: string, teamsName: string): Identity {
  const units: UnitAccess[] = [];
  let name: string | null = null;
  for (const unit of config.units) {
    const manager = unit.managers.find((m) => m.aadObjectId === aadObjectId);
    if (manager) {
      units.push({ unit, role: 'manager' });
      name ??= manager.name;
      continue;
    }
    const deputy = unit.deputies.find((d) => d.aadObjectId === aadObjectId);
    if (deputy) {
      units.push({ unit, role: 'deputy' });
      name ??= deputy.name;
    }
  }
  const leader = config.organisation.leadership.find((l) => l.aadObjectId === aadObjectId) ?? null;
  return { aadObjectId, name: name ?? leader?.name ?? teamsName, units, leader };
}

/** Managers and deputies of the unit may answer for it; nobody else, whatever the card says. */
export function mayAnswerFor(identity: Identity, unitId: string): boolean {
  return identity.units.some((u) => u.unit.id === unitId);
}

export function unitLabel(unit: Unit): string {
  // "UTB stab (vux)", not "UTB stab (vux) (UTB stab)": a name holding its short name needs no repeat.
  return unit.shortName && !unit.name.includes(unit.shortName)
    ? `${unit.name} (${unit.shortName})`
    : unit.name;
}
