/** The controller's import of the ledger's (ekonomisystemets) figures for a period, as stored. */

/**
 * One post of the ledger file, in tkr; null where the file gives nothing (see controller/ledger.ts
 * for which post has which figure).
 */
export interface LedgerFigures {
  /** Redovisat (booked), January to the end of the period's month. */
  readonly bookedTkr: number | null;
  /** The budget periodised over the same months. */
  readonly periodBudgetTkr: number | null;
  /** Redovisat for the same months of the previous year. */
  readonly previousYearTkr: number | null;
  /** Prognos helår, where the controller has one. */
  readonly prognosisTkr: number | null;
  /** Budget helår (for an investment object: its investeringsram). */
  readonly budgetTkr: number | null;
}

/**
 * The figures of the ledger (ekonomisystemet) for a period, imported by the controller from a
 * file (`item: 'ledger'`, stored in that period): per driftsammandrag row, the total's varav
 * kostnader and varav intäkter, Nämndens enheter and the investment objects.
 */
export interface LedgerAnswer {
  readonly kind: 'ledger';
  readonly periodId: string;
  readonly rows: Readonly<Record<string, LedgerFigures>>;
  readonly costs: LedgerFigures;
  readonly income: LedgerFigures;
  readonly units: LedgerFigures | null;
  readonly investments: Readonly<
    Record<string, { readonly expenditure: LedgerFigures; readonly income: LedgerFigures | null }>
  >;
}
