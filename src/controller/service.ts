/**
 * What the committee's controller answers (people with the role `controller` in
 * organisation.yaml): the committee-wide indicators of the open period (`reportedBy: controller`)
 * and, after year end, the bokslut per driftsammandrag row. Knows nothing of Teams.
 *
 * Every call checks the person again (card data is never trusted); refusals are audited. Saves
 * are versioned like the units' answers: a card names the revision it was built from, and a save
 * from a stale card is told who saved meanwhile and keeps what the person typed.
 */

import { findPeriod, type Period, periodAt, previousPeriod } from '../calendar/periods.js';
import type { Notice } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { identify, type Leader } from '../followup/access.js';
import {
  type BokslutAnswer,
  COMMITTEE_UNIT_ID,
  type CommitteeIndicatorsAnswer,
} from '../followup/answers.js';
import { figuresAsked } from '../followup/figures.js';
import type { Actor, AnswerKey, AnswerStore, AuditLog, SaveResult } from '../followup/ports.js';
import type { Caller, Reply } from '../followup/service.js';
import { indicatorValues } from '../followup/views.js';
import { bokslutPeriodId } from '../reporting/build-report.js';
import { cardRevision } from '../shared/card-revision.js';
import type { Clock } from '../shared/clock.js';
import { formatSwedishDate, swedishDateTime, tkr } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import type { ControllerApi } from './api.js';
import { bokslutTotal, parseBokslutCard } from './bokslut.js';
import { committeeExtraValues, parseControllerCommittee } from './committee-input.js';
import { storeCommitteeAnswer } from './ledger-store.js';
import { bokslutCard, bokslutValues, committeeCard, committeeIndicators } from './views.js';

export interface ControllerDeps {
  readonly config: CommitteeConfig;
  readonly answers: AnswerStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** The person's leadership entry when it has the controller role, else null. */
export function controllerOf(config: CommitteeConfig, aadObjectId: string): Leader | null {
  const leader = config.organisation.leadership.find((l) => l.aadObjectId === aadObjectId);
  return leader?.roles.includes('controller') ? leader : null;
}

function message(title: string, text: string, tone: Notice['tone'] = 'default'): Reply {
  return { card: 'message', model: { title, text, tone, facts: [], actions: [] } };
}

/** The key of the year's bokslut: the December period, the committee's own id. */
export function bokslutKey(config: CommitteeConfig, year: number): AnswerKey {
  return {
    committeeId: config.goals.committee.id,
    periodId: bokslutPeriodId(year),
    unitId: COMMITTEE_UNIT_ID,
    item: 'bokslut',
  };
}

/**
 * Stores a validated bokslut based on `expectedRevision`, and audits it. Shared by the card and
 * `npm run bokslut`. Allowed whether or not December has locked: the bokslut comes after it.
 */
export function storeBokslut(
  deps: ControllerDeps,
  actor: Actor,
  answer: BokslutAnswer,
  expectedRevision: number,
  activityId: string | null,
  via: 'teams' | 'cli',
): Promise<SaveResult<BokslutAnswer>> {
  return storeCommitteeAnswer(deps, bokslutKey(deps.config, answer.year), {
    actor,
    payload: answer,
    expectedRevision,
    activityId,
    what: 'bokslut',
    details: { year: answer.year, totalTkr: bokslutTotal(deps.config, answer), via },
  });
}

export class ControllerService implements ControllerApi {
  constructor(private readonly deps: ControllerDeps) {}

  private get config(): CommitteeConfig {
    return this.deps.config;
  }

  private get committeeId(): string {
    return this.config.goals.committee.id;
  }

  private contactText(): string {
    const c = this.config.organisation.contact;
    return `${c.name} (${c.email})`;
  }

  /** Whether the person has the controller role (for routing "rapportera"). */
  isController(caller: Caller): boolean {
    return controllerOf(this.config, caller.aadObjectId) !== null;
  }

  /** The person as a controller, or a refusal (audited). */
  private async access(caller: Caller, what: string): Promise<{ actor: Actor } | { reply: Reply }> {
    const identity = identify(this.config, caller.aadObjectId, caller.teamsName);
    const actor: Actor = { aadObjectId: identity.aadObjectId, name: identity.name };
    if (controllerOf(this.config, caller.aadObjectId)) return { actor };
    await this.deps.audit.append({
      committeeId: this.committeeId,
      at: this.deps.clock.now().toISOString(),
      actor,
      action: `${what}.refused`,
      outcome: 'refused',
      details: { reason: 'not-controller' },
    });
    return {
      reply: message(
        what === 'bokslut'
          ? 'Bokslutet läggs in av controllern'
          : 'Nämndens värden rapporteras av controllern',
        `Det här gör den som har rollen controller i boten, så inget visades eller sparades. Kontakta ${this.contactText()} om du ska ha den rollen.`,
        'attention',
      ),
    };
  }

  private openPeriod(): { period: Period; late: boolean } | null {
    const now = periodAt(this.config.periods, this.deps.clock.now());
    return now ? { period: now.period, late: now.phase === 'late' } : null;
  }

  private committeeKey(period: Period): AnswerKey {
    return {
      committeeId: this.committeeId,
      periodId: period.id,
      unitId: COMMITTEE_UNIT_ID,
      item: 'committee',
    };
  }

  // ── committee-wide indicators ──────────────────────────────────────────────────────────────────

  /** "rapportera" / "nämndens värden" from a controller: the card of the open period. */
  async committee(caller: Caller, notices: Notice[] = []): Promise<Reply> {
    const access = await this.access(caller, 'committee');
    if ('reply' in access) return access.reply;
    const open = this.openPeriod();
    if (!open) {
      return message(
        'Ingen period är öppen',
        'Just nu är ingen uppföljningsperiod öppen. Du får ett meddelande när nästa öppnar.',
      );
    }
    return this.showCommittee(open, notices);
  }

  private async showCommittee(
    open: { period: Period; late: boolean },
    notices: Notice[],
    typed?: Readonly<Record<string, string>>,
    rev?: number,
  ): Promise<Reply> {
    const { period } = open;
    const current = await this.deps.answers.get<CommitteeIndicatorsAnswer>(this.committeeKey(period));
    const prevPeriod = previousPeriod(this.config.periods, period.id);
    const previous = prevPeriod
      ? await this.deps.answers.get<CommitteeIndicatorsAnswer>(this.committeeKey(prevPeriod))
      : null;
    const indicators = committeeIndicators(this.config, period);
    const values = typed ?? {
      ...indicatorValues(indicators, current?.payload.indicators ?? {}),
      ...committeeExtraValues(this.config, period, current?.payload ?? null),
    };
    const extra: Notice[] =
      indicators.length === 0 && figuresAsked(this.config, 'controller', period).length === 0
        ? [
            {
              tone: 'default',
              text: `Inga nämndövergripande indikatorer ska rapporteras för ${lowerFirst(period.label)}.`,
            },
          ]
        : [];
    return {
      card: 'controller-committee',
      model: committeeCard({
        config: this.config,
        period,
        late: open.late,
        values,
        previous: previous?.payload ?? null,
        previousPeriod: prevPeriod,
        rev: rev ?? current?.revision ?? 0,
        notices: [...notices, ...extra],
      }),
    };
  }

  private async saveCommittee(
    caller: Caller,
    data: Readonly<Record<string, unknown>>,
    activityId: string | null,
  ): Promise<Reply> {
    const access = await this.access(caller, 'committee');
    if ('reply' in access) return access.reply;
    const period = findPeriod(this.config.periods, typeof data.periodId === 'string' ? data.periodId : '');
    const open = this.openPeriod();
    if (!period || !open || open.period.id !== period.id) {
      if (period && this.deps.clock.now().toISOString() > period.locksAt) {
        await this.deps.audit.append({
          committeeId: this.committeeId,
          at: this.deps.clock.now().toISOString(),
          actor: access.actor,
          action: 'committee.refused',
          outcome: 'refused',
          details: { reason: 'locked', periodId: period.id },
        });
        return message(
          `${period.label} är låst`,
          `Värdena för ${period.label.toLowerCase()} låstes ${formatSwedishDate(period.locksDate)} och kan inte ändras i boten. Inget sparades. Kontakta ${this.contactText()} om något behöver rättas.`,
          'warning',
        );
      }
      if (!open) return this.committee(caller);
      return this.showCommittee(open, [
        {
          tone: 'warning',
          text: 'Kortet gällde en annan period. Här är den som är öppen nu; inget sparades.',
        },
      ]);
    }
    const typed = Object.fromEntries(
      Object.entries(data)
        .filter(([k, v]) => k.startsWith('ind.') && typeof v === 'string')
        .map(([k, v]) => [k, v as string]),
    );
    const rev = cardRevision(data);
    if (rev === null) {
      return this.showCommittee(
        open,
        [
          {
            tone: 'attention',
            text: 'Kortet saknar versionsuppgift, så inget sparades. Kontrollera och spara igen.',
          },
        ],
        typed,
      );
    }
    const parsed = parseControllerCommittee(this.config, period, data);
    if (parsed.errors.length > 0) {
      return this.showCommittee(
        open,
        [
          { tone: 'attention', text: 'Inget sparades. Rätta följande och spara igen:' },
          ...parsed.errors.map((e) => ({ tone: 'attention' as const, text: `• ${e}` })),
        ],
        typed,
        rev,
      );
    }
    const result = await this.deps.answers.save<CommitteeIndicatorsAnswer>({
      ...this.committeeKey(period),
      expectedRevision: rev,
      state: 'complete',
      payload: parsed.value,
      answeredBy: access.actor,
      answeredAt: this.deps.clock.now().toISOString(),
      activityId,
    });
    const timeZone = this.config.calendar.timeZone;
    if (result.kind === 'conflict') {
      await this.deps.audit.append({
        committeeId: this.committeeId,
        at: this.deps.clock.now().toISOString(),
        actor: access.actor,
        action: 'committee.conflict',
        outcome: 'refused',
        details: {
          periodId: period.id,
          expectedRevision: rev,
          currentRevision: result.current?.revision ?? null,
        },
      });
      const who = result.current
        ? `${result.current.answeredBy.name} sparade nämndens värden ${swedishDateTime(result.current.answeredAt, timeZone, { year: false })}`
        : 'Nämndens värden ändrades';
      return this.showCommittee(
        open,
        [
          {
            tone: 'attention',
            text: `${who} efter att du öppnade kortet, så dina värden är inte sparade. Det du skrev finns kvar nedan: tryck Spara igen för att ersätta den sparade versionen.`,
          },
        ],
        typed,
        result.current?.revision ?? 0,
      );
    }
    if (result.kind === 'saved') {
      await this.deps.audit.append({
        committeeId: this.committeeId,
        at: result.answer.answeredAt,
        actor: access.actor,
        action: 'committee.saved',
        outcome: 'ok',
        details: { periodId: period.id, revision: result.answer.revision },
      });
    }
    const missing = committeeIndicators(this.config, period).filter((i) => {
      const o = parsed.value.indicators[i.id];
      return !o?.noOutcome && o?.value.total === null;
    });
    const notices: Notice[] = [
      {
        tone: 'good',
        text: `Sparat ${swedishDateTime(result.answer?.answeredAt ?? this.deps.clock.now().toISOString(), timeZone, { year: false })}. Värdena syns i prognosen och i rapporten för ${period.label.toLowerCase()}.`,
      },
    ];
    if (missing.length > 0) {
      notices.push({
        tone: 'warning',
        text: `Utfall saknas ännu för ${missing.map((i) => `"${i.name}"`).join(', ')} (eller kryssa i inget utfall).`,
      });
    }
    return this.showCommittee(open, notices);
  }

  // ── bokslut ────────────────────────────────────────────────────────────────────────────────────

  /** The December period of the year must be in the calendar: that is where the bokslut is stored. */
  private bokslutYear(year: number | null): { year: number } | { reply: Reply } {
    const years = [...new Set(this.config.periods.filter((p) => p.month === 12).map((p) => p.year))];
    if (year !== null && years.includes(year)) return { year };
    return {
      reply: message(
        year === null ? 'Vilket år?' : `Bokslut ${year} kan inte läggas in`,
        `Skriv året, till exempel ”bokslut ${years.at(-1) ?? 2024}”. Uppföljningskalendern har december för ${years.join(', ') || 'inget år'}.`,
        'warning',
      ),
    };
  }

  /** "bokslut 2024" from a controller: the card, prefilled with what is stored. */
  async bokslut(caller: Caller, year: number | null, notices: Notice[] = []): Promise<Reply> {
    const access = await this.access(caller, 'bokslut');
    if ('reply' in access) return access.reply;
    const checked = this.bokslutYear(year);
    if ('reply' in checked) return checked.reply;
    return this.showBokslut(checked.year, notices);
  }

  private async showBokslut(
    year: number,
    notices: Notice[],
    typed?: Readonly<Record<string, string>>,
    rev?: number,
  ): Promise<Reply> {
    const stored = await this.deps.answers.get<BokslutAnswer>(bokslutKey(this.config, year));
    return {
      card: 'controller-bokslut',
      model: bokslutCard({
        config: this.config,
        year,
        values: typed ?? bokslutValues(this.config, stored?.payload ?? null),
        stored,
        notices,
        rev: rev ?? stored?.revision ?? 0,
      }),
    };
  }

  private async saveBokslut(
    caller: Caller,
    data: Readonly<Record<string, unknown>>,
    activityId: string | null,
  ): Promise<Reply> {
    const access = await this.access(caller, 'bokslut');
    if ('reply' in access) return access.reply;
    const checked = this.bokslutYear(typeof data.year === 'number' ? data.year : null);
    if ('reply' in checked) return checked.reply;
    const { year } = checked;
    const typed = Object.fromEntries(
      Object.entries(data)
        .filter(([k, v]) => k.startsWith('bok.') && typeof v === 'string')
        .map(([k, v]) => [k, v as string]),
    );
    const rev = cardRevision(data);
    if (rev === null) {
      return this.showBokslut(
        year,
        [
          {
            tone: 'attention',
            text: 'Kortet saknar versionsuppgift, så inget sparades. Kontrollera och spara igen.',
          },
        ],
        typed,
      );
    }
    const parsed = parseBokslutCard(this.config, year, data);
    if (parsed.errors.length > 0) {
      return this.showBokslut(
        year,
        [
          { tone: 'attention', text: 'Inget sparades. Rätta följande och spara igen:' },
          ...parsed.errors.map((e) => ({ tone: 'attention' as const, text: `• ${e}` })),
        ],
        typed,
        rev,
      );
    }
    const result = await storeBokslut(this.deps, access.actor, parsed.value, rev, activityId, 'teams');
    if (result.kind === 'conflict') {
      const who = result.current
        ? `${result.current.answeredBy.name} sparade bokslutet ${swedishDateTime(result.current.answeredAt, this.config.calendar.timeZone, { year: false })}`
        : 'Bokslutet ändrades';
      return this.showBokslut(
        year,
        [
          {
            tone: 'attention',
            text: `${who} efter att du öppnade kortet, så dina värden är inte sparade. Det du skrev finns kvar nedan: tryck Spara bokslut igen för att ersätta den sparade versionen.`,
          },
        ],
        typed,
        result.current?.revision ?? 0,
      );
    }
    return this.showBokslut(year, [
      {
        tone: 'good',
        text: `Bokslutet för ${year} är sparat: ${tkr(bokslutTotal(this.config, parsed.value))} tkr. Rapporten räknar nu träffsäkerheten mot det.`,
      },
    ]);
  }

  /** A controller card's button. `data` is untrusted. */
  async act(
    caller: Caller,
    data: Readonly<Record<string, unknown>>,
    activityId: string | null,
  ): Promise<Reply> {
    const verb = typeof data.verb === 'string' ? data.verb : '';
    if (verb === Verb.controllerCommitteeSave) return this.saveCommittee(caller, data, activityId);
    if (verb === Verb.controllerBokslutSave) return this.saveBokslut(caller, data, activityId);
    return message('Okänd knapp', 'Kortet skickade en åtgärd som boten inte känner igen.', 'warning');
  }
}
