/**
 * The report model: everything the Word, Excel, Markdown and card outputs show, as one plain,
 * JSON-serialisable value. `--format json` writes it as is, so it is a stable, versioned interface:
 * fields are only ever added within a schema version; renaming or removing one, or changing its
 * meaning, bumps `schemaVersion`. See src/reporting/README.md for the field reference.
 *
 * Conventions: amounts in tkr; indicator values in the indicator's own unit (a share in % is
 * 0–100, never 0–1); `null` means "no value" (I.U., not reported, not computable); times are UTC
 * ISO strings, with a ready-made Swedish `…Text` beside them where a person reads them.
 */

import type { SubmissionState } from '../shared/submission-state.js';
import type { EconomyTables } from './economy-tables-model.js';

export const REPORT_SCHEMA_VERSION = 3 as const;

export type StatusMeaning = 'met' | 'partial' | 'not_met' | 'not_assessable';

/** A level of the nämndmål status scale (goals.yaml `statusScale`). */
export interface StatusRef {
  readonly id: string;
  readonly label: string;
  /** `#RRGGBB` */
  readonly colour: string;
  readonly meaning: StatusMeaning;
}

/** Who answered or decided, as Teams knows them. */
export interface PersonRef {
  readonly aadObjectId: string;
  readonly name: string;
}

export interface UnitRef {
  readonly unitId: string;
  readonly shortName: string;
}

/** A result or deviation line, with every unit that wrote it (identical lines are merged). */
export interface AttributedText {
  readonly text: string;
  readonly units: readonly UnitRef[];
}

/** The parameters of the proposal rule (see aggregate.ts `DEFAULT_PROPOSAL_RULE`). */
export interface ProposalRule {
  /** Points per meaning. `not_assessable` has none: it is left out, never counted as a miss. */
  readonly points: { readonly met: number; readonly partial: number; readonly not_met: number };
  /** The units' mean points at or above this is their `met` judgement … */
  readonly metAtLeast: number;
  /** … at or below this their `not_met` judgement; between the two `partial`. */
  readonly notMetAtMost: number;
  /** A `met` judgement goes one step down when fewer than this share of the judged indicators reach target. */
  readonly lowerBelow: number;
  /** A `not_met` judgement goes one step up when at least this share of the judged indicators reach target. */
  readonly raiseAtLeast: number;
  /** When no unit could assess the goal, the indicators decide only if at least this many are judged. */
  readonly indicatorsWithoutUnits: number;
  /** The share of the goal's units that must have sent in before anything is proposed (0–1). */
  readonly minUnitShare: number;
}

export interface ReportModel {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly generatedAt: string;
  /** "10 september 2024 kl. 14:03" in the calendar's time zone. */
  readonly generatedAtText: string;
  readonly committee: { readonly id: string; readonly name: string; readonly shortName: string };
  readonly period: PeriodRef & {
    readonly kind: 'month' | 'interim1' | 'interim2' | 'annual';
    readonly previous: PeriodRef | null;
  };
  /** What the period kind's report contains (report.yaml), with its headings. */
  readonly layout: ReportLayout;
  readonly basis: Basis;
  readonly statusScale: readonly (StatusRef & { readonly sentence: string })[];
  readonly proposalRule: ProposalRule;
  /** Number of nämndmål per effective status (decision, else proposal), in scale order. */
  readonly statusOverview: readonly { readonly status: StatusRef; readonly count: number }[];
  readonly areas: readonly AreaReport[];
  readonly assignments: readonly AssignmentGroupReport[];
  readonly economy: EconomyReport;
  readonly volumes: FigureTableReport;
  readonly personnel: FigureTableReport;
  readonly internalControl: InternalControlReport;
  readonly completeness: readonly UnitCompleteness[];
  /** Every current answer of the period, one per unit × item (the raw material, for the Svar sheet). */
  readonly answers: readonly AnswerRow[];
}

export type ReportSectionId =
  | 'economy'
  | 'volumes'
  | 'personnel'
  | 'goals'
  | 'strategic'
  | 'committeeTasks'
  | 'internalControl'
  | 'indicators'
  | 'completeness'
  | 'rule';

export interface ReportLayout {
  /** "Delårsrapport 2", "Verksamhetsberättelse", "Månadsuppföljning" */
  readonly title: string;
  /** `forecast`: statuses are a prognosis for the year; `outcome`: the year's result (helår). */
  readonly tense: 'forecast' | 'outcome';
  readonly sections: readonly ReportSectionId[];
  /** "Målredovisning med prognos" (forecast) or "Målredovisning" (outcome). */
  readonly goalsHeading: string;
  /** "per 31 augusti 2024" */
  readonly asOfText: string;
  /** Which indicators get a trend chart (report.yaml `charts`); `indicators` null means any. */
  readonly charts: { readonly minPoints: number; readonly indicators: readonly string[] | null };
}

/** Volymutveckling or Personal: one row per measure, columns by period kind (seed 001 / 004). */
export interface FigureTableReport {
  /** "Basuppdrag (volymmått)" / "Personal" */
  readonly title: string;
  /** Column headings after the name: "Prognos helår", "Augusti 2024", "Augusti 2023" … */
  readonly columns: readonly string[];
  readonly rows: readonly FigureRowReport[];
  /** The comments written with the figures (the controller's and the units'), as written. */
  readonly comments: readonly string[];
  /** "Källa: controllern (HR-systemet) och AMC, lämnat i Uppföljningsboten." */
  readonly sourceNote: string;
  readonly footnotes: readonly string[];
  /** Reporters asked this period who have not given every figure: "OSA", "nämndens controller". */
  readonly missing: readonly string[];
}

export interface FigureRowReport {
  readonly id: string;
  readonly name: string;
  /** A part ("IAF") under its measure, or null for the measure itself. */
  readonly part: string | null;
  /** The measure's decimals (volumes.yaml / personnel.yaml), as the cells print them. */
  readonly decimals: number;
  /** Aligned with `columns`: the printed values ("3 090", "I.U.", "–"). */
  readonly cells: readonly string[];
  readonly values: readonly (number | null)[];
  /** Who gives it: "Controllern", "AMC". */
  readonly reporter: string;
}

export interface InternalControlReport {
  /** The controller's summary of the follow-up of the internkontrollplan, as written; "" when none. */
  readonly text: string;
  /** The control points in plan order, numbered from 1, with status and comments. */
  readonly items: readonly (AssignmentReport & { readonly number: number })[];
  readonly sourceNote: string;
}

export interface PeriodRef {
  /** `2024-08` */
  readonly id: string;
  readonly year: number;
  readonly month: number;
  /** "Augusti 2024 – delår 2" */
  readonly label: string;
}

export interface Basis {
  /** True when drafts and answers changed after sending in are used as they stand now. */
  readonly includeDrafts: boolean;
  readonly unitsIncluded: number;
  readonly unitsTotal: number;
  /** "Utkast genererat 10 september 2024 kl. 14:03 från 6 av 8 enheters svar" */
  readonly headline: string;
}

export interface AreaReport {
  readonly id: string;
  /** "Medborgare" */
  readonly name: string;
  readonly municipalGoals: readonly MunicipalGoalReport[];
}

export interface MunicipalGoalReport {
  readonly id: string;
  readonly name: string;
  readonly goals: readonly GoalReport[];
}

export interface GoalReport {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Every unit that reports on the goal, with what it said (status null: no answer or no status). */
  readonly units: readonly UnitGoalStatus[];
  /** Count per scale level, then `status: null` for units without a status, in scale order. */
  readonly distribution: readonly { readonly status: StatusRef | null; readonly count: number }[];
  readonly proposal: Proposal;
  readonly decision: DecisionView | null;
  /** The decision when there is one, else the proposal. */
  readonly effective: {
    readonly status: StatusRef;
    readonly source: 'decision' | 'proposal';
    /** The scale's report sentence, filled in: "Nämndmålet bedöms delvis uppnått vid helår 2024." */
    readonly sentence: string;
  };
  /** "Bedömningen baseras på …" (from the decision's motivation, or the proposal's reasons). */
  readonly basisText: string;
  readonly results: readonly AttributedText[];
  readonly deviations: readonly AttributedText[];
  /** "Övriga aktiviteter som bidragit till måluppfyllelse" (the units' third list). */
  readonly activities: readonly AttributedText[];
  /** The units whose texts are in the body, for the source note under the goal: "Källa: AMC, Linvux." */
  readonly sourceNote: string;
  readonly indicators: readonly IndicatorReport[];
}

export interface UnitGoalStatus extends UnitRef {
  readonly unitName: string;
  /** Whether the unit's answers are part of this report (sent in, or drafts when included). */
  readonly included: boolean;
  readonly status: StatusRef | null;
  readonly answeredBy: PersonRef | null;
  readonly answeredAt: string | null;
}

export interface Proposal {
  readonly status: StatusRef;
  /** The units' mean points (0–1), or null when no unit assessed the goal. */
  readonly score: number | null;
  readonly unitScore: number | null;
  /** The share of the judged indicators that reach their target, or null when none is judged. */
  readonly indicatorScore: number | null;
  /** Whether enough of the goal's units have sent in for a proposal (else `status` is not assessable). */
  readonly coverage: {
    readonly unitsAnswered: number;
    readonly unitsTotal: number;
    readonly sufficient: boolean;
  };
  /** Swedish, one reason a line: "3 av 4 enheter bedömer uppfylls delvis och 1 uppfylls". */
  readonly reasons: readonly string[];
  /** The first reasons joined: "3 av 4 enheter bedömer delvis; 5 av 7 indikatorer med utfall når målvärdet". */
  readonly summary: string;
}

export interface DecisionView {
  readonly status: StatusRef;
  readonly motivation: string;
  readonly decidedBy: PersonRef;
  readonly decidedAt: string;
  readonly decidedAtText: string;
  readonly revision: number;
  readonly proposedStatusId: string | null;
}

/**
 * `incomplete`: a value exists but not everyone it depends on has reported for its period, so it
 * is shown without a verdict.
 */
export type IndicatorStatusCode =
  | 'met'
  | 'not_met'
  | 'no_outcome'
  | 'incomplete'
  | 'needs_person'
  | 'no_target';

export interface IndicatorStatus {
  readonly code: IndicatorStatusCode;
  /** "Uppnås", "Uppnås ej", "I.U.", "Manuell bedömning", "Inget målvärde" */
  readonly label: string;
  /** Why, in Swedish: "3 090 når målvärdet ≤ 3 300 (lägre är bättre)". */
  readonly reason: string;
}

export interface TargetView {
  readonly kind: 'value' | 'direction' | 'text' | 'none';
  /** As the budget writes it: "≥0", "<1 %", "Ska öka", "90". */
  readonly text: string;
  /** `value` targets only. */
  readonly value: number | null;
  /** The comparator used: the written one, or derived from the better-direction for a plain number. */
  readonly comparator: '>=' | '<=' | '>' | '<' | '=' | null;
}

export interface Trend {
  readonly direction: 'up' | 'down' | 'same';
  /** This period minus the previous period. */
  readonly change: number;
  /** Null when the indicator has no better-direction. */
  readonly improved: boolean | null;
  /** "↑ 12 (bättre)" */
  readonly text: string;
}

export interface LatestValue {
  readonly value: number;
  readonly text: string;
  /** `period`: this period; `earlier_period`: an earlier period this year; `history`: the budget's history. */
  readonly source: 'period' | 'earlier_period' | 'history';
  /** "Augusti 2024", "Juni 2024", "Utfall tom augusti 2023" */
  readonly label: string;
  readonly periodId: string | null;
}

/** One line of an indicator: the total, a kön, a part (förvaltning/enhet), or a part's kön. */
export interface IndicatorRow {
  readonly key: 'total' | 'kvinnor' | 'man';
  readonly partId: string | null;
  /** "Totalt", "Kvinnor", "Män", "IAF", "IAF – Kvinnor" */
  readonly label: string;
  /** This period, combined across the units by the aggregation rule. */
  readonly value: number | null;
  /** Formatted value, "I.U." or "–". */
  readonly valueText: string;
  /** Every unit that answered reported I.U. (and none reported a value). */
  readonly noOutcome: boolean;
  /** Share indicators: the summed counts the value is computed from. */
  readonly numerator: number | null;
  readonly denominator: number | null;
  /** Units whose values went into `value`. */
  readonly contributingUnits: readonly string[];
  /** The newest value there is: this period, an earlier period this year, or the history. */
  readonly latest: LatestValue | null;
  readonly previousValue: number | null;
  readonly trend: Trend | null;
  /** Aligned with the indicator's `historyLabels`: the value (null = I.U. or not given) and its text ("2 589", "I.U.", ""). */
  readonly history: readonly { readonly value: number | null; readonly text: string }[];
  readonly target: TargetView | null;
  /** For the latest value against the year's target. */
  readonly status: IndicatorStatus;
}

export interface UnitIndicatorValue extends UnitRef {
  readonly noOutcome: boolean;
  readonly value: CellValues;
  readonly numerator: CellValues | null;
  readonly denominator: CellValues | null;
}

export interface CellValues {
  readonly total: number | null;
  readonly kvinnor: number | null;
  readonly man: number | null;
}

export interface IndicatorReport {
  readonly id: string;
  readonly name: string;
  readonly group: string | null;
  readonly unit: string;
  readonly decimals: number;
  readonly better: 'higher' | 'lower' | 'none';
  readonly aggregation: 'sum' | 'share' | 'single' | 'none';
  readonly kon: boolean;
  /** What the part rows are: förvaltningar, enheter, or (aggregation `none`) each reporting unit. */
  readonly partsKind: 'forvaltning' | 'enhet' | 'unit' | null;
  /** Whether units are asked for it this period (`reportMonths`). */
  readonly askedThisPeriod: boolean;
  /** The full years before the report year ("2022", "2023"), per report.yaml `historyYears`. */
  readonly historyLabels: readonly string[];
  /** What a value marked * in the history stands for: "* 2023: utfall tom augusti 2023". */
  readonly historyNotes: readonly string[];
  /** When an outcome not asked this period will come: "Utfall redovisas i bokslutet.", or null. */
  readonly arrivalNote: string | null;
  readonly targetYear: number;
  /** The indicator as a whole: the total row when it has a target, else its rows combined. */
  readonly status: IndicatorStatus;
  /** Whether `status` counts in the proposal: a met/not met from a value of this year. */
  readonly countsInProposal: boolean;
  readonly rows: readonly IndicatorRow[];
  /** Who reported what this period. */
  readonly units: readonly UnitIndicatorValue[];
  /** Units that report it but gave nothing this period (not included, no answer, or empty). */
  readonly missingUnits: readonly UnitRef[];
  /** The total per period of the year up to this one (for the trend chart). */
  readonly series: readonly {
    readonly periodId: string;
    readonly month: number;
    readonly value: number | null;
  }[];
  /** Set when the combined value covers only some of the units: "Utfallet omfattar 1 av 2 enheter (saknas: OSA)." */
  readonly coverageNote: string | null;
  readonly footnotes: readonly string[];
}

export interface AssignmentGroupReport {
  readonly kind: 'kommungemensamt' | 'namndspecifikt' | 'namnduppdrag' | 'internkontroll';
  /** "Kommungemensamma strategiska utvecklingsuppdrag" */
  readonly title: string;
  readonly items: readonly AssignmentReport[];
}

export interface AssignmentReport {
  readonly id: string;
  readonly text: string;
  /** The status all answering units agree on; null when they differ or none answered. */
  readonly status: { readonly id: string; readonly label: string; readonly colour: string | null } | null;
  /** "Pågår", or "AMC: Pågår, Linvux: Genomfört", or "Inget svar". */
  readonly statusText: string;
  /** The comments, attributed when several units answer: "AMC: …; Linvux: …". */
  readonly commentText: string;
  readonly units: readonly (UnitRef & {
    readonly statusId: string | null;
    readonly statusLabel: string | null;
    readonly comment: string;
  })[];
  readonly missingUnits: readonly UnitRef[];
}

export interface EconomyRowReport {
  readonly id: string;
  readonly name: string;
  readonly forvaltning: string | null;
  readonly budgetTkr: number | null;
  /**
   * Summed over the units that report the row; a unit silent this period contributes its latest
   * prognosis of the year (`prognosisSource`); null when the row was never forecast this year.
   */
  readonly prognosisTkr: number | null;
  /** Budget − prognos: an overrun is negative. */
  readonly deviationTkr: number | null;
  /** The previous period's prognosis (carried as `prognosisSource` says), for "Ändring sedan juli". */
  readonly previousPrognosisTkr: number | null;
  readonly previousDeviationTkr: number | null;
  /** Prognos − previous prognos when both are real prognoses (a positive change is a higher cost). */
  readonly changeTkr: number | null;
  /** |avvikelse| above the comment threshold. */
  readonly needsComment: boolean;
  readonly comments: readonly AttributedText[];
  readonly reportingUnits: readonly UnitRef[];
  readonly missingUnits: readonly UnitRef[];
  /** Where `prognosisTkr` comes from: this period, carried from an earlier period of the year, or the budget. */
  readonly prognosisSource: PrognosisSource;
  /** The previous delår's prognosis (the report's "Avvikelse i föregående prognos"), carried as above. */
  readonly previousInterimPrognosisTkr: number | null;
  readonly previousInterimDeviationTkr: number | null;
  /** The year's bokslut for the row (entered by the controller), when there is one. */
  readonly outcomeTkr: number | null;
}

/**
 * `period`: given this period; `carried`: the row's latest prognosis of the same year (a unit was
 * silent this month); `budget`: never forecast this year, counted at budget.
 */
export interface PrognosisSource {
  readonly kind: 'period' | 'carried' | 'budget';
  /** The period the prognosis was given in (the oldest one when several units' were carried); null for `budget`. */
  readonly periodId: string | null;
  /** "prognos augusti", "prognos från juli", "budget (ingen prognos i år)" */
  readonly label: string;
}

export interface PrognosisAccuracy {
  readonly month: number;
  /** "Augusti" */
  readonly label: string;
  readonly periodId: string | null;
  readonly prognosisTkr: number | null;
  readonly outcomeTkr: number | null;
  readonly budgetTkr: number | null;
  /** (prognos − utfall) / budget × 100; its absolute value is the träffsäkerhet. */
  readonly deviationPercent: number | null;
  readonly text: string;
  /** Rows whose prognosis was carried from an earlier month into this one ("Ekonomiskt bistånd (prognos från juli)"). */
  readonly carriedRows: readonly string[];
  /** Rows never forecast by this month, counted at budget. */
  readonly rowsAtBudget: readonly string[];
}

/** The computed indicators' figures, for the indicator rows (goals.yaml `computed`). */
export interface EconomyMeasures {
  /** Avvikelse mot budget, %: (budget − prognos) / budget × 100 for the nämnd total; null without a prognosis. */
  readonly budgetDeviationPercent: number | null;
  /** Träffsäkerhet per `computed: { from: prognosis-accuracy, month }`: signed (prognos − utfall) / budget × 100; the target bounds its absolute value. */
  readonly accuracy: readonly {
    readonly month: number;
    readonly deviationPercent: number | null;
    readonly text: string;
  }[];
}

/** The total of some economy rows: the nämnd's, or a leader's scope. */
export interface EconomySummary {
  readonly budgetTkr: number;
  /** Silent rows carry their latest prognosis of the year; rows never forecast count at budget (see `budgetCountedText`). */
  readonly prognosisTkr: number | null;
  readonly deviationTkr: number | null;
  readonly previousPrognosisTkr: number | null;
  readonly previousDeviationTkr: number | null;
  readonly changeTkr: number | null;
  /** Rows never forecast this year (counted at budget). Rows silent only this month are carried, see `carriedRows`. */
  readonly rowsWithoutPrognosis: readonly string[];
  /** The budget of `rowsWithoutPrognosis`, counted as their prognosis. */
  readonly budgetCountedTkr: number;
  /** "3 rader utan prognos i år räknas med budget: 12 400 tkr av 643 300 tkr", or "". */
  readonly budgetCountedText: string;
  /** Rows without a prognosis this period that carry their latest one: "Ekonomiskt bistånd (prognos från juli)". */
  readonly carriedRows: readonly string[];
  /** "Utan ny prognos i augusti används senaste prognosen: Ekonomiskt bistånd (prognos från juli)", or "". */
  readonly carriedText: string;
  /** Says which rows the change compares when some are left out (like with like), or "". */
  readonly changeNote: string;
  readonly previousInterimPrognosisTkr: number | null;
  readonly previousInterimDeviationTkr: number | null;
}

export interface EconomyReport {
  readonly year: number;
  readonly unit: 'tkr';
  readonly commentThresholdTkr: number;
  readonly previousPeriod: PeriodRef | null;
  readonly rows: readonly EconomyRowReport[];
  readonly total: EconomySummary & {
    /** The budget's own printed total (rows are rounded there), for reference. */
    readonly statedBudgetTkr: number | null;
  };
  /** The previous delår of the year (interim1 for interim2, interim2 for the annual report), or null. */
  readonly previousInterim: PeriodRef | null;
  /** Where the year's outcome comes from: the controller's bokslut, economy.yaml, or none yet. */
  readonly outcomeSource: 'bokslut' | 'config' | null;
  readonly measures: EconomyMeasures;
  /** Units with economy rows that have not given a prognosis for every row. */
  readonly missingUnits: readonly UnitRef[];
  /** Träffsäkerhet i ekonomiprognos: empty until the year has an outcome (the bokslut, or economy.yaml). */
  readonly accuracy: readonly PrognosisAccuracy[];
  readonly accuracyNote: string;
  /** The tables of seeds 001 and 004 (summary, driftsammandrag, resultat, investeringar). */
  readonly tables: EconomyTables;
}

export interface UnitCompleteness extends UnitRef {
  readonly name: string;
  readonly administrationId: string;
  readonly state: SubmissionState;
  /** "Inskickad", "Ändrad efter inskickning", "Utkast", "Inget svar" (SUBMISSION_STATE_LABEL) */
  readonly stateLabel: string;
  readonly included: boolean;
  readonly submittedBy: PersonRef | null;
  readonly submittedAt: string | null;
  readonly lastChangedAt: string | null;
  readonly itemsAnswered: number;
  readonly itemsTotal: number;
}

export interface AnswerRow extends UnitRef {
  /** `goal:<id>`, `economy`, `assignments`, `submission` */
  readonly item: string;
  /** "Hög egenförsörjningsgrad", "Ekonomi", "Uppdrag och internkontroll", "Inskickning" */
  readonly itemTitle: string;
  readonly state: 'draft' | 'complete';
  readonly revision: number;
  /** The revision the unit sent in; null when not sent in. */
  readonly submittedRevision: number | null;
  /** The revision this report used; null when the item is not part of the report. */
  readonly usedRevision: number | null;
  readonly answeredBy: PersonRef;
  readonly answeredAt: string;
  /** A one-line Swedish summary of the payload. */
  readonly summary: string;
}
