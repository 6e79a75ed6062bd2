/**
 * The message cards leadership gets instead of a figures card: help, an unknown button or period,
 * a period nobody has sent in for. Pure: plain data in, a Swedish reply out.
 */

import type { Period } from '../calendar/periods.js';
import type { MessageCard, Notice } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { Reply } from '../followup/service.js';
import type { ReportModel } from '../reporting/report-model.js';
import { lowerFirst } from '../shared/text.js';

/** What leadership can type, for the help card. */
export const LEADERSHIP_COMMANDS: readonly { readonly command: string; readonly description: string }[] = [
  {
    command: 'prognos',
    description: 'Läget för nämndmålen, ekonomin och svaren (även ”hur går det?”, ”läget”).',
  },
  {
    command: 'prognos egenförsörjning',
    description: 'Ett nämndmål i detalj: enheternas prognoser och indikatorerna.',
  },
  {
    command: 'prognos juni',
    description: 'En tidigare period, t.ex. ”prognos 2024-06” eller ”prognos delår 1”.',
  },
  { command: 'ekonomi', description: 'Helårsprognos, budget och avvikelse per verksamhet.' },
  {
    command: 'vilka har inte svarat?',
    description: 'Enheter som inte har skickat in, och knappen ”Påminn dem nu”.',
  },
  { command: 'bedöm digitalisering', description: 'Sätt nämndens bedömning av ett nämndmål med motivering.' },
  { command: 'rapport', description: 'Delårsrapporten som Word och Excel (även ”rapport juni”).' },
  {
    command: 'nämndens värden',
    description:
      'Controller: nämndövergripande indikatorer för perioden (för controllern även ”rapportera”).',
  },
  { command: 'bokslut 2024', description: 'Controller: årets bokslut per rad i driftsammandraget.' },
];

export function message(
  title: string,
  text: string,
  tone: Notice['tone'] = 'default',
  facts: MessageCard['facts'] = [],
  actions: MessageCard['actions'] = [],
): Reply {
  return { card: 'message', model: { title, text, tone, facts, actions } };
}

/** The leadership commands as a message card (for a question the parser does not know). */
export function helpReply(notice?: string): Reply {
  return message(
    'Det här kan du fråga',
    `${notice ? `${notice} ` : ''}Skriv en fråga i chatten, till exempel:`,
    'default',
    LEADERSHIP_COMMANDS.map((c) => ({ title: c.command, value: c.description })),
  );
}

export function unknownButton(): Reply {
  return message(
    'Okänd knapp',
    'Kortet skickade en åtgärd som boten inte känner igen. Skriv ”prognos” för att börja om.',
    'warning',
  );
}

/** A card's period that does not exist or has not opened. */
export function unknownCardPeriod(): Reply {
  return message(
    'Perioden finns inte',
    'Kortet gäller en uppföljningsperiod som inte finns eller inte har öppnat. Skriv ”prognos” för att se den aktuella perioden.',
    'warning',
  );
}

/** "Hämta rapport" pressed where the bot did not deliver the files itself. */
export function filesInChat(period: Period): Reply {
  return message(
    `Rapporten för ${lowerFirst(period.label)}`,
    'Rapportfilerna skickas i chatten. Skriv ”rapport” om de inte kommer.',
  );
}

/** A typed period that does not exist; lists the latest periods that have opened. */
export function unknownPeriod(rest: string, periods: readonly Period[], now: Date): Reply {
  const nowIso = now.toISOString();
  const recent = periods
    .filter((p) => p.opensAt <= nowIso)
    .slice(-6)
    .reverse()
    // A list read as one line: the month names after the first in lower case.
    .map((p, i) => (i === 0 ? p.label : lowerFirst(p.label)));
  const named = rest.trim() ? ` som passar ”${rest.trim().slice(0, 60)}”` : '';
  return message(
    'Perioden finns inte',
    `Jag hittar ingen uppföljningsperiod${named}. Skriv till exempel ”prognos juni”, ”prognos 2024-06” eller ”prognos delår 1”.`,
    'warning',
    recent.length > 0 ? [{ title: 'Senaste perioderna', value: recent.join(', ') }] : [],
  );
}

/** No unit has sent in anything for the period: a message instead of an empty card. */
export function emptyPeriod(model: ReportModel, period: Period): Reply | null {
  if (model.basis.unitsIncluded > 0) return null;
  const drafts = model.completeness.filter((c) => c.state !== 'none').length;
  return message(
    `Inga svar för ${lowerFirst(period.label)}`,
    `Ingen enhet har skickat in uppföljningen för ${period.label.toLocaleLowerCase('sv-SE')}` +
      (drafts > 0 ? ` (${drafts} har påbörjat utkast).` : '.') +
      ' Fråga om en annan period, t.ex. ”prognos juni”, eller se vilka som saknas.',
    'warning',
    [],
    [{ title: 'Vilka saknas', data: { verb: Verb.leadershipMissing, periodId: period.id } }],
  );
}
