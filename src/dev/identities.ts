/**
 * The people the /dev page can act as, from the configuration, and their conversations: each
 * person has one personal conversation `dev-<aadObjectId>`, as in Teams.
 */
import type { CommitteeConfig } from '../config/load-config.js';
import { unitLabel } from '../followup/access.js';

/** A person the page can act as, as Teams would present them to the bot. */
export interface DevIdentity {
  readonly aadObjectId: string;
  readonly name: string;
  readonly upn: string;
  /** Swedish, e.g. "Enhetschef – Arbetsmarknadscentrum (AMC)". */
  readonly description: string;
}

/** The demo identities from the configuration: unit managers and deputies, then leadership. */
export function devIdentities(config: CommitteeConfig): DevIdentity[] {
  const people = new Map<string, { name: string; upn: string; manager: string[]; deputy: string[] }>();
  const person = (p: { aadObjectId: string; name: string; upn: string }) => {
    let entry = people.get(p.aadObjectId);
    if (!entry) {
      entry = { name: p.name, upn: p.upn, manager: [], deputy: [] };
      people.set(p.aadObjectId, entry);
    }
    return entry;
  };
  for (const unit of config.units) {
    for (const m of unit.managers) person(m).manager.push(unitLabel(unit));
    for (const d of unit.deputies) person(d).deputy.push(unitLabel(unit));
  }
  const identities: DevIdentity[] = [...people].map(([aadObjectId, p]) => ({
    aadObjectId,
    name: p.name,
    upn: p.upn,
    description: [
      p.manager.length > 0 ? `Enhetschef – ${p.manager.join(', ')}` : '',
      p.deputy.length > 0 ? `Ersättare – ${p.deputy.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; '),
  }));
  for (const l of config.organisation.leadership) {
    if (people.has(l.aadObjectId)) continue;
    identities.push({ aadObjectId: l.aadObjectId, name: l.name, upn: l.upn, description: l.title });
  }
  // Someone the configuration does not know, to see what an unregistered person gets.
  identities.push({
    aadObjectId: 'dev-okand-person',
    name: 'Okänd Person',
    upn: 'okand.person@example.se',
    description: 'Inte registrerad i organisationen',
  });
  return identities;
}

export function conversationIdFor(aadObjectId: string): string {
  return `dev-${aadObjectId}`;
}
