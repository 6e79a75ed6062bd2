/**
 * Realistic data models for every card template (Swedish content from the seeds and config/), for
 * the card tests and for looking at the cards in the Adaptive Cards designer.
 */
import type {
  ActionData,
  ActionModel,
  AssignmentsCard,
  CardModels,
  CardName,
  Choice,
  ControllerBokslutCard,
  ControllerCommitteeCard,
  EconomyCard,
  FiguresCard,
  FollowupHeader,
  GoalCard,
  HelpCard,
  IndicatorBlock,
  LeaderChoiceCard,
  LeaderDecideCard,
  LeaderEconomyCard,
  LeaderGoalCard,
  LeaderMissingCard,
  LeaderPrognosisCard,
  LeaderUnitStatus,
  MessageCard,
  NumberInput,
  StartCard,
  SummaryCard,
  WelcomeCard,
} from '../../src/cards/models.js';
import { Verb } from '../../src/cards/verbs.js';
import type { ReportSummaryCard } from '../../src/reporting/card-model.js';

/** A fixture of one card: which template, a short description, and the model. */
export type CardFixture = {
  [N in CardName]: { readonly card: N; readonly label: string; readonly data: CardModels[N] };
}[CardName];

const unitId = 'amc';
const periodId = '2024-08';

function action(title: string, data: ActionData, style?: ActionModel['style']): ActionModel {
  return style ? { title, data, style } : { title, data };
}

const header = (stepText: string): FollowupHeader => ({
  periodLabel: 'Augusti 2024 – delår 2',
  unitLabel: 'Arbetsmarknadscentrum (AMC)',
  deadlineText: 'Sista dag att svara: fredag 6 september',
  stepText,
  line: [stepText, 'AMC', 'augusti 2024'].filter(Boolean).join(' · '),
});

const stepActions = (step: string, rev: number, fields: string[] = []): ActionModel[] => [
  action('Tillbaka', { verb: Verb.back, unitId, periodId, step, rev, fields }),
  action('Spara', { verb: Verb.save, unitId, periodId, step, rev, fields }),
  action('Nästa', { verb: Verb.next, unitId, periodId, step, rev, fields }, 'positive'),
];

const goalStatusChoices: Choice[] = [
  { title: 'Uppfylls', value: 'uppfylls' },
  { title: 'Uppfylls delvis', value: 'uppfylls-delvis' },
  { title: 'Uppfylls ej', value: 'uppfylls-ej' },
  { title: 'Kan ej bedömas', value: 'kan-ej-bedomas' },
];

const assignmentStatusChoices: Choice[] = [
  { title: 'Pågår', value: 'pagar' },
  { title: 'Genomfört', value: 'genomfort' },
  { title: 'Ej påbörjat', value: 'ej-paborjat' },
  { title: 'Ej aktuellt', value: 'ej-aktuellt' },
];

// ── welcome ──────────────────────────────────────────────────────────────────────────────────────

export const welcomeRegistered: WelcomeCard = {
  title: 'Välkommen till Uppföljningsboten',
  intro:
    'Här svarar du på den månatliga uppföljningen av nämndens mål: prognos för helåret, resultat, ' +
    'avvikelser, indikatorer och ekonomi. Du får en påminnelse när en ny period öppnar.',
  units: [{ text: 'Arbetsmarknadscentrum (AMC) – enhetschef' }, { text: 'AMF – ersättare för Karin Holm' }],
  note: '',
  actions: [
    action('Starta uppföljningen', { verb: Verb.start, unitId, periodId }, 'positive'),
    action('Hjälp', { verb: Verb.help }),
  ],
};

export const welcomeUnregistered: WelcomeCard = {
  title: 'Välkommen till Uppföljningsboten',
  intro: 'Här svarar enhetschefer på den månatliga uppföljningen av Arbetsmarknadsnämndens mål.',
  units: [],
  note:
    'Du är inte registrerad som enhetschef eller ersättare för någon enhet. Kontakta ' +
    'Systemförvaltare Uppföljningsboten (uppfoljning@example.se) om du ska svara på uppföljningen.',
  actions: [action('Hjälp', { verb: Verb.help })],
};

// ── help ─────────────────────────────────────────────────────────────────────────────────────────

export const helpCard: HelpCard = {
  title: 'Så fungerar Uppföljningsboten',
  intro:
    'Varje månad svarar du för din enhet: en prognos för helåret per nämndmål, resultat och ' +
    'avvikelser, indikatorernas utfall, ekonomin och uppdragen. Du kan spara utkast och skicka in ' +
    'när allt är klart.',
  commands: [
    { command: 'start', description: 'Öppnar uppföljningen för den aktuella perioden.' },
    { command: 'status', description: 'Visar hur långt du har kommit och vad som saknas.' },
    { command: 'hjälp', description: 'Visar den här hjälpen.' },
  ],
  contact: 'Frågor? Kontakta Systemförvaltare Uppföljningsboten, uppfoljning@example.se.',
  actions: [action('Starta uppföljningen', { verb: Verb.start })],
};

// ── message ──────────────────────────────────────────────────────────────────────────────────────

export const messageLocked: MessageCard = {
  title: 'Perioden är låst',
  text:
    'Uppföljningen för juli 2024 låstes tisdag 6 augusti. Kontakta din controller om något behöver ' +
    'ändras.',
  tone: 'attention',
  facts: [
    { title: 'Period', value: 'Juli 2024' },
    { title: 'Enhet', value: 'Arbetsmarknadscentrum (AMC)' },
    { title: 'Inskickad', value: '5 augusti 14:02 av Anna Lind' },
  ],
  actions: [action('Öppna aktuell period', { verb: Verb.start, unitId })],
};

export const messagePlain: MessageCard = {
  title: 'Sparat',
  text: 'Utkastet är sparat.',
  tone: 'default',
  facts: [],
  actions: [],
};

// ── start ────────────────────────────────────────────────────────────────────────────────────────

const open = (title: string, step: string, progress: StartCard['items'][number]['progress']) => {
  const progressLabel = { 'ej-paborjad': 'Ej påbörjad', utkast: 'Utkast', klar: 'Klar' }[progress];
  return {
    title,
    progressLabel,
    progress,
    action: action('Öppna', { verb: Verb.open, unitId, periodId, step }),
  };
};

export const startWithUnitChoice: StartCard = {
  header: header(''),
  notices: [{ tone: 'warning', text: 'Tre dagar kvar till sista svarsdag.' }],
  statusText: 'Ej inskickad · 1 av 5 klara',
  main: action(
    'Fortsätt där du slutade',
    { verb: Verb.open, unitId, periodId, step: 'goal:hog-egenforsorjningsgrad' },
    'positive',
  ),
  unitChoice: {
    label: 'Enhet',
    value: 'amc',
    choices: [
      { title: 'Arbetsmarknadscentrum (AMC)', value: 'amc' },
      { title: 'AMF', value: 'amf' },
    ],
    action: action('Byt enhet', { verb: Verb.start, periodId }),
  },
  items: [
    open('Professionellt bemötande och hög tillgänglighet', 'goal:professionellt-bemotande', 'klar'),
    open('Hög egenförsörjningsgrad', 'goal:hog-egenforsorjningsgrad', 'utkast'),
    open('Kostnadseffektiva arbetsmarknadsåtgärder', 'goal:kostnadseffektiva-atgarder', 'ej-paborjad'),
    open('Ekonomi – prognos för helåret', 'economy', 'utkast'),
    open('Uppdrag och internkontroll', 'assignments', 'ej-paborjad'),
  ],
  actions: [action('Granska och skicka in', { verb: Verb.open, unitId, periodId, step: 'summary' })],
};

export const startSingleUnit: StartCard = {
  header: { ...header(''), deadlineText: '' },
  notices: [],
  statusText: 'Inskickad 3 september kl. 10:15 av Anna Lind',
  main: action('Visa inskickade svar', { verb: Verb.open, unitId, periodId, step: 'summary' }, 'positive'),
  unitChoice: null,
  items: [
    open('Hög egenförsörjningsgrad', 'goal:hog-egenforsorjningsgrad', 'klar'),
    open('Ekonomi – prognos för helåret', 'economy', 'klar'),
  ],
  actions: [],
};

// ── goal ─────────────────────────────────────────────────────────────────────────────────────────

const noOutcome = (id: string, value: 'true' | 'false' = 'false'): IndicatorBlock['noOutcome'] => ({
  label: 'I.U.',
  id: `ind.${id}.iu`,
  title: 'saknas',
  value,
});

const input = (indicatorId: string, cell: string, label: string, value: string): NumberInput => ({
  id: `ind.${indicatorId}.${cell}`,
  label,
  value,
  placeholder: 't.ex. 3 090',
});

const textField = (id: string, label: string, value: string, error = '') => ({
  id,
  label,
  value,
  placeholder: '',
  error,
});

export const goalCard: GoalCard = {
  header: header('Steg 2 av 6'),
  notices: [
    { tone: 'attention', text: 'Inget sparades. 2 fält behöver rättas – se texten i rött vid fälten:' },
    { tone: 'attention', text: '• Antal avslutade hushåll (män)' },
    { tone: 'attention', text: '• Avvikelser' },
  ],
  goalName: 'Hög egenförsörjningsgrad',
  about: {
    description: 'Antal hushåll i Linköping som uppbär ekonomiskt bistånd ska minska.',
    context: 'Målområde Medborgare · Fler i jobb och egenförsörjning',
    previous:
      'Juli 2024: Uppfylls delvis. Resultat: Samverkan med Arbetsförmedlingen har gett fler avslut ' +
      'till arbete. Avvikelser: Inga avvikelser inom aktiviteterna i verksamhetsplanen.',
  },
  status: {
    id: 'status',
    label: 'Prognos för helåret 2024',
    value: '',
    choices: goalStatusChoices,
    error: '',
  },
  texts: {
    open: true,
    summary: 'Resultat: Fler deltagare har gått vidare till anställning med stöd. Avvikelser: –',
    results: textField(
      'results',
      'Resultat som bidragit till utvecklingen',
      'Fler deltagare har gått vidare till anställning med stöd.',
    ),
    deviations: textField(
      'deviations',
      'Avvikelser i verksamhetsplanens aktiviteter och åtgärder',
      'x'.repeat(2600),
      'Texten är 2 600 tecken lång, men högst 2 000 får plats. Korta den med minst 600 tecken.',
    ),
    activities: textField(
      'activities',
      'Övriga aktiviteter som bidragit till måluppfyllelse (valfritt)',
      'Arbetsmarknadskonferens för förvaltningens chefer.',
    ),
  },
  indicatorsTitle: 'Indikatorer – utfall för augusti',
  indicators: [
    {
      id: 'antal-utbetalningshushall',
      name: 'Antal utbetalningshushåll, utfall per sista månad',
      previousText: 'Juli 2024: 2 160',
      targetText: 'Målvärde 2024: 2 100 (lägre är bättre)',
      hint: '',
      inputs: [input('antal-utbetalningshushall', 'total', 'Utfall (antal)', '2 140')],
      noOutcome: noOutcome('antal-utbetalningshushall'),
      error: '',
    },
    {
      id: 'antal-avslutade-hushall',
      name: 'Antal avslutade hushåll till annan försörjning, ackumulerat utfall',
      previousText: 'Senast: 872 (utfall tom augusti 2023)',
      targetText: 'Målvärde 2024: 900 (högre är bättre)',
      hint: '',
      inputs: [
        input('antal-avslutade-hushall', 'kvinnor', 'Kvinnor', '312'),
        input('antal-avslutade-hushall', 'man', 'Män', '12,5'),
        input('antal-avslutade-hushall', 'total', 'Totalt', ''),
      ],
      noOutcome: noOutcome('antal-avslutade-hushall'),
      error: '12,5 är ett antal och kan inte ha decimaler. Skriv ett heltal, till exempel 3 090.',
    },
    {
      id: 'andel-ej-ateraktualiserade',
      name: 'Andel ej återaktualiserade vuxna personer med försörjningsstöd ett år efter avslutat försörjningsstöd, %',
      previousText: 'Senast: 79 (utfall tom augusti 2023)',
      targetText: 'Målvärde 2024: 80 % (högre är bättre)',
      hint: 'Skriv antal ej återaktualiserade/antal med avslutat försörjningsstöd, t.ex. 45/50.',
      inputs: [input('andel-ej-ateraktualiserade', 'total', 'Utfall', '')],
      noOutcome: noOutcome('andel-ej-ateraktualiserade', 'true'),
      error: '',
    },
  ],
  actions: stepActions('goal:hog-egenforsorjningsgrad', 4, ['status', 'results', 'deviations']),
};

/** A later part of a goal: no status or texts, no notices, no indicators. */
export const goalMinimal: GoalCard = {
  ...goalCard,
  header: header(''),
  notices: [],
  about: null,
  status: null,
  texts: null,
  indicatorsTitle: '',
  indicators: [],
  actions: [action('Spara', { verb: Verb.save, unitId, periodId, step: 'goal:kunskap-och-kompetens' })],
};

const longText = (seed: string, length: number): string => {
  let text = '';
  while (text.length < length) text += `${seed} `;
  return text.slice(0, length);
};

/** The largest goal card we expect: 10 indicators with a kön split, full-length texts, collapsed. */
export const goalMaximal: GoalCard = {
  ...goalCard,
  notices: [
    { tone: 'good', text: 'Sparat 3 september kl. 10:00.' },
    { tone: 'warning', text: 'Någon annan ändrade svaret medan du skrev. Kontrollera värdena.' },
  ],
  about: {
    description: 'Antal hushåll i Linköping som uppbär ekonomiskt bistånd ska minska.',
    context: 'Målområde Medborgare · Fler i jobb och egenförsörjning',
    previous: longText('Juli 2024: Uppfylls delvis. Resultat: fler avslut till arbete och studier.', 2000),
  },
  texts: {
    open: false,
    summary:
      'Resultat: Fler deltagare har gått vidare till anställning med stöd, studier eller… Avvikelser: Rekryteringen…',
    results: textField(
      'results',
      'Resultat som bidragit till utvecklingen',
      longText('Fler deltagare har gått vidare till anställning med stöd, studier eller praktik.', 2000),
    ),
    deviations: textField(
      'deviations',
      'Avvikelser i verksamhetsplanens aktiviteter och åtgärder',
      longText('Rekryteringen av handledare försenades; åtgärdat genom omfördelning inom enheten.', 2000),
    ),
    activities: textField(
      'activities',
      'Övriga aktiviteter som bidragit till måluppfyllelse (valfritt)',
      longText('Arbetsmarknadskonferens och nya verksamhetsuppdrag har bidragit till målet.', 2000),
    ),
  },

  indicators: Array.from({ length: 10 }, (_, i): IndicatorBlock => {
    const id = `vux-gymnasiala-andel-godkanda-${i + 1}`;
    return {
      id,
      name: `Vuxenutbildning, gymnasiala kurser, andel godkända, % (delmått ${i + 1})`,
      previousText: 'Juli 2024: kvinnor 83,5 %, män 77,9 %, totalt 81,7 %',
      targetText: 'Målvärde 2024: 84,0 % (högre är bättre)',
      hint: 'Skriv antal godkända kursbetyg/antal avslutade kurser, t.ex. 45/50.',
      inputs: [
        input(id, 'kvinnor', 'Kvinnor', '1 204/1 442'),
        input(id, 'man', 'Män', '802/1 030'),
        input(id, 'total', 'Totalt', ''),
      ],
      noOutcome: noOutcome(id),
      error: '',
    };
  }),
};

// ── economy ──────────────────────────────────────────────────────────────────────────────────────

export const economyCard: EconomyCard = {
  header: header('Steg 5 av 6'),
  notices: [{ tone: 'good', text: 'Sparat 3 september kl. 10:00.' }],
  intro:
    'Prognos för helåret 2024 i tkr (nettokostnad). Avviker den mer än 500 tkr från budget krävs en kommentar.',
  rows: [
    {
      rowId: 'arbetsmarknadsatgarder',
      name: 'Arbetsmarknadsåtgärder',
      contextText: 'Budget 2024: 113 400 tkr · juli 2024: 114 000 tkr',
      deviationText: 'Avvikelse: −600 tkr (budget − prognos)',
      prognosis: {
        id: 'eco.arbetsmarknadsatgarder.prognosis',
        label: 'Prognos helår (tkr)',
        value: '114 000',
        placeholder: 't.ex. 113 400',
        error: '',
      },
      comment: textField(
        'eco.arbetsmarknadsatgarder.comment',
        'Kommentar (krävs vid avvikelse över 500 tkr)',
        '',
        'Prognosen avviker 600 tkr från budget, mer än 500 tkr: skriv varför och vad som görs.',
      ),
    },
    {
      rowId: 'flyktingmottagande',
      name: 'Flyktingmottagande',
      contextText: 'Budget 2024: 40 800 tkr',
      deviationText: '',
      prognosis: {
        id: 'eco.flyktingmottagande.prognosis',
        label: 'Prognos helår (tkr)',
        value: '40 tkr',
        placeholder: 't.ex. 40 800',
        error: '”40 mkr” är inget tal. Skriv bara talet, till exempel 114 800.',
      },
      comment: textField('eco.flyktingmottagande.comment', 'Kommentar', ''),
    },
  ],
  actions: stepActions('economy', 2),
};

// ── assignments ──────────────────────────────────────────────────────────────────────────────────

const assignment = (itemId: string, text: string, status: string, comment: string) => ({
  itemId,
  text,
  line: `${assignmentStatusChoices.find((c) => c.value === status)?.title ?? 'Ingen status'} – ${text.slice(0, 80)}`,
  status: {
    id: `upd.${itemId}.status`,
    label: 'Status',
    value: status,
    choices: assignmentStatusChoices,
    error: '',
  },
  comment: {
    id: `upd.${itemId}.comment`,
    label: 'Kommentar',
    value: comment,
    placeholder: 'Kort kommentar',
    error: '',
  },
});

export const assignmentsCard: AssignmentsCard = {
  header: header('Steg 6 av 7'),
  notices: [],
  intro: 'Status och en kort kommentar för varje uppdrag och kontrollpunkt som enheten ansvarar för.',
  open: true,
  groups: [
    {
      title: 'Strategiska utvecklingsuppdrag (kommungemensamma)',
      items: [
        assignment(
          'arbetsmarknadsprogram',
          'Samtliga nämnder ska vidta och genomföra åtgärder i enlighet med arbetsmarknadsprogram med handlingsplan.',
          'pagar',
          'Handlingsplanen följs upp i ledningsgruppen varje månad.',
        ),
        assignment(
          '500-arbetsmarknadsplatser',
          'Samtliga nämnder ska i samverkan med kommunstyrelsen och arbetsmarknadsnämnden införa 500 nya ' +
            'arbetsmarknadsplatser inom kommunkoncernen. Bland platserna ska praktik och ökade ' +
            'anställningsmöjligheter för personer med funktionsnedsättning säkerställas.',
          '',
          '',
        ),
      ],
    },
    {
      title: 'Internkontroll',
      items: [
        assignment(
          'ik-attest',
          'Kontroll av att attestordningen följs vid utbetalning av anställningsstöd.',
          'genomfort',
          '',
        ),
      ],
    },
  ],
  actions: stepActions('assignments', 1),
};

/** Every item has a status (kept from last month): one line each and a button to change them. */
export const assignmentsCollapsed: AssignmentsCard = { ...assignmentsCard, open: false };

// ── summary ──────────────────────────────────────────────────────────────────────────────────────

export const summaryWithMissing: SummaryCard = {
  header: header(''),
  notices: [{ tone: 'warning', text: 'Två uppgifter saknas innan du kan skicka in.' }],
  title: 'Granska och skicka in',
  statusText: 'Ej inskickad',
  sections: [
    {
      title: 'Hög egenförsörjningsgrad',
      progressLabel: 'Utkast',
      facts: [
        { title: 'Prognos', value: 'Saknas' },
        { title: 'Resultat', value: 'Fler deltagare har gått vidare till anställning med stöd.' },
        { title: 'Utfall', value: 'Antal utbetalningshushåll: 2 140' },
        { title: 'Utfall', value: 'Andel ej återaktualiserade: I.U.' },
      ],
    },
    {
      title: 'Ekonomi – prognos för helåret',
      progressLabel: 'Klar',
      facts: [{ title: 'Prognos', value: 'Arbetsmarknadsåtgärder: 114 000 tkr, avvikelse −600 tkr' }],
    },
    { title: 'Uppdrag och internkontroll', progressLabel: 'Ej påbörjad', facts: [] },
  ],
  missingTitle: 'Det här saknas innan du kan skicka in:',
  missing: [
    { text: 'Hög egenförsörjningsgrad: prognos för helåret saknas' },
    { text: 'Uppdrag och internkontroll: inte påbörjat' },
  ],
  actions: [
    action('Tillbaka', { verb: Verb.start, unitId, periodId }),
    action('Skicka in', { verb: Verb.submit, unitId, periodId, step: 'summary', rev: 7 }, 'positive'),
  ],
};

/** The receipt after submitting: nothing missing, the way on to the person's next unit. */
export const summaryReceipt: SummaryCard = {
  ...summaryWithMissing,
  notices: [{ tone: 'good', text: 'Tack! Svaren för Arbetsmarknadscentrum (AMC) är inskickade.' }],
  title: 'Inskickat',
  statusText: 'Inskickad 3 september kl. 10:15 av Mats Ekström',
  sections: summaryWithMissing.sections.map((section) => ({ ...section, progressLabel: 'Klar' })),
  missing: [],
  actions: [action('Fortsätt med OSA', { verb: Verb.start, unitId: 'osa', periodId }, 'positive')],
};

/** The receipt of a person's last unit: no buttons. */
export const summaryReceiptLast: SummaryCard = { ...summaryReceipt, actions: [] };

// ── report summary ───────────────────────────────────────────────────────────────────────────────

export const reportSummary: ReportSummaryCard = {
  title: 'Uppföljning Augusti 2024 – delår 2',
  subtitle: 'Arbetsmarknadsnämnden',
  basisText: 'Utkast genererat 10 september 2024 kl. 14:03 från 7 av 9 enheters svar',
  overview: [
    { label: 'Uppfylls', count: '3', colour: 'Good' },
    { label: 'Uppfylls delvis', count: '7', colour: 'Warning' },
    { label: 'Uppfylls ej', count: '1', colour: 'Attention' },
    { label: 'Kan ej bedömas', count: '1', colour: 'Default' },
  ],
  goals: [
    {
      name: 'Hög egenförsörjningsgrad',
      statusLabel: 'Uppfylls delvis',
      colour: 'Warning',
      sourceText: 'Förslag',
      reason: '2 av 3 enheter bedömer uppfylls delvis; 4 av 6 indikatorer med utfall når målvärdet',
    },
    {
      name: 'God ekonomisk styrning',
      statusLabel: 'Uppfylls',
      colour: 'Good',
      sourceText: 'Beslutad av Helena Strand',
      reason: 'Prognosen visar ett överskott mot budget.',
    },
  ],
  economy: [
    { title: 'Prognos helår', value: '649\u00a0950 tkr' },
    { title: 'Avvikelse mot budget', value: '\u22126\u00a0550 tkr' },
  ],
  missingText: 'Har inte skickat in: OSA (inget svar) och UTB stab (utkast)',
  undecidedText: '11 av 12 nämndmål väntar på ledningens beslut',
};

// ── leadership ───────────────────────────────────────────────────────────────────────────────────

const nbsp = (text: string) => text.replace(/(?<=\d) (?=\d{3}\b)/g, '\u00a0').replace(/-(?=\d)/g, '\u2212');

const leaderGoal = (
  name: string,
  goalId: string,
  label: string,
  colour: LeaderPrognosisCard['areas'][number]['goals'][number]['colour'],
  sourceText = 'förslag',
) => ({
  name,
  label,
  colour,
  sourceText,
  action: action('Visa', { verb: Verb.leadershipGoal, periodId, goalId }),
});

export const leaderPrognosis: LeaderPrognosisCard = {
  title: 'Prognos Augusti 2024 – delår 2',
  subtitle: 'Arbetsmarknadsnämnden',
  notices: [],
  completenessText: '7 av 9 enheter har svarat',
  completenessColour: 'Warning',
  areas: [
    {
      name: 'Medborgare',
      goals: [
        leaderGoal(
          'Professionellt bemötande och hög tillgänglighet',
          'professionellt-bemotande',
          'Kan ej bedömas',
          'Default',
        ),
        leaderGoal(
          'Hög egenförsörjningsgrad',
          'hog-egenforsorjningsgrad',
          'Uppfylls delvis',
          'Warning',
          'beslutad av Helena Strand',
        ),
        leaderGoal('Kunskap & kompetens', 'kunskap-och-kompetens', 'Uppfylls delvis', 'Warning'),
        leaderGoal('Trygghet & inflytande', 'trygghet-och-inflytande', 'Kan ej bedömas', 'Default'),
        leaderGoal('Likvärdiga förutsättningar', 'likvardiga-forutsattningar', 'Kan ej bedömas', 'Default'),
      ],
    },
    {
      name: 'Ekonomi',
      goals: [
        leaderGoal('Hög avtalstrohet', 'hog-avtalstrohet', 'Uppfylls ej', 'Attention'),
        leaderGoal(
          'Kostnadseffektiva arbetsmarknadsåtgärder',
          'kostnadseffektiva-arbetsmarknadsatgarder',
          'Uppfylls delvis',
          'Warning',
        ),
        leaderGoal('God ekonomisk styrning', 'god-ekonomisk-styrning', 'Uppfylls', 'Good'),
      ],
    },
    {
      name: 'Verksamhet',
      goals: [
        leaderGoal(
          'Digitaliseringens möjligheter tas tillvara',
          'digitaliseringens-mojligheter',
          'Uppfylls delvis',
          'Warning',
        ),
      ],
    },
    {
      name: 'Medarbetare',
      goals: [
        leaderGoal('Goda arbetsplatser', 'goda-arbetsplatser', 'Uppfylls delvis', 'Warning'),
        leaderGoal(
          'Hållbart chef- och ledarskap',
          'hallbart-chef-och-ledarskap',
          'Uppfylls delvis',
          'Warning',
        ),
        leaderGoal(
          'Nya vägar för kompetensförsörjning',
          'nya-vagar-for-kompetensforsorjning',
          'Uppfylls delvis',
          'Warning',
        ),
      ],
    },
  ],
  statusNote:
    'Förslag = botens sammanvägning av enheternas prognoser och indikatorerna; ledningen beslutar. 1 av 12 nämndmål är beslutade.',
  economyTitle: 'Ekonomi, helårsprognos',
  economy: [
    { title: 'Prognos helår', value: nbsp('649 950 tkr') },
    { title: 'Budget 2024', value: nbsp('643 300 tkr') },
    { title: 'Avvikelse', value: nbsp('-6 650 tkr (underskott)') },
    { title: 'Ändring sedan juli', value: nbsp('-950 tkr (avvikelse i juli -7 600 tkr)') },
    { title: 'Utan prognos', value: 'Utbildningsförvaltningen (räknas med budget)' },
  ],
  actions: [
    action('Ekonomi', { verb: Verb.leadershipEconomy, periodId }),
    action('Vilka saknas', { verb: Verb.leadershipMissing, periodId }),
    action('Hämta rapport', { verb: Verb.leadershipDocument, periodId }),
  ],
};

const leaderUnits: LeaderUnitStatus[] = [
  {
    name: 'AMC',
    label: 'Uppfylls delvis',
    colour: 'Warning',
    detail: 'Anna Lind, 2 september 2024 kl. 09:00',
  },
  {
    name: 'AMF',
    label: 'Uppfylls delvis',
    colour: 'Warning',
    detail: 'Karin Holm, 2 september 2024 kl. 11:00',
  },
  {
    name: 'Integrationsenheten',
    label: 'Kan ej bedömas',
    colour: 'Default',
    detail: 'Leila Nordin, 3 september 2024 kl. 11:00',
  },
  { name: 'IAF stab', label: 'Uppfylls', colour: 'Good', detail: 'Sofia Berg, 4 september 2024 kl. 09:00' },
];

const proposalReasons = [
  '2 av 4 enheter bedömer uppfylls delvis och 1 uppfylls',
  '3 av 6 indikatorer med utfall når målvärdet',
  '1 enhet anger kan ej bedömas (räknas inte som uppfylls ej)',
  '1 indikator saknar utfall (I.U., räknas inte)',
  'sammanvägt 0,58 (enheterna 0,67, indikatorerna 0,50, vikt 50 % / 50 %) → uppfylls delvis',
].map((text) => ({ text }));

export const leaderGoalDetail: LeaderGoalCard = {
  title: 'Hög egenförsörjningsgrad',
  subtitle: 'Augusti 2024 – delår 2 · målområde Medborgare',
  notices: [
    {
      tone: 'good',
      text: 'Bedömningen är sparad: Uppfylls delvis. Den syns nu i prognosen och i rapporten.',
    },
  ],
  description: 'Antal hushåll i Linköping som uppbär ekonomiskt bistånd ska minska.',
  status: { label: 'Uppfylls delvis', colour: 'Warning' },
  statusSource: 'Beslutad av Helena Strand 10 september 2024 kl. 14:03',
  decisionText:
    'Motivering: Antalet hushåll med ekonomiskt bistånd minskar men det långvariga biståndsbehovet ligger kvar över målvärdet.',
  proposal: { label: 'Förslag: Uppfylls delvis', colour: 'Warning' },
  proposalReasons,
  unitsTitle: 'Enheternas prognoser (4)',
  units: leaderUnits,
  indicators: [
    {
      name: 'Antal avslutade hushåll till annan försörjning, ackumulerat utfall',
      label: 'Uppnås ej',
      colour: 'Attention',
      valueText: 'Utfall 860 (Augusti 2024) · målvärde ≥ 900',
      reason: '',
    },
    {
      name: 'Antal hushåll med insats ekonomiskt bistånd, utfall per sista månad',
      label: 'Uppnås',
      colour: 'Good',
      valueText: nbsp('Utfall 2 340 (Augusti 2024) · målvärde ≤ 2 400'),
      reason: '',
    },
    {
      name: 'Antal utbetalningshushåll, utfall per sista månad',
      label: 'Uppnås',
      colour: 'Good',
      valueText: nbsp('Utfall 2 030 (Augusti 2024) · målvärde ≤ 2 100'),
      reason: '',
    },
    {
      name: 'Antal barn i hushåll med långvarigt ekonomiskt biståndsbehov, utfall per sista månad (källa Lifecare)',
      label: 'I.U.',
      colour: 'Default',
      valueText: nbsp('Utfall 720 (Augusti 2024) · målvärde ≤ 1 360'),
      reason:
        'Summan omfattar 2 av 3 enheter – bedöms när alla har rapporterat. Utfallet omfattar 2 av 3 enheter (saknas: AMC).',
    },
    {
      name: 'Andel av befolkningen som under året haft behov av ekonomiskt bistånd, %',
      label: 'I.U.',
      colour: 'Default',
      valueText: 'Utfall 4,50 % (Utfall tom augusti 2023) · målvärde ≤ 4,3 %',
      reason:
        'Inget utfall i år. Senaste utfallet: 4,50 (Utfall tom augusti 2023) når inte målvärdet ≤ 4,30 (lägre är bättre).',
    },
  ],
  results: [
    { text: 'Arena Arbetsmarknad är breddinfört. (AMC, AMF)' },
    { text: 'Till och med delår 2 har 18 jobbspår genomförts och 14 är pågående. (AMC)' },
    { text: 'Färre hushåll återaktualiseras. (AMF, IAF stab)' },
  ],
  deviations: [
    {
      text: 'Inga avvikelser inom aktiviteterna i verksamhetsplanen (AMC, AMF, Integrationsenheten, IAF stab)',
    },
  ],
  scopeNote: '',
  actions: [
    action(
      'Bedöm',
      { verb: Verb.leadershipDecide, periodId, goalId: 'hog-egenforsorjningsgrad' },
      'positive',
    ),
    action('Tillbaka till prognosen', { verb: Verb.leadershipPrognosis, periodId }),
  ],
};

/** A leader scoped to UTB, a goal without a decision, units, results or indicators to show. */
export const leaderGoalMinimal: LeaderGoalCard = {
  ...leaderGoalDetail,
  notices: [],
  status: { label: 'Kan ej bedömas', colour: 'Default' },
  statusSource: 'Förslag – ledningen har inte bedömt målet ännu',
  decisionText: '',
  proposalReasons: [],
  unitsTitle: 'Enheternas prognoser (0)',
  units: [],
  indicators: [],
  results: [],
  deviations: [],
  scopeNote:
    'Du ser enheterna inom Utbildningsförvaltningen. Indikatorerna, förslaget och beslutet gäller hela nämnden.',
  actions: [action('Tillbaka till prognosen', { verb: Verb.leadershipPrognosis, periodId })],
};

export const leaderEconomy: LeaderEconomyCard = {
  title: 'Ekonomi Augusti 2024 – delår 2',
  subtitle:
    'Helårsprognos per verksamhet i tkr. Avvikelse = budget − prognos, så ett underskott är negativt. Ändring jämfört med prognosen i juli.',
  notices: [],
  rows: [
    {
      name: 'Nämnd- och styrelseverksamhet',
      deviationText: 'Avvikelse 50',
      colour: 'Good',
      detail: nbsp('Prognos 1 750 · Budget 1 800 · Ändring sedan juli -50'),
      comment: '',
    },
    {
      name: 'Ekonomiskt bistånd',
      deviationText: nbsp('Avvikelse -7 500'),
      colour: 'Attention',
      detail: nbsp('Prognos 330 500 · Budget 323 000 · Ändring sedan juli -1 500'),
      comment: 'IAF stab: Fler hushåll med långvarigt bistånd och höjd riksnorm.',
    },
    {
      name: 'Flyktingmottagande',
      deviationText: nbsp('Avvikelse -1 500'),
      colour: 'Attention',
      detail: nbsp('Prognos 42 300 · Budget 40 800'),
      comment: 'Integrationsenheten: Lägre schablonersättning än budgeterat.',
    },
    {
      name: 'Arbetsmarknadsåtgärder',
      deviationText: nbsp('Avvikelse 2 400'),
      colour: 'Good',
      detail: nbsp('Prognos 111 000 · Budget 113 400 · Ändring sedan juli -1 000'),
      comment: 'AMC: Statlig finansiering av ungdomssatsningen.',
    },
    {
      name: 'Utbildningsförvaltningen',
      deviationText: 'Ingen prognos',
      colour: 'Default',
      detail: nbsp('Ingen prognos · Budget 4 900'),
      comment: '',
    },
  ],
  total: {
    name: 'Summa AN',
    deviationText: nbsp('Avvikelse -6 650'),
    colour: 'Attention',
    detail: nbsp('Prognos 649 950 · Budget 643 300 · Ändring sedan juli -950'),
    comment: '',
  },
  missingText:
    'Har inte lämnat prognos: UTB stab (Peter Lund). Rader utan prognos räknas med sin budget i summan: Utbildningsförvaltningen.',
  actions: [
    action('Tillbaka till prognosen', { verb: Verb.leadershipPrognosis, periodId }),
    action('Vilka saknas', { verb: Verb.leadershipMissing, periodId }),
  ],
};

export const leaderMissing: LeaderMissingCard = {
  title: 'Svar som saknas – Augusti 2024 – delår 2',
  subtitle: 'Sista svarsdag var fredag 6 september. Perioden låses fredag 13 september.',
  notices: [{ tone: 'good', text: 'Påminnelse skickad till 2 personer.' }],
  completenessText: '7 av 9 enheter har svarat',
  missingTitle: 'Har inte skickat in (2)',
  missing: [
    { name: 'OSA · IAF', people: 'Chef: Mats Ekström', state: 'Inte påbörjad', colour: 'Attention' },
    {
      name: 'UTB stab (vux) (UTB stab) · UTB',
      people: 'Chef: Peter Lund',
      state: 'Utkast, 9 uppgifter saknas',
      colour: 'Warning',
    },
  ],
  changedTitle: 'Ändrade efter inskickningen – ska skicka in igen (1); de inskickade svaren används så länge',
  changed: [
    {
      name: 'Linvux · UTB',
      people: 'Chef: Johan Dahl',
      state: 'Ändrad, inte inskickad igen',
      colour: 'Warning',
    },
  ],
  actions: [
    action('Påminn dem nu', { verb: Verb.leadershipNudge, periodId }, 'positive'),
    action('Tillbaka till prognosen', { verb: Verb.leadershipPrognosis, periodId }),
  ],
};

export const leaderMissingNone: LeaderMissingCard = {
  ...leaderMissing,
  notices: [{ tone: 'good', text: 'Alla enheter har skickat in sina svar.' }],
  completenessText: '9 av 9 enheter har svarat',
  missingTitle: '',
  missing: [],
  changedTitle: '',
  changed: [],
  actions: [action('Tillbaka till prognosen', { verb: Verb.leadershipPrognosis, periodId })],
};

export const leaderDecide: LeaderDecideCard = {
  title: 'Bedöm: Hög egenförsörjningsgrad',
  subtitle: 'Augusti 2024 – delår 2 · nämndens samlade bedömning (prognos för helåret)',
  notices: [
    { tone: 'attention', text: 'Inget sparades. Rätta följande och spara igen:' },
    { tone: 'attention', text: '• Skriv en motivering: vad bedömningen baseras på.' },
  ],
  proposal: { label: 'Förslag: Uppfylls delvis', colour: 'Warning' },
  proposalReasons,
  unitsTitle: 'Enheternas prognoser (4)',
  units: leaderUnits,
  currentText: 'Inget beslut ännu – förslaget gäller tills ledningen beslutar.',
  status: {
    id: 'decisionStatus',
    label: 'Nämndens bedömning',
    value: 'uppfylls-delvis',
    choices: goalStatusChoices,
  },
  motivation: {
    id: 'motivation',
    label: 'Motivering (krävs, högst 2\u00a0000 tecken)',
    value: '',
    placeholder: 'Vad bedömningen baseras på: indikatorerna, enheternas prognoser, aktiviteterna …',
  },
  actions: [
    action(
      'Spara bedömning',
      { verb: Verb.leadershipDecideSave, periodId, goalId: 'hog-egenforsorjningsgrad', rev: 0 },
      'positive',
    ),
    action('Avbryt', { verb: Verb.leadershipGoal, periodId, goalId: 'hog-egenforsorjningsgrad' }),
  ],
};

const choose = (name: string, goalId: string) => ({
  action: action(name, { verb: Verb.leadershipGoal, periodId, goalId }),
});

export const leaderChoiceAmbiguous: LeaderChoiceCard = {
  title: 'Vilket nämndmål menar du?',
  text: '"hog" passar 2 nämndmål. Välj ett:',
  notices: [],
  groups: [
    {
      title: '',
      options: [
        choose('Hög egenförsörjningsgrad', 'hog-egenforsorjningsgrad'),
        choose('Hög avtalstrohet', 'hog-avtalstrohet'),
      ],
    },
  ],
  actions: [action('Tillbaka till prognosen', { verb: Verb.leadershipPrognosis, periodId })],
};

export const leaderChoiceAll: LeaderChoiceCard = {
  title: 'Nämndmålen',
  text: 'Augusti 2024 – delår 2. Välj ett nämndmål:',
  notices: [{ tone: 'warning', text: 'Jag hittade inget nämndmål som passar "fotboll".' }],
  groups: leaderPrognosis.areas.map((area) => ({
    title: area.name,
    options: area.goals.map((g) => choose(g.name, g.action.data.goalId ?? '')),
  })),
  actions: [action('Tillbaka till prognosen', { verb: Verb.leadershipPrognosis, periodId })],
};

// ── all ──────────────────────────────────────────────────────────────────────────────────────────

export const controllerCommittee: ControllerCommitteeCard = {
  title: 'Nämndens värden – augusti 2024 – delår 2',
  subtitle:
    'Nämndövergripande indikatorer som controllern rapporterar en gång för hela nämnden, med nämndens målvärde. Sista dag att svara: fredag 6 september; perioden låses fredag 13 september.',
  notices: [
    { tone: 'attention', text: 'Inget sparades. Rätta följande och spara igen:' },
    {
      tone: 'attention',
      text: '• Antal utbetalningshushåll: totalt (2 400) stämmer inte med kvinnor + män (2 380).',
    },
  ],
  goals: [
    {
      name: 'Hög egenförsörjningsgrad',
      indicators: [
        {
          id: 'antal-utbetalningshushall',
          name: 'Antal utbetalningshushåll',
          previousText: 'Förra perioden (Juli 2024 – månadsuppföljning): 2 380',
          targetText: 'Målvärde 2024: 2 400 (lägre är bättre)',
          hint: '',
          inputs: [
            input('antal-utbetalningshushall', 'total', 'Totalt (antal)', '2 400'),
            input('antal-utbetalningshushall', 'kvinnor', 'Kvinnor (antal)', '1 190'),
            input('antal-utbetalningshushall', 'man', 'Män (antal)', '1 190'),
          ],
          noOutcome: noOutcome('antal-utbetalningshushall'),
          error: '',
        },
        {
          id: 'antal-barn-ekonomiskt-bistand',
          name: 'Antal barn i hushåll med ekonomiskt bistånd',
          previousText: 'Senaste utfall: 2 589 (2022)',
          targetText: 'Målvärde 2024: ska minska',
          hint: '',
          inputs: [input('antal-barn-ekonomiskt-bistand', 'total', 'Utfall (antal)', '')],
          noOutcome: noOutcome('antal-barn-ekonomiskt-bistand', 'true'),
          error: '',
        },
      ],
    },
  ],
  figuresHeading: 'Volymer och personal per 31 augusti 2024 (ur Lifecare, HR och andra system)',
  figures: [
    {
      id: 'total-sjukfranvaro',
      name: 'Total sjukfrånvaro',
      previousText: 'Förra delåret (mars 2024): 7,1',
      inputs: [
        {
          id: 'fig.total-sjukfranvaro.value',
          label: 'Totalt per 31 augusti 2024 (%)',
          value: '6,8',
          placeholder: 't.ex. 6,4 eller I.U.',
        },
        {
          id: 'fig.total-sjukfranvaro.part.IAF',
          label: 'IAF (%)',
          value: '7,0',
          placeholder: 't.ex. 6,4 eller I.U.',
        },
      ],
      error: '',
    },
  ],
  texts: [
    {
      id: 'txt.internalControl',
      label: 'Internkontroll: sammanfattning av uppföljningen',
      value: '',
      maxLength: 3000,
    },
  ],
  actions: [action('Spara', { verb: Verb.controllerCommitteeSave, periodId, rev: 2 }, 'positive')],
};

export const figuresCard: FiguresCard = {
  header: economyCard.header,
  notices: [],
  intro:
    'Volymmåtten till delårsrapporten: utfallet per 31 augusti 2024 och prognosen för helåret. Skriv I.U. om utfall saknas.',
  measures: [
    {
      id: 'deltagare-arena-arbetsmarknad',
      name: 'Antal deltagare inskrivna på arbetsmarknadsinsats inom ramen för Arena arbetsmarknad',
      previousText: '',
      inputs: [
        {
          id: 'fig.deltagare-arena-arbetsmarknad.value',
          label: 'Utfall per 31 augusti 2024',
          value: '452',
          placeholder: 't.ex. 3 090 eller I.U.',
        },
        {
          id: 'fig.deltagare-arena-arbetsmarknad.prognosis',
          label: 'Prognos helår 2024',
          value: '',
          placeholder: 't.ex. 3 090 eller I.U.',
        },
      ],
      error: '',
    },
  ],
  comment: {
    id: 'fig.comment',
    label: 'Kommentar till volymutvecklingen (valfri)',
    value: '',
    maxLength: 2000,
    error: '',
  },
  actions: stepActions('figures', 3),
};

export const controllerBokslut: ControllerBokslutCard = {
  title: 'Bokslut 2024',
  subtitle:
    'Utfall per rad i driftsammandraget, nettokostnad i hela tkr. Bokslutet ger träffsäkerheten i augusti- och oktoberprognoserna och ersätter utfallen i economy.yaml för 2024.',
  notices: [{ tone: 'good', text: 'Bokslutet för 2024 är sparat: 647 800 tkr.' }],
  rows: [
    {
      id: 'bok.namnd-och-styrelseverksamhet',
      label: 'Nämnd- och styrelseverksamhet (tkr)',
      value: '1 750',
      placeholder: 't.ex. 1 800',
      budgetText: 'Budget 2024: 1 800 tkr',
    },
    {
      id: 'bok.ekonomiskt-bistand',
      label: 'Ekonomiskt bistånd (tkr)',
      value: '327 500',
      placeholder: 't.ex. 323 000',
      budgetText: 'Budget 2024: 323 000 tkr',
    },
  ],
  storedText:
    'Sparat bokslut: 647 800 tkr (budget 643 300 tkr), version 1, av David Ek 10 januari 2025 kl. 09:12.',
  actions: [action('Spara bokslut', { verb: Verb.controllerBokslutSave, year: 2024, rev: 1 }, 'positive')],
};

export const cardFixtures: readonly CardFixture[] = [
  { card: 'welcome', label: 'registered', data: welcomeRegistered },
  { card: 'welcome', label: 'unregistered', data: welcomeUnregistered },
  { card: 'help', label: 'help', data: helpCard },
  { card: 'message', label: 'locked period', data: messageLocked },
  { card: 'message', label: 'plain', data: messagePlain },
  { card: 'start', label: 'with unit choice', data: startWithUnitChoice },
  { card: 'start', label: 'single unit', data: startSingleUnit },
  { card: 'goal', label: 'Hög egenförsörjningsgrad', data: goalCard },
  { card: 'goal', label: 'minimal', data: goalMinimal },
  { card: 'goal', label: 'maximal', data: goalMaximal },
  { card: 'economy', label: 'two rows', data: economyCard },
  { card: 'assignments', label: 'two groups', data: assignmentsCard },
  { card: 'assignments', label: 'kept from last month', data: assignmentsCollapsed },
  { card: 'figures', label: 'one measure', data: figuresCard },
  { card: 'summary', label: 'with missing', data: summaryWithMissing },
  { card: 'summary', label: 'receipt', data: summaryReceipt },
  { card: 'summary', label: 'receipt of the last unit', data: summaryReceiptLast },
  { card: 'report-summary', label: 'August', data: reportSummary },
  { card: 'leader-prognosis', label: 'August, whole committee', data: leaderPrognosis },
  { card: 'leader-goal', label: 'decided, with indicators', data: leaderGoalDetail },
  { card: 'leader-goal', label: 'scoped, nothing to list', data: leaderGoalMinimal },
  { card: 'leader-economy', label: 'August', data: leaderEconomy },
  { card: 'leader-missing', label: 'after a nudge', data: leaderMissing },
  { card: 'leader-missing', label: 'everyone answered', data: leaderMissingNone },
  { card: 'leader-decide', label: 'refused without motivation', data: leaderDecide },
  { card: 'leader-choice', label: 'ambiguous', data: leaderChoiceAmbiguous },
  { card: 'leader-choice', label: 'all goals', data: leaderChoiceAll },
  { card: 'controller-committee', label: 'refused with typed values', data: controllerCommittee },
  { card: 'controller-bokslut', label: 'saved', data: controllerBokslut },
];
