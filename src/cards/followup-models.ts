/**
 * The data models of the follow-up's card templates (start, goal, economy, uppdrag, summary).
 * Builders fill them with ready-made Swedish text; the templates only place it. A field's `error`
 * is the message shown right under it after a refused submit ("" when none); the card's notices
 * carry the summary at the top.
 */
import type { ActionModel, Choice, Notice } from './models.js';

/** Shared header of the follow-up cards. */
export interface FollowupHeader {
  /** "Augusti 2024 – delår 2" */
  readonly periodLabel: string;
  /** "Arbetsmarknadscentrum (AMC)" */
  readonly unitLabel: string;
  /** "Sista dag att svara: fredag 6 september" */
  readonly deadlineText: string;
  /** "Steg 2 av 6" or "" */
  readonly stepText: string;
  /** One line for step cards, where the person is: "Steg 2 av 6 · AMC · augusti 2024". */
  readonly line: string;
}

export type ProgressState = 'ej-paborjad' | 'utkast' | 'klar';

/** `cards/start.json`: the period, the unit, the main button, then the progress per item. */
export interface StartCard {
  readonly header: FollowupHeader;
  readonly notices: readonly Notice[];
  /** "Ej inskickad · 2 av 5 klara", "Inskickad 3 september kl. 10:15 av Anna Lind" */
  readonly statusText: string;
  /** "Börja", "Fortsätt där du slutade" or "Granska och skicka in": before the item list. */
  readonly main: ActionModel;
  /** Present when the person answers for several units: a choice and a "Byt enhet" button. */
  readonly unitChoice: {
    readonly label: string;
    readonly value: string;
    readonly choices: readonly Choice[];
    readonly action: ActionModel;
  } | null;
  readonly items: readonly {
    readonly title: string;
    /** "Ej påbörjad" / "Utkast" / "Klar" */
    readonly progressLabel: string;
    readonly progress: ProgressState;
    readonly action: ActionModel;
  }[];
  /** Buttons after the list, e.g. "Granska och skicka in". */
  readonly actions: readonly ActionModel[];
}

/** One number field, e.g. an indicator's "Kvinnor" or the economy's prognosis. */
export interface NumberInput {
  /** Input id, unique on the card, e.g. `ind.antal-utbetalningshushall.total`. */
  readonly id: string;
  readonly label: string;
  /** The current draft value, formatted Swedish ("3 090"), or "". */
  readonly value: string;
  /** Says how to write it: "t.ex. 3 090", "t.ex. 45/50". */
  readonly placeholder: string;
}

/** An indicator as one compact row: its fields side by side and the I.U. box. */
export interface IndicatorBlock {
  readonly id: string;
  readonly name: string;
  /** "Juli 2024: 66,7 %" or "Senast: 2 160 (utfall tom augusti 2023)" */
  readonly previousText: string;
  /** "Mål 2024: minst 70 %" */
  readonly targetText: string;
  /** How to write the value, e.g. for a share "Skriv antal nöjda/antal svarande, t.ex. 45/50."; or "". */
  readonly hint: string;
  readonly inputs: readonly NumberInput[];
  /** The I.U. toggle: id `ind.<id>.iu`, value "true"/"false". */
  readonly noOutcome: {
    readonly id: string;
    readonly label: string;
    readonly title: string;
    readonly value: 'true' | 'false';
  };
  /** What is wrong with the row's fields after a refused submit, or "". */
  readonly error: string;
}

export interface TextField {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly placeholder: string;
  readonly error: string;
}

export interface ChoiceField {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly choices: readonly Choice[];
  readonly error: string;
}

/** `cards/goal.json`: one nämndmål step (or one part of it, when its indicators fill two screens). */
export interface GoalCard {
  readonly header: FollowupHeader;
  readonly notices: readonly Notice[];
  readonly goalName: string;
  /** Behind "Om målet": the goal's description, its målområde and last period's answer; null on later parts. */
  readonly about: {
    readonly description: string;
    readonly context: string;
    readonly previous: string;
  } | null;
  /** Null on a later part of the goal, which holds only indicators. */
  readonly status: ChoiceField | null;
  /**
   * Results and deviations. `open`: shown as fields (empty or refused); otherwise a short summary
   * and a button that shows the fields.
   */
  readonly texts: {
    readonly open: boolean;
    readonly summary: string;
    readonly results: TextField;
    readonly deviations: TextField;
    readonly activities: TextField;
  } | null;
  /** "Indikatorer: augustis utfall, eller I.U. om det saknas" or "" when the part has none. */
  readonly indicatorsTitle: string;
  readonly indicators: readonly IndicatorBlock[];
  /** Side by side at the bottom: Tillbaka, Spara, Nästa. */
  readonly actions: readonly ActionModel[];
}

/** `cards/economy.json`: the unit's full-year prognosis per budget row. */
export interface EconomyCard {
  readonly header: FollowupHeader;
  readonly notices: readonly Notice[];
  readonly intro: string;
  readonly rows: readonly {
    readonly rowId: string;
    readonly name: string;
    /** "Budget 2024: 113 400 tkr · juli: 114 000 tkr" */
    readonly contextText: string;
    /** "Avvikelse: −600 tkr (budget − prognos)" or "" when no prognosis yet */
    readonly deviationText: string;
    readonly prognosis: NumberInput & { readonly error: string };
    readonly comment: TextField;
  }[];
  readonly actions: readonly ActionModel[];
}

/** `cards/assignments.json`: status and comment per strategiskt uppdrag / internkontrollpunkt. */
export interface AssignmentsCard {
  readonly header: FollowupHeader;
  readonly notices: readonly Notice[];
  readonly intro: string;
  /**
   * `open`: every item's fields are shown. Otherwise (every item has a status, nothing refused)
   * one line per item and a button that shows the fields.
   */
  readonly open: boolean;
  readonly groups: readonly {
    /** "Strategiska utvecklingsuppdrag (kommungemensamma)" */
    readonly title: string;
    readonly items: readonly {
      readonly itemId: string;
      readonly text: string;
      /** "Pågår – Samtliga nämnder ska …" */
      readonly line: string;
      readonly status: ChoiceField;
      readonly comment: TextField;
    }[];
  }[];
  readonly actions: readonly ActionModel[];
}

/** `cards/summary.json`: everything entered, what is missing, and "Skicka in". Also the receipt. */
export interface SummaryCard {
  readonly header: FollowupHeader;
  readonly notices: readonly Notice[];
  /** "Granska och skicka in" or, as a receipt, "Inskickat" */
  readonly title: string;
  readonly statusText: string;
  /** One line per item; its answers are behind "Visa svaren". */
  readonly sections: readonly {
    readonly title: string;
    /** "Klar" / "Utkast" / "Ej påbörjad" */
    readonly progressLabel: string;
    readonly facts: readonly { readonly title: string; readonly value: string }[];
  }[];
  /** "Det här saknas innan du kan skicka in:" */
  readonly missingTitle: string;
  /** Lines like "Hög egenförsörjningsgrad: prognos saknas". Empty when complete. */
  readonly missing: readonly { readonly text: string }[];
  /** Side by side at the bottom; on a receipt only the way on to the person's next unit, if any. */
  readonly actions: readonly ActionModel[];
}

/** One volume or personnel measure on a card: its inputs (value, parts, prognosis). */
export interface FigureBlock {
  readonly id: string;
  readonly name: string;
  /** "Förra delåret (mars 2024): 3 090", or "". */
  readonly previousText: string;
  readonly inputs: readonly NumberInput[];
  /** What is wrong with the measure's fields after a refused submit, or "". */
  readonly error: string;
}

/** `cards/figures.json`: a unit's volume figures in a delår or helår, in parts of about one screen. */
export interface FiguresCard {
  readonly header: FollowupHeader;
  readonly notices: readonly Notice[];
  /** What is asked; on the step's first card only, else "". */
  readonly intro: string;
  readonly measures: readonly FigureBlock[];
  /** The comment, on the card that holds it (the last), else null. */
  readonly comment: {
    readonly id: string;
    readonly label: string;
    readonly value: string;
    readonly maxLength: number;
    readonly error: string;
  } | null;
  readonly actions: readonly ActionModel[];
}
