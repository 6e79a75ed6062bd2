/**
 * People in the organisation given by UPN or e-mail alone. Such a person gets a stand-in id
 * (`upn:<address>`) when the configuration is loaded; the bot replaces it with the Entra object id
 * the first time the person writes to it or installs the app (Teams member info tells the UPN and
 * e-mail of the one writing), and remembers the pair in storage for later starts.
 *
 * A stand-in id never equals an id Teams sends, so nobody is mistaken for an unresolved person, and
 * each unresolved person keeps an id of their own (reminders report them as unreachable by name).
 */
import type { OrganisationFile } from './schema.js';

export const UNRESOLVED_PREFIX = 'upn:';

type Org = Pick<OrganisationFile, 'administrations' | 'leadership'>;

/** A person entry as the organisation file holds it; filled in place when resolved. */
export interface PersonEntry {
  aadObjectId: string;
  readonly name: string;
  readonly upn: string;
}

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

export function unresolvedId(upn: string): string {
  return `${UNRESOLVED_PREFIX}${normaliseAddress(upn)}`;
}

export function isUnresolved(aadObjectId: string): boolean {
  return aadObjectId.startsWith(UNRESOLVED_PREFIX);
}

/** Managers, deputies and leadership (including controllers), every entry once. */
export function peopleOf(org: Org): PersonEntry[] {
  const out: PersonEntry[] = [];
  for (const adm of org.administrations) {
    for (const dep of adm.departments) {
      for (const unit of dep.units) out.push(...unit.managers, ...unit.deputies);
    }
  }
  out.push(...org.leadership);
  return out;
}

/** Gives every person without an object id their stand-in id. */
export function fillStandInIds(org: Org): void {
  for (const p of peopleOf(org)) if (!p.aadObjectId) p.aadObjectId = unresolvedId(p.upn);
}

export function unresolvedPeople(org: Org): PersonEntry[] {
  return peopleOf(org).filter((p) => isUnresolved(p.aadObjectId));
}

/** Whether Teams' object id already belongs to someone in the organisation. */
export function isKnownId(org: Org, aadObjectId: string): boolean {
  return peopleOf(org).some((p) => p.aadObjectId === aadObjectId);
}

/**
 * Gives the unresolved people with one of these addresses (UPN or e-mail, any case) the object id.
 * Returns the addresses that matched, as written in the organisation (normalised).
 */
export function resolvePeople(org: Org, addresses: readonly string[], aadObjectId: string): string[] {
  const wanted = new Set(addresses.filter(Boolean).map(normaliseAddress));
  const matched = new Set<string>();
  for (const p of unresolvedPeople(org)) {
    const upn = normaliseAddress(p.upn);
    if (wanted.has(upn)) {
      p.aadObjectId = aadObjectId;
      matched.add(upn);
    }
  }
  return [...matched];
}

/** A learnt pair: the address the organisation gives and the object id Teams sent. */
export interface ResolvedIdentity {
  /** Normalised UPN or e-mail address, as in the organisation. */
  readonly address: string;
  readonly aadObjectId: string;
  readonly resolvedAt: string;
}

/** Where learnt pairs are kept, so a restart does not have to learn them again. */
export interface IdentityStore {
  list(): Promise<ResolvedIdentity[]>;
  put(identity: ResolvedIdentity): Promise<void>;
}

/** Applies stored pairs to the organisation; returns how many people they resolved. */
export function applyResolved(org: Org, identities: readonly ResolvedIdentity[]): number {
  let count = 0;
  for (const i of identities) count += resolvePeople(org, [i.address], i.aadObjectId).length;
  return count;
}
