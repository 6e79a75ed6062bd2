/**
 * The workbook's sheets and columns (a stable interface, documented in README.md: add columns at
 * the end, never rename) and how its numbers are typed: rounded to the measure's decimals, with a
 * number format that a Swedish Excel shows as "3 090,5". Status words are Swedish; codes sit only
 * in columns named -id or -kod.
 */

export interface Column {
  readonly header: string;
  readonly width: number;
}

const ASSIGNMENT_COLUMNS = [
  { header: 'Period', width: 10 },
  { header: 'Grupp', width: 30 },
  { header: 'Nr', width: 5 },
  { header: 'Uppdrag-id', width: 24 },
  { header: 'Uppdrag', width: 60 },
  { header: 'Status', width: 18 },
  { header: 'Status-id', width: 16 },
  { header: 'Kommentar', width: 60 },
  { header: 'Enheter som svarat', width: 24 },
  { header: 'Saknar svar från', width: 24 },
] as const satisfies readonly Column[];

/** Every sheet with its columns, in order. */
export const XLSX_SHEETS = {
  goals: {
    name: 'Målstatus',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Målområde', width: 14 },
      { header: 'Kommunövergripande mål', width: 30 },
      { header: 'Nämndmål-id', width: 26 },
      { header: 'Nämndmål', width: 34 },
      { header: 'Status', width: 16 },
      { header: 'Status-id', width: 16 },
      { header: 'Statuskälla', width: 12 },
      { header: 'Förslag', width: 16 },
      { header: 'Förslag-id', width: 16 },
      { header: 'Förslag poäng', width: 12 },
      { header: 'Förslag motivering', width: 60 },
      { header: 'Beslut', width: 16 },
      { header: 'Beslut-id', width: 16 },
      { header: 'Beslut motivering', width: 50 },
      { header: 'Beslutad av', width: 18 },
      { header: 'Beslutad', width: 17 },
      { header: 'Enheternas prognoser', width: 50 },
      { header: 'Antal enheter', width: 12 },
      { header: 'Antal utan prognos', width: 12 },
    ],
  },
  indicators: {
    name: 'Indikatorer',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Nämndmål-id', width: 26 },
      { header: 'Indikator-id', width: 30 },
      { header: 'Indikator', width: 50 },
      { header: 'Uppdelning', width: 12 },
      { header: 'Del', width: 10 },
      { header: 'Måttenhet', width: 10 },
      { header: 'Aggregering', width: 11 },
      { header: 'Utfall', width: 10 },
      { header: 'I.U.', width: 6 },
      { header: 'Täljare', width: 10 },
      { header: 'Nämnare', width: 10 },
      { header: 'Senaste utfall', width: 12 },
      { header: 'Senaste utfall avser', width: 22 },
      { header: 'Föregående period', width: 12 },
      { header: 'Trend', width: 16 },
      { header: 'Målvärde', width: 14 },
      { header: 'Målvärde tal', width: 10 },
      { header: 'Jämförelse', width: 9 },
      { header: 'Mål uppnås', width: 16 },
      { header: 'Statuskod', width: 12 },
      { header: 'Motivering', width: 60 },
      { header: 'Rapporterande enheter', width: 30 },
      { header: 'Aggregering-id', width: 12 },
    ],
  },
  economy: {
    name: 'Ekonomi',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Rad-id', width: 34 },
      { header: 'Verksamhet', width: 40 },
      { header: 'Förvaltning', width: 11 },
      { header: 'Budget tkr', width: 12 },
      { header: 'Prognos helår tkr', width: 14 },
      { header: 'Avvikelse tkr', width: 12 },
      { header: 'Föregående prognos tkr', width: 14 },
      { header: 'Avvikelse i föregående prognos tkr', width: 16 },
      { header: 'Förändring mot föregående prognos tkr', width: 16 },
      { header: 'Kräver kommentar', width: 10 },
      { header: 'Kommentarer', width: 60 },
      { header: 'Rapporterande enheter', width: 24 },
      { header: 'Saknar prognos från', width: 24 },
      { header: 'Prognoskälla', width: 26 },
      { header: 'Föregående delår', width: 10 },
      { header: 'Prognos föregående delår tkr', width: 14 },
      { header: 'Avvikelse föregående delår tkr', width: 16 },
      { header: 'Bokslut tkr', width: 14 },
    ],
  },
  answers: {
    name: 'Svar',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Enhet-id', width: 20 },
      { header: 'Enhet', width: 18 },
      { header: 'Post', width: 34 },
      { header: 'Rubrik', width: 34 },
      { header: 'Tillstånd', width: 10 },
      { header: 'Revision', width: 8 },
      { header: 'Inskickad revision', width: 10 },
      { header: 'Använd revision', width: 10 },
      { header: 'Besvarad av', width: 18 },
      { header: 'Besvarad av (id)', width: 24 },
      { header: 'Besvarad', width: 17 },
      { header: 'Besvarad (UTC)', width: 24 },
      { header: 'Sammanfattning', width: 60 },
    ],
  },
  completeness: {
    name: 'Fullständighet',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Enhet-id', width: 20 },
      { header: 'Enhet', width: 30 },
      { header: 'Förvaltning', width: 11 },
      { header: 'Status', width: 22 },
      { header: 'Statuskod', width: 24 },
      { header: 'Ingår i rapporten', width: 10 },
      { header: 'Inskickad av', width: 18 },
      { header: 'Inskickad', width: 17 },
      { header: 'Senast ändrad', width: 17 },
      { header: 'Besvarade poster', width: 10 },
      { header: 'Antal poster', width: 10 },
    ],
  },
  figures: {
    name: 'Volymer och personal',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Avsnitt', width: 14 },
      { header: 'Mått-id', width: 30 },
      { header: 'Mått', width: 50 },
      { header: 'Del', width: 12 },
      { header: 'Kolumn', width: 16 },
      { header: 'Värde', width: 12 },
      { header: 'Visas som', width: 12 },
      { header: 'Lämnas av', width: 14 },
    ],
  },
  notes: {
    name: 'Noter',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Tabell', width: 24 },
      { header: 'Id', width: 30 },
      { header: 'Namn', width: 50 },
      { header: 'Not', width: 80 },
    ],
  },
  strategic: { name: 'Strategiska uppdrag', columns: ASSIGNMENT_COLUMNS },
  committeeTasks: { name: 'Nämnduppdrag', columns: ASSIGNMENT_COLUMNS },
  internalControl: { name: 'Internkontroll', columns: ASSIGNMENT_COLUMNS },
} as const satisfies Record<string, { name: string; columns: readonly Column[] }>;

/** Excel's locale-neutral format code for `decimals` places; Excel shows it with the reader's separators. */
export function numberFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

/** The value as the report prints it: rounded to the measure's decimals, still a number. */
export function rounded(value: number | null | undefined, decimals: number): number | null {
  if (value === null || value === undefined) return null;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** How an indicator's units are combined, as a reader says it. */
export const AGGREGATION_LABEL = {
  sum: 'Summa',
  share: 'Andel (täljare/nämnare)',
  single: 'Ett värde',
  none: 'Ingen sammanvägning',
} as const;
