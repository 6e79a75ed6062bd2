/**
 * The monthly follow-up as a unit manager lives it: open the period, answer step by step, send
 * in. Knows nothing of Teams: the bot hands it who pressed what, and renders the card it returns.
 *
 * Every action is checked here: the verb, that the person may answer for the unit (card data is
 * never trusted), that the period is open, that the card is not stale, and every value.
 */

import { findPeriod, type Period, periodAt } from '../calendar/periods.js';
import type { CardModels, CardName, Notice } from '../cards/models.js';
import { allVerbs, Verb } from '../cards/verbs.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import { cardRevision } from '../shared/card-revision.js';
import type { Clock } from '../shared/clock.js';
import { submissionState, submissionStatusText } from '../shared/submission-state.js';
import { formatSwedishDate, swedishDateTime } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import { type Identity, identify, mayAnswerFor, unitLabel } from './access.js';
import {
  type AnswerPayload,
  type ItemAnswer,
  isStepOf,
  itemStepsFor,
  type SubmissionAnswer,
} from './answers.js';
import type { FollowupApi } from './api.js';
import { type ItemProgress, startCard, summaryCard } from './overview-views.js';
import type { Actor, AnswerStore, AuditLog, SaveResult, StoredAnswer } from './ports.js';
import { stepOf } from './step.js';
import { type OpenPeriod, Steps } from './steps.js';

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

function message(
  title: string,
  text: string,
  tone: Notice['tone'] = 'default',
  facts: { title: string; value: string }[] = [],
): Reply {
  return { card: 'message', model: { title, text, tone, facts, actions: [] } };
}

export class FollowupService implements FollowupApi {
  private readonly steps: Steps;

  constructor(private readonly deps: FollowupDeps) {
    this.steps = new Steps({
      ...deps,
      summary: (unit, open, notices) => this.summary(unit, open, notices, 'review'),
      start: (identity, unit, open, notices) => this.startFor(identity, unit, open, notices),
    });
  }

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
        ? `Nästa uppföljning (${lowerFirst(next.label)}) öppnar ${formatSwedishDate(next.opensDate)}. Du får ett meddelande när den öppnar.`
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
            description: 'Öppna månadens uppföljning för din enhet (även ”uppföljning” eller ”starta”).',
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
        'Kortet skickade en åtgärd som boten inte känner igen. Skriv ”rapportera” för att börja om.',
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
    if (verb === Verb.submit) return this.submit(identity, actor, unit, open, data, activityId);

    const step = typeof data.step === 'string' ? data.step : '';
    if (!isStepOf(unit, open.period, step)) {
      return this.startFor(identity, unit, open, [
        { tone: 'warning', text: 'Steget finns inte för enheten. Välj ett steg nedan.' },
      ]);
    }
    if (step === 'summary') return this.summary(unit, open, [], 'review');
    if (verb === Verb.open) return this.steps.show(unit, open, step, []);
    return this.steps.save({ identity, actor, unit, open, step, verb, data, activityId });
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
      const kind = stepOf(step);
      const place = { config: this.config, unit, period, step };
      const itemMissing = kind.missing(place, answer);
      missing.push(...itemMissing);
      items.push({
        step,
        title: kind.title(place),
        progress: !answer ? 'ej-paborjad' : itemMissing.length === 0 ? 'klar' : 'utkast',
        facts: kind.facts(place, answer),
      });
    }
    const state = submissionState({
      items: itemStepsFor(unit, period),
      stored: mine,
      sent: submission?.payload.itemRevisions ?? null,
    });
    const submittedCurrent = state === 'submitted';
    const statusText = submissionStatusText(
      state,
      submission
        ? {
            when: swedishDateTime(submission.answeredAt, this.config.calendar.timeZone, { year: false }),
            by: submission.answeredBy.name,
          }
        : null,
    );
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
    nextUnit: Unit | null = null,
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
        nextUnit,
      ),
    };
  }

  /** The person's next unit (after `unit`, then from the top) that has not sent in what it has. */
  private async nextUnitToAnswer(identity: Identity, unit: Unit, period: Period): Promise<Unit | null> {
    const units = identity.units.map((u) => u.unit);
    const at = units.findIndex((u) => u.id === unit.id);
    for (const other of [...units.slice(at + 1), ...units.slice(0, Math.max(0, at))]) {
      if (!(await this.unitState(other, period)).submittedCurrent) return other;
    }
    return null;
  }

  private async submit(
    identity: Identity,
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
    // A card without a revision cannot match the stored one: a conflict, and the summary again.
    const rev = cardRevision(data) ?? -1;
    const itemRevisions = Object.fromEntries(
      itemStepsFor(unit, period).map((s) => [s, state.revisions.get(s) ?? 0]),
    );
    const result = await this.storeSubmission(actor, unit, period, rev, itemRevisions, activityId);
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
    const next = await this.nextUnitToAnswer(identity, unit, period);
    return this.summary(
      unit,
      open,
      [
        {
          tone: 'good',
          text: `Tack! Svaren för ${unitLabel(unit)} är inskickade. Du kan ändra dem till och med ${formatSwedishDate(period.locksDate)} genom att skriva ”rapportera”.${next ? ` Nu återstår ${unitLabel(next)}.` : ''}`,
        },
      ],
      'receipt',
      next,
    );
  }

  /**
   * The one place a submission is written: the item revisions sent in. Its history row is its
   * audit (src/audit/version-chain.ts).
   */
  private async storeSubmission(
    actor: Actor,
    unit: Unit,
    period: Period,
    rev: number,
    itemRevisions: Readonly<Record<string, number>>,
    activityId: string | null,
  ): Promise<SaveResult<SubmissionAnswer>> {
    return this.deps.answers.save<SubmissionAnswer>({
      ...this.steps.key(unit, period, 'submission'),
      expectedRevision: rev,
      state: 'complete',
      payload: { kind: 'submission', itemRevisions },
      answeredBy: actor,
      answeredAt: this.deps.clock.now().toISOString(),
      activityId,
    });
  }
}
