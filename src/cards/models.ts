/**
 * The data model of every card template in `cards/`. Builders fill these with ready-made Swedish
 * text (numbers and dates already formatted), so templates only place things; they never compute.
 *
 * Every action's `data` is an `ActionData`: the verb again (so an `Action.Submit` fallback carries
 * it too) and the ids the server needs. The server never trusts those ids: it checks them against
 * the Teams user who pressed the button.
 */
import type { CardColour, ReportSummaryCard } from '../reporting/card-model.js';
import type {
  AssignmentsCard,
  EconomyCard,
  FigureBlock,
  FiguresCard,
  GoalCard,
  IndicatorBlock,
  NumberInput,
  StartCard,
  SummaryCard,
} from './followup-models.js';
import type { VerbName } from './verbs.js';

export type * from './followup-models.js';

export interface ActionData {
  readonly verb: VerbName;
  readonly unitId?: string;
  readonly periodId?: string;
  /** Step id: `goal:<id>`, `economy`, `assignments`, `summary`. */
  readonly step?: string;
  /** The revision of the answer the card was built from (stale-card detection). */
  readonly rev?: number;
  /** Leadership cards: the nämndmål a button is about. */
  readonly goalId?: string;
  /** The controller's bokslut card: the year. */
  readonly year?: number;
  /** The input ids on the card, so a field left empty is saved as empty (clients omit empty inputs). */
  readonly fields?: readonly string[];
}

/** A button. `style` is Adaptive Cards' action style. */
export interface ActionModel {
  readonly title: string;
  readonly data: ActionData;
  readonly style?: 'positive' | 'destructive' | 'default';
}

/** A choice of an Input.ChoiceSet. */
export interface Choice {
  readonly title: string;
  readonly value: string;
}

/** Shown on top of a card after a refused submit or as a notice; `tone` maps to a text colour. */
export interface Notice {
  readonly tone: 'good' | 'attention' | 'warning' | 'default';
  readonly text: string;
}

/** `cards/welcome.json`: greeting on install and to unregistered users. */
export interface WelcomeCard {
  readonly title: string;
  readonly intro: string;
  /** Lines like "Arbetsmarknadscentrum (AMC) – enhetschef". Empty when not registered. */
  readonly units: readonly { readonly text: string }[];
  /** E.g. the unregistered notice with whom to contact; "" when none. */
  readonly note: string;
  readonly actions: readonly ActionModel[];
}

/** `cards/help.json` */
export interface HelpCard {
  readonly title: string;
  readonly intro: string;
  readonly commands: readonly { readonly command: string; readonly description: string }[];
  readonly contact: string;
  readonly actions: readonly ActionModel[];
}

/** `cards/message.json`: a short notice with optional buttons (locked period, conflict, errors). */
export interface MessageCard {
  readonly title: string;
  readonly text: string;
  readonly tone: Notice['tone'];
  readonly facts: readonly { readonly title: string; readonly value: string }[];
  readonly actions: readonly ActionModel[];
}

// ── leadership ───────────────────────────────────────────────────────────────────────────────────

/** A status as leadership reads it: "Uppfylls delvis" in its colour. */
export interface LeaderStatusLine {
  readonly label: string;
  readonly colour: CardColour;
}

/** A unit's own forecast for a nämndmål: "AMC" – "Uppfylls delvis" – "Anna Lind, 2 september". */
export interface LeaderUnitStatus extends LeaderStatusLine {
  readonly name: string;
  readonly detail: string;
}

/** `cards/leader-prognosis.json`: the period at a glance for leadership. */
export interface LeaderPrognosisCard {
  /** "Prognos Augusti 2024 – delår 2" */
  readonly title: string;
  /** "Arbetsmarknadsnämnden", or "… · ditt ansvarsområde: Utbildningsförvaltningen" */
  readonly subtitle: string;
  readonly notices: readonly Notice[];
  /** "7 av 9 enheter har svarat" */
  readonly completenessText: string;
  readonly completenessColour: CardColour;
  readonly areas: readonly {
    /** "Medborgare" */
    readonly name: string;
    readonly goals: readonly (LeaderStatusLine & {
      readonly name: string;
      /** "Förslag" or "Beslutad av Helena Strand" */
      readonly sourceText: string;
      readonly action: ActionModel;
    })[];
  }[];
  /** "Status: ledningens beslut där det finns, annars förslag (ej beslutat)." */
  readonly statusNote: string;
  /** "Ekonomi (tkr)" */
  readonly economyTitle: string;
  readonly economy: readonly { readonly title: string; readonly value: string }[];
  readonly actions: readonly ActionModel[];
}

/** `cards/leader-goal.json`: one nämndmål in detail. */
export interface LeaderGoalCard {
  readonly title: string;
  /** "Augusti 2024 – delår 2 · Målområde Medborgare" */
  readonly subtitle: string;
  readonly notices: readonly Notice[];
  readonly description: string;
  /** The effective status (decision, else proposal). */
  readonly status: LeaderStatusLine;
  /** "Beslutad av Helena Strand 10 september 2024 kl. 14:03" or "Förslag – ledningen har inte bedömt målet" */
  readonly statusSource: string;
  /** The decision's motivation, or "". */
  readonly decisionText: string;
  /** "Förslag: Uppfylls delvis" */
  readonly proposal: LeaderStatusLine;
  readonly proposalReasons: readonly { readonly text: string }[];
  /** "Enheternas prognoser (4)" */
  readonly unitsTitle: string;
  readonly units: readonly LeaderUnitStatus[];
  readonly indicators: readonly (LeaderStatusLine & {
    readonly name: string;
    /** "Utfall 2 030 (Augusti 2024) · Målvärde ≤ 2 100" */
    readonly valueText: string;
    /** "2 030 når målvärdet ≤ 2 100 (lägre är bättre)." */
    readonly reason: string;
  })[];
  readonly results: readonly { readonly text: string }[];
  readonly deviations: readonly { readonly text: string }[];
  /** What a scoped leader does not see, or "". */
  readonly scopeNote: string;
  readonly actions: readonly ActionModel[];
}

/** `cards/leader-economy.json`: prognosis per verksamhet row. */
export interface LeaderEconomyCard {
  readonly title: string;
  /** "Helårsprognos per verksamhet i tkr. Avvikelse = budget − prognos; ett underskott är negativt." */
  readonly subtitle: string;
  readonly notices: readonly Notice[];
  readonly rows: readonly LeaderEconomyRow[];
  readonly total: LeaderEconomyRow;
  /** "Har inte lämnat prognos: UTB stab (Peter Lund)", or "". */
  readonly missingText: string;
  readonly actions: readonly ActionModel[];
}

export interface LeaderEconomyRow {
  readonly name: string;
  /** "Avvikelse −7 500" */
  readonly deviationText: string;
  readonly colour: CardColour;
  /** "Prognos 330 500 · Budget 323 000 · Ändring sedan juli −1 500" */
  readonly detail: string;
  /** The units' comments, or "". */
  readonly comment: string;
}

/** `cards/leader-missing.json`: the units that have not sent in, and "Påminn dem nu". */
export interface LeaderMissingCard {
  readonly title: string;
  /** "Sista svarsdag var fredag 6 september; perioden låses fredag 13 september." */
  readonly subtitle: string;
  readonly notices: readonly Notice[];
  /** "7 av 9 enheter har svarat" */
  readonly completenessText: string;
  /** "Har inte skickat in (2)" or "" when none. */
  readonly missingTitle: string;
  readonly missing: readonly LeaderMissingUnit[];
  /** "Ändrade efter inskickningen – ska skicka in igen (1)" or "" when none. */
  readonly changedTitle: string;
  readonly changed: readonly LeaderMissingUnit[];
  readonly actions: readonly ActionModel[];
}

export interface LeaderMissingUnit {
  /** "OSA (IAF)" */
  readonly name: string;
  /** "Chef: Mats Ekström" */
  readonly people: string;
  /** "Utkast – 3 uppgifter saknas", "Inte påbörjad" */
  readonly state: string;
  readonly colour: CardColour;
}

/** `cards/leader-decide.json`: the committee-level status and motivation for one nämndmål. */
export interface LeaderDecideCard {
  /** "Bedöm: Hög egenförsörjningsgrad" */
  readonly title: string;
  readonly subtitle: string;
  readonly notices: readonly Notice[];
  readonly proposal: LeaderStatusLine;
  readonly proposalReasons: readonly { readonly text: string }[];
  readonly unitsTitle: string;
  readonly units: readonly LeaderUnitStatus[];
  /** "Nuvarande beslut: Uppfylls delvis (Helena Strand, 10 september 2024 kl. 14:03)" or "Inget beslut ännu." */
  readonly currentText: string;
  readonly status: {
    readonly id: 'decisionStatus';
    readonly label: string;
    readonly value: string;
    readonly choices: readonly Choice[];
  };
  readonly motivation: {
    readonly id: 'motivation';
    readonly label: string;
    readonly value: string;
    readonly placeholder: string;
  };
  readonly actions: readonly ActionModel[];
}

/** `cards/leader-choice.json`: pick a nämndmål (ambiguous words, or the list of goals). */
export interface LeaderChoiceCard {
  readonly title: string;
  readonly text: string;
  readonly notices: readonly Notice[];
  readonly groups: readonly {
    /** A målområde, or "" for an ungrouped list. */
    readonly title: string;
    readonly options: readonly { readonly action: ActionModel }[];
  }[];
  readonly actions: readonly ActionModel[];
}

/** `cards/controller-committee.json`: the controller's committee-wide indicators of the open period. */
export interface ControllerCommitteeCard {
  /** "Nämndens värden – augusti 2024 – delår 2" */
  readonly title: string;
  /** Who answers these and until when. */
  readonly subtitle: string;
  readonly notices: readonly Notice[];
  /** Per nämndmål, in goals.yaml order. */
  readonly goals: readonly { readonly name: string; readonly indicators: readonly IndicatorBlock[] }[];
  /** "Volymer och personal per 31 augusti 2024 …", or "" when none are asked this period. */
  readonly figuresHeading: string;
  readonly figures: readonly FigureBlock[];
  /** The texts under Volymutveckling, Personal and Internkontroll (delår and helår only). */
  readonly texts: readonly {
    readonly id: string;
    readonly label: string;
    readonly value: string;
    readonly maxLength: number;
  }[];
  readonly actions: readonly ActionModel[];
}

/** `cards/controller-bokslut.json`: the year's bokslut per driftsammandrag row, in tkr. */
export interface ControllerBokslutCard {
  /** "Bokslut 2024" */
  readonly title: string;
  readonly subtitle: string;
  readonly notices: readonly Notice[];
  /** One input per row of economy.yaml (`bok.<rad-id>`), with the row's budget beside it. */
  readonly rows: readonly (NumberInput & { readonly budgetText: string })[];
  /** "Sparat bokslut: 650 800 tkr (budget 643 300 tkr), version 2 av David Ek 10 januari 2025 kl. 09:12", or "". */
  readonly storedText: string;
  readonly actions: readonly ActionModel[];
}

export interface CardModels {
  readonly welcome: WelcomeCard;
  readonly help: HelpCard;
  readonly message: MessageCard;
  readonly start: StartCard;
  readonly goal: GoalCard;
  readonly economy: EconomyCard;
  readonly assignments: AssignmentsCard;
  readonly figures: FiguresCard;
  readonly summary: SummaryCard;
  /** `cards/report-summary.json`: the period's status per nämndmål, economy and completeness. */
  readonly 'report-summary': ReportSummaryCard;
  readonly 'leader-prognosis': LeaderPrognosisCard;
  readonly 'leader-goal': LeaderGoalCard;
  readonly 'leader-economy': LeaderEconomyCard;
  readonly 'leader-missing': LeaderMissingCard;
  readonly 'leader-decide': LeaderDecideCard;
  readonly 'leader-choice': LeaderChoiceCard;
  readonly 'controller-committee': ControllerCommitteeCard;
  readonly 'controller-bokslut': ControllerBokslutCard;
}

export type CardName = keyof CardModels;
