/**
 * The economy tables of the report model (`economy.tables`), as seeds 001 and 004 print them:
 * the summary, the driftsammandrag with Bokslut föregående år, the result per the period's end
 * against the periodised budget, and the investments. Part of the JSON model (report-model.ts):
 * fields are only added within a schema version.
 *
 * Each table is plain rows of cells, each cell a number (tkr, or null for no figure) and its
 * Swedish text, so every output prints the same figures the same way. A table whose figures the
 * bot does not have says so in `missing` and has no rows: no zeros stand in for a missing figure.
 */
import type { PersonRef } from './report-model.js';

export interface MoneyCell {
  /** tkr; null when there is no figure. */
  readonly value: number | null;
  /** "−4 400", "–", "330 000*" (carried prognosis), "Ingen prognos". */
  readonly text: string;
}

export interface MoneyRow {
  /** A driftsammandrag row or investment object id, or `summa`, `kostnader`, `intakter`, `enheter`, `summa-inkl-enheter`, `nettokostnader`, `investeringar`, `utgifter`, `inkomster`. */
  readonly id: string;
  readonly label: string;
  /** `sum` rows are bold, `varav` rows italic in the seeds. */
  readonly style: 'row' | 'sum' | 'varav';
  /** One per column. */
  readonly cells: readonly MoneyCell[];
}

export type MoneyTableId = 'summary' | 'operations' | 'result' | 'investments';

export interface MoneyTable {
  readonly id: MoneyTableId;
  /** "Prognos för helår 2024", "Resultat per 31 augusti 2024", "Investeringar" */
  readonly title: string;
  /** The first column's heading: "Driftsammandrag, netto tkr", "Ekonomi, belopp tkr". */
  readonly labelHeading: string;
  /** The amount columns' headings: "Prognos helår 2024", "Budget 2024", "Avvikelse", "Bokslut 2023". */
  readonly columns: readonly string[];
  readonly rows: readonly MoneyRow[];
  /** "Källa: ekonomisystemet, inläst av David Ek 10 september 2024 kl. 14:03 (version 2)." */
  readonly source: string;
  /** What a reader needs to read the figures right (missing rows, carried prognoses, differences). */
  readonly notes: readonly string[];
  /** Set when the table's figures are not available (the ledger is not imported): said instead of rows. */
  readonly missing: string | null;
}

/** The stored ledger figures a report uses, with who imported them. */
export interface LedgerRef {
  readonly periodId: string;
  readonly importedBy: PersonRef;
  readonly importedAt: string;
  /** "10 september 2024 kl. 14:03" */
  readonly importedAtText: string;
  readonly revision: number;
}

export interface EconomyTables {
  /**
   * `forecast`: delår and month reports (Prognos helår); `outcome`: the helår report once the
   * controller's bokslut is entered (the prognosis columns become "Bokslut <år>").
   */
  readonly mode: 'forecast' | 'outcome';
  /** The period's ledger figures, or null when not imported. */
  readonly ledger: LedgerRef | null;
  /** Why ledger figures are missing, or null. */
  readonly ledgerNote: string | null;
  /** "Ekonomi, belopp tkr": Verksamhetens nettokostnader and Investeringar, netto (seed 001 line 101, seed 004). */
  readonly summary: MoneyTable;
  /** Driftsammandrag: rows, summa, varav kostnader/intäkter, Nämndens enheter, summa inkl. enheter. */
  readonly operations: MoneyTable;
  /** Resultat per the period's last day against the periodised budget; null in the helår report. */
  readonly result: MoneyTable | null;
  /** Investeringar per object; null when economy.yaml has no investment objects. */
  readonly investments: MoneyTable | null;
}
