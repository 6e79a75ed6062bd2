/**
 * The data model of `cards/report-summary.json`: the report in brief for the leadership (status per
 * nämndmål, economy, who has not answered). Like the follow-up cards' models (src/cards/models.ts),
 * every text is ready-made Swedish; the template only places it.
 */

/** Adaptive Cards text colours the template uses. */
export type CardColour = 'Good' | 'Warning' | 'Attention' | 'Default' | 'Accent';

export interface ReportSummaryCard {
  /** "Uppföljning Augusti 2024 – delår 2" */
  readonly title: string;
  /** "Arbetsmarknadsnämnden" */
  readonly subtitle: string;
  /** "Utkast genererat 10 september 2024 kl. 14:03 från 7 av 9 enheters svar" */
  readonly basisText: string;
  /** One line per status level: "Uppfylls delvis" – "7". */
  readonly overview: readonly {
    readonly label: string;
    readonly count: string;
    readonly colour: CardColour;
  }[];
  readonly goals: readonly {
    readonly name: string;
    readonly statusLabel: string;
    readonly colour: CardColour;
    /** "Förslag" or "Beslutad av Helena Strand" */
    readonly sourceText: string;
    /** The proposal's short reason or the decision's motivation (shortened). */
    readonly reason: string;
  }[];
  /** "Prognos helår" – "649 950 tkr", "Avvikelse mot budget" – "−6 650 tkr", … */
  readonly economy: readonly { readonly title: string; readonly value: string }[];
  /** "Har inte skickat in: OSA (inget svar), UTB stab (utkast)", or "" when everyone has. */
  readonly missingText: string;
  /** "10 av 13 nämndmål väntar på ledningens beslut", or "" when all are decided. */
  readonly undecidedText: string;
}
