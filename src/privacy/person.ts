/**
 * One person's data: finding it (registerutdrag) and erasing it.
 *
 * Erasure removes what exists only for the person (conversation reference, pauses and snoozes,
 * reminder log, welcome markings, learnt ids, download links, refusal counts) and anonymises what
 * is a record of the committee's work (answers with their history, decisions, audit rows, pauses
 * they set for others): the person's id and name are replaced by one pseudonym, the content stays.
 * Free texts are not changed: a text that names someone is corrected as a record, not erased here.
 * Someone still in the organisation is not erased: the bot would store them again at once.
 */
import { randomBytes } from 'node:crypto';
import type { CommitteeConfig } from '../config/load-config.js';
import { normaliseAddress, peopleOf } from '../config/people.js';
import type { Actor, AuditLog } from '../followup/ports.js';
import { toCsv } from '../shared/csv.js';
import type { DataTable, ErasureReport, PersonalDataStore, PersonRef, StoredRow } from './ports.js';

/** A person in the organisation file, as the configuration holds them. */
export interface OrganisationEntry {
  readonly aadObjectId: string;
  readonly name: string;
  readonly upn: string;
  readonly roles: readonly string[];
}

/** Where the person appears in organisation.yaml (units they manage or deputise, leadership roles). */
export function organisationEntries(config: CommitteeConfig, person: PersonRef): OrganisationEntry[] {
  const addresses = new Set(person.addresses.map(normaliseAddress));
  const matches = (p: { aadObjectId: string; upn: string }) =>
    p.aadObjectId === person.aadObjectId || addresses.has(normaliseAddress(p.upn));
  const out: OrganisationEntry[] = [];
  for (const unit of config.units) {
    for (const m of unit.managers.filter(matches))
      out.push({ aadObjectId: m.aadObjectId, name: m.name, upn: m.upn, roles: [`chef för ${unit.name}`] });
    for (const d of unit.deputies.filter(matches))
      out.push({
        aadObjectId: d.aadObjectId,
        name: d.name,
        upn: d.upn,
        roles: [`ersättare för ${unit.name}`],
      });
  }
  for (const l of config.organisation.leadership.filter(matches))
    out.push({ aadObjectId: l.aadObjectId, name: l.name, upn: l.upn, roles: [l.title, ...l.roles] });
  return out;
}

/**
 * The person named on the command line: an object id, or an address found in the organisation
 * (then its object id if it is known); the address is kept too, for learnt ids.
 */
export function personFrom(config: CommitteeConfig, given: string): PersonRef {
  const text = given.trim();
  if (!text.includes('@')) return { aadObjectId: text, addresses: [] };
  const address = normaliseAddress(text);
  const known = peopleOf(config.organisation).find((p) => normaliseAddress(p.upn) === address);
  return { aadObjectId: known?.aadObjectId ?? `upn:${address}`, addresses: [address] };
}

export const CATEGORY: Readonly<Record<DataTable | 'organisation', string>> = {
  organisation: 'Organisation (konfigurationen organisation.yaml)',
  answers: 'Svar (aktuell version och varje tidigare version)',
  decisions: 'Ledningens beslut',
  audit: 'Granskningslogg',
  reminders: 'Påminnelselogg',
  conversations: 'Konversationsreferens för påminnelser',
  pauses: 'Pausade påminnelser',
  snoozes: 'Uppskjuten påminnelse',
  welcomes: 'Välkomstmarkering',
  identities: 'Inlärt objekt-id',
  links: 'Nedladdningslänk',
  refusals: 'Räknare för nekade försök (nyckeln är en hash av objekt-id:t)',
  files: 'Rapportfil som erbjudits i Teams (filnamn, storlek, giltig till)',
};

/** The registerutdrag's columns, in order (also in src/privacy/README.md). */
export const PERSON_COLUMNS: readonly { readonly name: string; readonly description: string }[] = [
  { name: 'kategori', description: 'vad uppgiften är, i klartext' },
  { name: 'tabell', description: 'tabellen i Table Storage utan prefix, eller organisation.yaml' },
  { name: 'partitionsnyckel', description: 'radens PartitionKey i tabellen' },
  { name: 'radnyckel', description: 'radens RowKey i tabellen' },
  { name: 'tid', description: 'när uppgiften sparades eller ändrades (UTC, ISO 8601)' },
  { name: 'uppgifter', description: 'radens alla kolumner som JSON, med svarens innehåll utläst' },
];

const TIME_COLUMNS = ['at', 'updatedAt', 'setAt', 'resolvedAt', 'issuedAt', 'timestamp'];

export interface PersonExport {
  readonly csv: string;
  readonly json: string;
  readonly rows: number;
}

export function personExport(
  person: PersonRef,
  entries: readonly OrganisationEntry[],
  rows: readonly StoredRow[],
  createdAt: string,
): PersonExport {
  const lines = [
    ...entries.map((e) => ({
      kategori: CATEGORY.organisation,
      tabell: 'organisation.yaml',
      partitionsnyckel: '',
      radnyckel: '',
      tid: '',
      uppgifter: e,
    })),
    ...rows.map((r) => ({
      kategori: CATEGORY[r.table],
      tabell: r.table,
      partitionsnyckel: r.partitionKey,
      radnyckel: r.rowKey,
      tid: String(TIME_COLUMNS.map((c) => r.columns[c]).find((v) => typeof v === 'string' && v !== '') ?? ''),
      uppgifter: r.columns,
    })),
  ];
  const csv = toCsv(
    PERSON_COLUMNS.map((c) => c.name),
    lines.map((l) => [l.kategori, l.tabell, l.partitionsnyckel, l.radnyckel, l.tid, l.uppgifter]),
  );
  const json = JSON.stringify(
    {
      registerutdrag: { skapat: createdAt, objektId: person.aadObjectId, adresser: person.addresses },
      kolumner: PERSON_COLUMNS,
      rader: lines,
    },
    null,
    2,
  );
  return { csv, json, rows: lines.length };
}

export type ErasureOutcome =
  | { readonly kind: 'registered'; readonly entries: readonly OrganisationEntry[] }
  | { readonly kind: 'done'; readonly pseudonymId: string; readonly report: ErasureReport };

export async function erasePerson(
  deps: {
    readonly store: PersonalDataStore;
    readonly audit: AuditLog;
    readonly config: CommitteeConfig;
    readonly now: () => Date;
  },
  person: PersonRef,
  options: { readonly dryRun: boolean; readonly actor: Actor },
): Promise<ErasureOutcome> {
  const entries = organisationEntries(deps.config, person);
  if (entries.length > 0) return { kind: 'registered', entries };
  const pseudonymId = `anonym-${randomBytes(6).toString('hex')}`;
  const report = await deps.store.erase(person, pseudonymId, options.dryRun);
  if (!options.dryRun) {
    const sum = (counts: ErasureReport['deleted']) => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
    // Not the person's id: the pseudonym ties the anonymised rows to this event, and no further.
    await deps.audit.append({
      committeeId: deps.config.goals.committee.id,
      at: deps.now().toISOString(),
      actor: options.actor,
      action: 'person.erased',
      outcome: 'ok',
      details: { pseudonym: pseudonymId, deleted: sum(report.deleted), anonymised: sum(report.anonymised) },
    });
  }
  return { kind: 'done', pseudonymId, report };
}
