/**
 * The monthly follow-up as a unit manager lives it: open the period, answer step by step, send
 * in. Knows nothing of Teams: the bot hands it who pressed what, and renders the card it returns.
 *
 * Every action is checked here: the verb, that the person may answer for the unit (card data is
 * never trusted), that the period is open, that the card is not stale, and every value.
 */

import type { CardModels, CardName, Notice } from '../cards/models.js';
import { allVerbs, Verb } from '../cards/verbs.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import type { Clock } from '../shared/clock.js';
import { lowerFirst } from '../shared/text.js';
import { type Identity, identify, mayAnswerFor, unitLabel } from './access.js';
import {
  type AnswerPayload,
  type AssignmentsAnswer,
  commentsMissing,
  type EconomyAnswer,
  type GoalAnswer,
  type ItemAnswer,
  indicatorsFor,
  isStepOf,
  itemStepsFor,
  parseAssignmentsInput,
  parseEconomyInput,
  parseGoalInput,
  type StepId,
  type SubmissionAnswer,
  stepsFor,
} from './answers.js';
import { type FiguresAnswer, figuresAsked, parseFiguresInput } from './figures.js';
import { figuresCard, figuresCardValues, figuresFacts } from './figures-views.js';
import { missingInItem } from './missing.js';
import { findPeriod, formatSwedishDate, type Period, periodAt, previousPeriod } from './periods.js';
import type { Actor, AnswerKey, AnswerStore, AuditLog, ItemKey, StoredAnswer } from './ports.js';
import {
  assignmentFacts,
  assignmentsCard,
  assignmentValues,
  economyCard,
  economyFacts,
  economyValues,
  formatTime,
  goalCard,
  goalFacts,
  goalValues,
  type ItemProgress,
  type StepContext,
  startCard,
  stepTitle,
  summaryCard,
} from './views.js';

/** A card to show, by template name and model. */
export type Reply = { [N in CardName]: { readonly card: N; readonly model: CardModels[N] } }[CardName];

export interface FollowupDeps {
  readonly config: CommitteeConfig;
  readonly answers: AnswerStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** Who acts, as Teams tells us; the rest comes from the configuration. */
export interface Caller {
  readonly aadObjectId: string;
  readonly teamsName: string;
}

type OpenPeriod = { period: Period; late: boolean };

function message(
  title: string,
  text: string,
  tone: Notice['tone'] = 'default',
  facts: { title: string; value: string }[] = [],
): Reply {
  return { card: 'message', model: { title, text, tone, facts, actions: [] } };
}

/** Enough for every unit × item of a large committee's previous period. */
const LOCKED_CACHE_MAX = 10_000;

export class FollowupService {
  private readonly lockedAnswers = new Map<string, StoredAnswer<ItemAnswer> | null>();

  constructor(private readonly deps: FollowupDeps) {}

  private get config(): CommitteeConfig {
    return this.deps.config;
  }

  identify(caller: Caller): Identity {
    return identify(this.config, caller.aadObjectId, caller.teamsName);
  }

  /** The period open for answers now, or null between windows. */
  openPeriod(): OpenPeriod | null {
    const now = periodAt(this.config.periods, this.deps.clock.now());
    return now ? { period: now.period, late: now.phase === 'late' } : null;
  }

  private contactText(): string {
    const c = this.config.organisation.contact;
    return `${c.name} (${c.email})`;
  }

  /** For someone not in the organisation: who to contact. Nothing about them is stored. */
  notRegistered(): Reply {
    return message(
      'Du finns inte med i uppföljningen',
      `Du är inte registrerad som chef eller ersättare för någon enhet. Kontakta ${this.contactText()} om du ska svara på uppföljningen.`,
      'warning',
    );
  }

  private noOpenPeriod(): Reply {
    const now = this.deps.clock.now().toISOString();
    const next = this.config.periods.find((p) => p.opensAt > now);
    return message(
      'Ingen uppföljning är öppen just nu',
      next
        ? `Nästa uppföljning (${next.label}) öppnar ${formatSwedishDate(next.opensDate)}. Du får ett meddelande när den öppnar.`
        : 'Det finns ingen kommande period i kalendern. Kontakta systemförvaltaren.',
      'default',
    );
  }

  /** The greeting on install: what the bot does, and for which units the person answers. */
  /** The first card a person gets, shaped by who they are: a manager, leadership, or neither. */
  welcome(caller: Caller): Reply {
    const identity = this.identify(caller);
    const committee = this.config.goals.committee.name;
    const first = identity.name.trim().split(/\s+/)[0] ?? '';
    // Install activities can carry no name: "Hej!" rather than "Hej !".
    const title = first ? `Hej ${first}!` : 'Hej!';
    const units = identity.units;
    if (units.length > 0) {
      const what = units.length === 1 && units[0] ? unitLabel(units[0].unit) : 'dina enheter';
      return {
        card: 'welcome',
        model: {
          title,
          intro: `Jag är Uppföljningsboten för ${committee}. Varje månad ber jag dig följa upp nämndmålen för ${what}: prognos för helåret, resultat, avvikelser, indikatorernas utfall och ekonomin. Jag påminner dig när det närmar sig sista svarsdag.`,
          units: units.map((u) => ({
            text: `${unitLabel(u.unit)} – ${u.role === 'manager' ? 'enhetschef' : 'ersättare'}`,
          })),
          note: `Du svarar för ${units.length === 1 ? 'enheten' : 'enheterna'} ovan. Skriv ”rapportera” eller tryck på knappen för att börja.`,
          actions: [
            { title: 'Starta uppföljningen', data: { verb: Verb.start }, style: 'positive' },
            { title: 'Hjälp', data: { verb: Verb.help } },
          ],
        },
      };
    }
    if (identity.leader) {
      const role = identity.leader.title;
      const now = this.deps.clock.now().toISOString();
      const latest = this.config.periods.filter((p) => p.opensAt <= now).at(-1);
      return {
        card: 'welcome',
        model: {
          title,
          intro: `Jag är Uppföljningsboten för ${committee}. Fråga mig om nämndens prognos för målen, ekonomin och vilka enheter som inte har svarat, eller be om delårsrapporten.`,
          units: [],
          note: `Du är registrerad som ${lowerFirst(role)}. Skriv till exempel ”prognos”, ”ekonomi” eller ”vilka saknas”.`,
          actions: latest
            ? [
                {
                  title: 'Visa prognosen',
                  data: { verb: Verb.leadershipPrognosis, periodId: latest.id },
                  style: 'positive',
                },
              ]
            : [],
        },
      };
    }
    return {
      card: 'welcome',
      model: {
        title,
        intro: `Jag är Uppföljningsboten för ${committee}. Du är inte registrerad som chef, ersättare eller ledning i uppföljningen.`,
        units: [],
        note: `Kontakta ${this.contactText()} om du ska vara med.`,
        actions: [],
      },
    };
  }

  help(notice?: string): Reply {
    return {
      card: 'help',
      model: {
        title: 'Så här använder du Uppföljningsboten',
        intro: notice
          ? `${notice} Här är det jag kan hjälpa till med.`
          : 'Skriv ett av orden nedan, eller använd knapparna på korten.',
        commands: [
          {
            command: 'rapportera',
            description: 'Öppna månadens uppföljning för din enhet (även "uppföljning" eller "starta").',
          },
          { command: 'status', description: 'Se hur långt du har kommit i den öppna perioden.' },
          { command: 'hjälp', description: 'Visa den här hjälpen.' },
        ],
        contact: `Frågor om uppföljningen: ${this.contactText()}.`,
        actions: [{ title: 'Starta uppföljningen', data: { verb: Verb.start }, style: 'positive' }],
      },
    };
  }

  /** The start card for one of the person's units (the first if none or an unknown one is asked for). */
  async start(caller: Caller, unitId?: string, notices: Notice[] = []): Promise<Reply> {
    const identity = this.identify(caller);
    if (identity.units.length === 0) return this.notRegistered();
    const open = this.openPeriod();
    if (!open) return this.noOpenPeriod();
    const access = identity.units.find((u) => u.unit.id === unitId) ?? identity.units[0];
    if (!access) return this.notRegistered();
    return this.startFor(identity, access.unit, open, notices);
  }

  private async startFor(
    identity: Identity,
    unit: Unit,
    open: OpenPeriod,
    notices: Notice[],
  ): Promise<Reply> {
    const state = await this.unitState(unit, open.period);
    const allNotices = [...notices];
    if (open.late && !state.submittedCurrent) {
      allNotices.push({
        tone: 'warning',
        text: `Sista svarsdag var ${formatSwedishDate(open.period.deadlineDate)}. Svara så snart du kan – perioden låses ${formatSwedishDate(open.period.locksDate)}.`,
      });
    }
    return {
      card: 'start',
      model: startCard(
        identity,
        unit,
        open.period,
        open.late,
        state.items,
        state.statusText,
        state.submittedCurrent,
        allNotices,
      ),
    };
  }

  /**
   * Handles a card action from anyone. `data` is the action's data merged with the card's
   * inputs, exactly as the client sent it: nothing in it is trusted.
   */
  async act(
    caller: Caller,
    data: Readonly<Record<string, unknown>>,
    activityId: string | null,
  ): Promise<Reply> {
    const identity = this.identify(caller);
    const verb = typeof data.verb === 'string' ? data.verb : '';
    if (!allVerbs.has(verb)) {
      return message(
        'Okänd knapp',
        'Kortet skickade en åtgärd som boten inte känner igen. Skriv "rapportera" för att börja om.',
        'warning',
      );
    }
    if (verb === Verb.help) return this.help();
    const actor: Actor = { aadObjectId: identity.aadObjectId, name: identity.name };
    if (identity.units.length === 0) {
      await this.auditRefusal(
        actor,
        typeof data.unitId === 'string' ? data.unitId : '',
        verb,
        'not-registered',
      );
      return this.notRegistered();
    }

    if (verb === Verb.start) {
      // "Byt enhet" sends the choice as the input `unitChoice`; other buttons name the unit.
      const chosen = data.unitChoice ?? data.unitId;
      const unitId = typeof chosen === 'string' && chosen !== '' ? chosen : undefined;
      if (unitId !== undefined && !mayAnswerFor(identity, unitId)) return this.refuse(actor, unitId, 'start');
      return this.start(caller, unitId);
    }

    const unitId = typeof data.unitId === 'string' ? data.unitId : '';
    if (!mayAnswerFor(identity, unitId)) return this.refuse(actor, unitId, verb);
    const unit = this.config.unitsById.get(unitId);
    if (!unit) return this.refuse(actor, unitId, verb);

    const periodId = typeof data.periodId === 'string' ? data.periodId : '';
    const period = findPeriod(this.config.periods, periodId);
    const open = this.openPeriod();
    if (!period || !open || open.period.id !== period.id) {
      const now = this.deps.clock.now().toISOString();
      if (period && now > period.locksAt) {
        return message(
          `${period.label} är låst`,
          `Svaren för ${period.label.toLowerCase()} låstes ${formatSwedishDate(period.locksDate)} och kan inte ändras i boten. Kontakta ${this.contactText()} om något behöver rättas.`,
          'warning',
        );
      }
      if (!open) return this.noOpenPeriod();
      return this.start(caller, unit.id, [
        { tone: 'warning', text: 'Kortet gällde en annan period. Här är den som är öppen nu.' },
      ]);
    }

    if (verb === Verb.edit) return this.startFor(identity, unit, open, []);
    if (verb === Verb.submit) return this.submit(actor, unit, open, data, activityId);

    const step = typeof data.step === 'string' ? data.step : '';
    if (!isStepOf(unit, open.period, step)) {
      return this.startFor(identity, unit, open, [
        { tone: 'warning', text: 'Steget finns inte för enheten. Välj ett steg nedan.' },
      ]);
    }
    if (verb === Verb.open) return this.showStep(unit, open, step, []);
    if (step === 'summary') return this.showStep(unit, open, 'summary', []);
    return this.saveStep(identity, actor, unit, open, step, verb, data, activityId);
  }

  private async auditRefusal(actor: Actor, unitId: string, verb: string, reason: string): Promise<void> {
    await this.deps.audit.append({
      committeeId: this.config.goals.committee.id,
      at: this.deps.clock.now().toISOString(),
      actor,
      action: 'answer.refused',
      outcome: 'refused',
      details: { reason, unitId: unitId.slice(0, 100), verb },
    });
  }

  private async refuse(actor: Actor, unitId: string, action: string): Promise<Reply> {
    await this.auditRefusal(actor, unitId, action, 'not-authorised');
    return message(
      'Du kan inte svara för den enheten',
      `Du är inte chef eller ersättare för enheten i kortet, så inget sparades. Kontakta ${this.contactText()} om det är fel.`,
      'attention',
    );
  }

  private key(unit: Unit, period: Period, item: ItemKey): AnswerKey {
    return { committeeId: this.config.goals.committee.id, periodId: period.id, unitId: unit.id, item };
  }

  private async get<P extends AnswerPayload>(
    unit: Unit,
    period: Period,
    item: ItemKey,
  ): Promise<StoredAnswer<P> | null> {
    return this.deps.answers.get<P>(this.key(unit, period, item));
  }

  private async previous<P extends ItemAnswer>(unit: Unit, period: Period, item: ItemKey) {
    const prev = previousPeriod(this.config.periods, period.id);
    if (!prev) return null;
    // A locked period's answers no longer change, and every goal card shows the previous one:
    // read each once per process.
    const locked = this.deps.clock.now().toISOString() > prev.locksAt;
    const key = `${unit.id}|${prev.id}|${item}`;
    let stored = locked ? this.lockedAnswers.get(key) : undefined;
    if (stored === undefined) {
      stored = await this.get<ItemAnswer>(unit, prev, item);
      if (locked && this.lockedAnswers.size < LOCKED_CACHE_MAX) this.lockedAnswers.set(key, stored);
    }
    return stored ? { period: prev, answer: stored.payload as P } : null;
  }

  private stepContext(
    unit: Unit,
    open: OpenPeriod,
    step: StepId,
    rev: number,
    notices: Notice[],
  ): StepContext {
    return { config: this.config, unit, period: open.period, late: open.late, step, rev, notices };
  }

  /** Shows a step with its stored draft, or prefilled from the previous period when there is none. */
  private async showStep(
    unit: Unit,
    open: OpenPeriod,
    step: StepId,
    notices: Notice[],
    values?: Record<string, string>,
    revOverride?: number,
    /** The version this turn has just saved: shown as is, not read back. */
    saved?: StoredAnswer<ItemAnswer>,
  ): Promise<Reply> {
    const { period } = open;
    if (step === 'summary' || step === 'submission') return this.summary(unit, open, notices, 'review');
    const stored = saved ?? (await this.get<ItemAnswer>(unit, period, step));
    const rev = revOverride ?? stored?.revision ?? 0;
    const prefillNotice = (label: string): Notice => ({
      tone: 'default',
      text: `Förifyllt från ${label.toLowerCase()}. Uppdatera det som har ändrats.`,
    });
    if (step === 'economy') {
      const previous = await this.previous<EconomyAnswer>(unit, period, step);
      const current = (stored?.payload as EconomyAnswer | undefined) ?? null;
      const source = current ?? previous?.answer ?? null;
      const extra = !current && previous ? [prefillNotice(previous.period.label)] : [];
      return {
        card: 'economy',
        model: economyCard(
          this.stepContext(unit, open, step, rev, [...notices, ...extra]),
          values ?? economyValues(source),
          current,
          previous,
        ),
      };
    }
    if (step === 'figures') {
      const current = (stored?.payload as FiguresAnswer | undefined) ?? null;
      return {
        card: 'figures',
        model: figuresCard(
          this.stepContext(unit, open, step, rev, notices),
          values ?? figuresCardValues(this.config, unit, period, current),
        ),
      };
    }
    if (step === 'assignments') {
      const previous = await this.previous<AssignmentsAnswer>(unit, period, step);
      const current = (stored?.payload as AssignmentsAnswer | undefined) ?? null;
      const extra = !current && previous ? [prefillNotice(previous.period.label)] : [];
      return {
        card: 'assignments',
        model: assignmentsCard(
          this.stepContext(unit, open, step, rev, [...notices, ...extra]),
          values ?? assignmentValues(current ?? previous?.answer ?? null),
        ),
      };
    }
    const goalId = step.slice('goal:'.length);
    const indicators = indicatorsFor(this.config, unit, goalId, period);
    const previous = await this.previous<GoalAnswer>(unit, period, step);
    const current = (stored?.payload as GoalAnswer | undefined) ?? null;
    let initial = values;
    const extra: Notice[] = [];
    if (!initial) {
      if (current) initial = goalValues(indicators, current);
      else if (previous) {
        // Texts and the status carry over; outcomes are new every period.
        initial = goalValues([], previous.answer);
        extra.push(prefillNotice(previous.period.label));
      } else initial = {};
    }
    return {
      card: 'goal',
      model: goalCard(
        this.stepContext(unit, open, step, rev, [...notices, ...extra]),
        goalId,
        indicators,
        initial,
        previous,
      ),
    };
  }

  private async saveStep(
    identity: Identity,
    actor: Actor,
    unit: Unit,
    open: OpenPeriod,
    step: ItemKey,
    verb: string,
    data: Readonly<Record<string, unknown>>,
    activityId: string | null,
  ): Promise<Reply> {
    const { period } = open;
    const rev =
      typeof data.rev === 'number' && Number.isInteger(data.rev) && data.rev >= 0 ? data.rev : Number.NaN;
    const submittedValues = Object.fromEntries(
      Object.entries(data)
        .filter(
          ([k, v]) => !['verb', 'unitId', 'periodId', 'step', 'rev'].includes(k) && typeof v === 'string',
        )
        .map(([k, v]) => [k, v as string]),
    );
    if (Number.isNaN(rev)) {
      return this.showStep(unit, open, step, [
        {
          tone: 'attention',
          text: 'Kortet saknar versionsuppgift. Här är steget på nytt – fyll i och spara igen.',
        },
      ]);
    }

    const parsed = this.parseStep(unit, period, step, data);
    if (parsed.errors.length > 0) {
      // Nothing is stored: the card comes back with what the person typed and what to fix.
      return this.showStep(
        unit,
        open,
        step,
        [
          { tone: 'attention', text: 'Inget sparades. Rätta följande och försök igen:' },
          ...parsed.errors.map((e) => ({ tone: 'attention' as const, text: `• ${e}` })),
        ],
        submittedValues,
        rev,
      );
    }
    const missing = this.missing(unit, period, step, parsed.value);
    const result = await this.deps.answers.save<ItemAnswer>({
      ...this.key(unit, period, step),
      expectedRevision: rev,
      state: missing.length === 0 ? 'complete' : 'draft',
      payload: parsed.value,
      answeredBy: actor,
      answeredAt: this.deps.clock.now().toISOString(),
      activityId,
    });
    if (result.kind === 'conflict') {
      const who = result.current
        ? `${result.current.answeredBy.name} sparade steget ${formatTime(result.current.answeredAt, this.config.calendar.timeZone)}`
        : 'Steget ändrades';
      // The person's input stays on the card; saving again is an explicit choice to overwrite.
      return this.showStep(
        unit,
        open,
        step,
        [
          {
            tone: 'attention',
            text: `${who} efter att du öppnade kortet, så dina ändringar är inte sparade. Det du skrev finns kvar nedan: tryck Spara utkast igen för att ersätta den sparade versionen, eller öppna steget på nytt från startkortet för att se den.`,
          },
        ],
        submittedValues,
        result.current?.revision ?? 0,
      );
    }
    if (result.kind === 'saved') {
      await this.deps.audit.append({
        committeeId: this.config.goals.committee.id,
        at: result.answer.answeredAt,
        actor,
        action: 'answer.saved',
        outcome: 'ok',
        details: {
          unitId: unit.id,
          periodId: period.id,
          item: step,
          revision: result.answer.revision,
          state: result.answer.state,
        },
      });
    }
    const time = formatTime(
      result.kind === 'saved' ? result.answer.answeredAt : this.deps.clock.now().toISOString(),
      this.config.calendar.timeZone,
    );
    const saved: Notice = {
      tone: 'good',
      text: missing.length === 0 ? `Sparat ${time}.` : `Sparat som utkast ${time}.`,
    };
    const steps = stepsFor(unit, period);
    const index = steps.indexOf(step);
    if (verb === Verb.save) {
      const stillMissing: Notice[] =
        missing.length === 0
          ? []
          : [
              { tone: 'warning', text: 'Det här saknas innan du kan skicka in:' },
              ...missing.map((m) => ({ tone: 'warning' as const, text: `• ${m}` })),
            ];
      const version = result.kind === 'saved' ? result.answer : undefined;
      return this.showStep(unit, open, step, [saved, ...stillMissing], undefined, undefined, version);
    }
    if (verb === Verb.back) {
      const previousStep = steps[index - 1];
      return previousStep
        ? this.showStep(unit, open, previousStep, [saved])
        : this.startFor(identity, unit, open, [saved]);
    }
    // A required comment is asked for here, not first at the summary.
    const comments =
      step === 'economy'
        ? commentsMissing(this.config, unit, period.year, parsed.value as EconomyAnswer)
        : [];
    if (comments.length > 0) {
      return this.showStep(unit, open, step, [
        saved,
        { tone: 'attention', text: 'Skriv en kommentar innan du går vidare:' },
        ...comments.map((m) => ({ tone: 'attention' as const, text: `• ${m}` })),
      ]);
    }
    const nextStep = steps[index + 1] ?? 'summary';
    return this.showStep(unit, open, nextStep, [saved]);
  }

  private parseStep(unit: Unit, period: Period, step: ItemKey, data: Readonly<Record<string, unknown>>) {
    if (step === 'economy') return parseEconomyInput(unit, data);
    if (step === 'assignments') return parseAssignmentsInput(this.config, unit, data);
    if (step === 'figures') return parseFiguresInput(figuresAsked(this.config, unit.id, period), data);
    const goalId = step.slice('goal:'.length);
    return parseGoalInput(this.config, goalId, indicatorsFor(this.config, unit, goalId, period), data);
  }

  private missing(unit: Unit, period: Period, step: ItemKey, answer: ItemAnswer | null): string[] {
    return missingInItem(this.config, unit, period, step, answer);
  }

  /** Everything about a unit's answers in a period, read in one go. */
  private async unitState(unit: Unit, period: Period) {
    const stored = await this.deps.answers.listPeriod<AnswerPayload>(
      this.config.goals.committee.id,
      period.id,
    );
    const mine = new Map(stored.filter((a) => a.unitId === unit.id).map((a) => [a.item, a]));
    const submission = mine.get('submission') as StoredAnswer<SubmissionAnswer> | undefined;
    const items: ItemProgress[] = [];
    const missing: string[] = [];
    for (const step of itemStepsFor(unit, period)) {
      const answer = (mine.get(step)?.payload as ItemAnswer | undefined) ?? null;
      const itemMissing = this.missing(unit, period, step, answer);
      missing.push(...itemMissing);
      const goalId = step.startsWith('goal:') ? step.slice('goal:'.length) : '';
      items.push({
        step,
        title: stepTitle(this.config, step),
        progress: !answer ? 'ej-paborjad' : itemMissing.length === 0 ? 'klar' : 'utkast',
        facts:
          step === 'economy'
            ? economyFacts(this.config, period.year, answer as EconomyAnswer | null)
            : step === 'assignments'
              ? assignmentFacts(this.config, answer as AssignmentsAnswer | null)
              : step === 'figures'
                ? figuresFacts(this.config, unit, period, answer as FiguresAnswer | null)
                : goalFacts(
                    this.config,
                    indicatorsFor(this.config, unit, goalId, period),
                    answer as GoalAnswer | null,
                  ),
      });
    }
    const submittedCurrent =
      submission !== undefined &&
      itemStepsFor(unit, period).every(
        (s) => (mine.get(s)?.revision ?? 0) === (submission.payload.itemRevisions[s] ?? 0),
      );
    const tz = this.config.calendar.timeZone;
    const statusText = !submission
      ? 'Ej inskickad'
      : submittedCurrent
        ? `Inskickad ${formatTime(submission.answeredAt, tz)} av ${submission.answeredBy.name}`
        : `Ändrad efter inskickningen ${formatTime(submission.answeredAt, tz)} – skicka in igen`;
    return {
      items,
      missing,
      submission,
      submittedCurrent,
      statusText,
      revisions: new Map([...mine].map(([k, v]) => [k, v.revision])),
    };
  }

  private async summary(
    unit: Unit,
    open: OpenPeriod,
    notices: Notice[],
    mode: 'review' | 'receipt',
  ): Promise<Reply> {
    const state = await this.unitState(unit, open.period);
    return {
      card: 'summary',
      model: summaryCard(
        unit,
        open.period,
        open.late,
        state.items,
        state.missing,
        state.statusText,
        state.submission?.revision ?? 0,
        mode,
        notices,
      ),
    };
  }

  private async submit(
    actor: Actor,
    unit: Unit,
    open: OpenPeriod,
    data: Readonly<Record<string, unknown>>,
    activityId: string | null,
  ): Promise<Reply> {
    const { period } = open;
    const state = await this.unitState(unit, period);
    if (state.missing.length > 0) {
      return this.summary(
        unit,
        open,
        [
          {
            tone: 'attention',
            text: 'Inget skickades in: svaren är inte kompletta. Se vad som saknas nedan.',
          },
        ],
        'review',
      );
    }
    const rev = typeof data.rev === 'number' && Number.isInteger(data.rev) ? data.rev : -1;
    const itemRevisions = Object.fromEntries(
      itemStepsFor(unit, period).map((s) => [s, state.revisions.get(s) ?? 0]),
    );
    const result = await this.deps.answers.save<SubmissionAnswer>({
      ...this.key(unit, period, 'submission'),
      expectedRevision: rev,
      state: 'complete',
      payload: { kind: 'submission', itemRevisions },
      answeredBy: actor,
      answeredAt: this.deps.clock.now().toISOString(),
      activityId,
    });
    if (result.kind === 'conflict') {
      return this.summary(
        unit,
        open,
        [
          {
            tone: 'attention',
            text: 'Svaren ändrades eller skickades in av någon annan medan kortet var öppet. Granska dem och skicka in igen.',
          },
        ],
        'review',
      );
    }
    if (result.kind === 'saved') {
      await this.deps.audit.append({
        committeeId: this.config.goals.committee.id,
        at: result.answer.answeredAt,
        actor,
        action: 'followup.submitted',
        outcome: 'ok',
        details: { unitId: unit.id, periodId: period.id, revision: result.answer.revision },
      });
    }
    const receipt = await this.summary(
      unit,
      open,
      [
        {
          tone: 'good',
          text: `Tack! Svaren för ${unitLabel(unit)} är inskickade. Du kan ändra dem till och med ${formatSwedishDate(period.locksDate)} genom att skriva "rapportera".`,
        },
      ],
      'receipt',
    );
    return receipt;
  }
}
