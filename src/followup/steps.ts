/**
 * A step of the follow-up (a nämndmål, the economy, the Volymer, the uppdrag): showing it in parts
 * that fit a phone, prefilled from the previous period, and saving what a card sent. A card names
 * the fields it held; only those change, the rest of the step keeps what is stored. Every refused
 * field gets its message next to it and a line in the summary at the top; nothing is stored then.
 * What differs between the steps is behind `Step` (step.ts): nothing here knows a kind.
 */

import { type Period, previousPeriod } from '../calendar/periods.js';
import type { Notice } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import { cardRevision } from '../shared/card-revision.js';
import type { Clock } from '../shared/clock.js';
import { swedishDateTime, swedishTimeToday } from '../shared/swedish-format.js';
import type { Identity } from './access.js';
import { type FieldError, type ItemAnswer, itemStepsFor, type StepItem } from './answers.js';
import { type Block, blocksHolding, pageAfter, pageBefore, paginate } from './layout.js';
import type { Actor, AnswerKey, AnswerStore, ItemKey, SaveResult, StoredAnswer } from './ports.js';
import type { Reply } from './service.js';
import { type Previous, type StepPlace, stepOf } from './step.js';
import { periodInSentence, type StepContext, stepChrome } from './views.js';

export type OpenPeriod = { readonly period: Period; readonly late: boolean };

/** Enough for every unit × item of a large committee's previous period. */
const LOCKED_CACHE_MAX = 10_000;

/** Which part of a step to show: the first, the last (coming back), a given one, or given blocks. */
type Part = { readonly page: number | 'last' } | { readonly fields: readonly string[] };

interface ShowOptions {
  readonly part?: Part;
  /** What the person typed (after a refusal or a conflict), instead of what is stored. */
  readonly values?: Record<string, string>;
  readonly rev?: number;
  readonly errors?: ReadonlyMap<string, string>;
  /** The version this turn has just saved of this step: shown as is, not read back. */
  readonly saved?: StoredAnswer<ItemAnswer> | undefined;
}

/** A step card's Spara, Nästa or Tillbaka: who pressed it, on which step, and what the card sent. */
export interface SaveStepRequest {
  readonly identity: Identity;
  readonly actor: Actor;
  readonly unit: Unit;
  readonly open: OpenPeriod;
  readonly step: StepItem;
  readonly verb: string;
  /** The action's data merged with the card's inputs: untrusted. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly activityId: string | null;
}

/** What a step card sent, read against the step as stored. */
interface CardInput {
  readonly place: StepPlace;
  readonly rev: number;
  /** The known fields the card held; only these change. */
  readonly fields: readonly string[];
  /** The step's starting values with the card's fields over them. */
  readonly values: Record<string, string>;
  readonly previous: Previous | null;
}

export interface StepDeps {
  readonly config: CommitteeConfig;
  readonly answers: AnswerStore;
  readonly clock: Clock;
  /** The summary card, when moving on from the last step. */
  readonly summary: (unit: Unit, open: OpenPeriod, notices: Notice[]) => Promise<Reply>;
  /** The start card, when going back from the first step. */
  readonly start: (identity: Identity, unit: Unit, open: OpenPeriod, notices: Notice[]) => Promise<Reply>;
}

export class Steps {
  private readonly lockedAnswers = new Map<string, StoredAnswer<ItemAnswer> | null>();

  constructor(private readonly deps: StepDeps) {}

  private get config(): CommitteeConfig {
    return this.deps.config;
  }

  key(unit: Unit, period: Period, item: ItemKey): AnswerKey {
    return { committeeId: this.config.goals.committee.id, periodId: period.id, unitId: unit.id, item };
  }

  private place(unit: Unit, period: Period, step: StepItem): StepPlace {
    return { config: this.config, unit, period, step };
  }

  private async previous(place: StepPlace): Promise<Previous | null> {
    const { unit, step } = place;
    const prev = previousPeriod(this.config.periods, place.period.id);
    if (!prev) return null;
    // A locked period's answers no longer change, and every goal card shows the previous one:
    // read each once per process.
    const locked = this.deps.clock.now().toISOString() > prev.locksAt;
    const key = `${unit.id}|${prev.id}|${step}`;
    let stored = locked ? this.lockedAnswers.get(key) : undefined;
    if (stored === undefined) {
      stored = await this.deps.answers.get<ItemAnswer>(this.key(unit, prev, step));
      if (locked && this.lockedAnswers.size < LOCKED_CACHE_MAX) this.lockedAnswers.set(key, stored);
    }
    return stored ? { period: prev, answer: stored.payload } : null;
  }

  /**
   * The values a step's card starts from: the stored draft, else the previous period's answer
   * where the step prefills, and whether they came from the previous period.
   */
  private async startingValues(place: StepPlace, stored: ItemAnswer | null) {
    const step = stepOf(place.step);
    const previous = step.prefills ? await this.previous(place) : null;
    const values = stored
      ? step.values(place, stored, false)
      : previous
        ? step.values(place, previous.answer, true)
        : {};
    return { values, previous, prefilled: !stored && previous !== null };
  }

  private pages(
    place: StepPlace,
    values: Readonly<Record<string, string>>,
    errors: ReadonlyMap<string, string>,
    previous: Previous | null,
  ) {
    const step = stepOf(place.step);
    const heading = step.title(place);
    return paginate(step.blocks(place, values, errors, previous), (first) => stepChrome(heading, first));
  }

  /** Shows a step: its stored draft, or prefilled from the previous period when there is none. */
  async show(
    unit: Unit,
    open: OpenPeriod,
    step: StepItem,
    notices: Notice[],
    options: ShowOptions = {},
  ): Promise<Reply> {
    const { period } = open;
    const place = this.place(unit, period, step);
    const stored = options.saved ?? (await this.deps.answers.get<ItemAnswer>(this.key(unit, period, step)));
    const start = await this.startingValues(place, stored?.payload ?? null);
    const values = options.values ?? start.values;
    const errors = options.errors ?? new Map<string, string>();
    const pages = this.pages(place, values, errors, start.previous);
    const part = options.part ?? { page: 0 };
    const held = 'fields' in part ? blocksHolding(pages.flat(), part.fields) : [];
    const page = 'fields' in part ? 0 : part.page === 'last' ? pages.length - 1 : part.page;
    // A card that named no known field (crafted) gets the step's first card.
    const blocks: readonly Block[] = held.length > 0 ? held : (pages[Math.min(page, pages.length - 1)] ?? []);
    const index = Math.max(
      0,
      pages.findIndex((p) => blocks[0] !== undefined && p.includes(blocks[0])),
    );
    const extra: Notice[] =
      start.prefilled && !options.values && start.previous
        ? [
            {
              tone: 'default',
              text: `Förifyllt från ${periodInSentence(start.previous.period)}. Ändra det som inte stämmer längre.`,
            },
          ]
        : [];
    const ctx: StepContext = {
      ...place,
      late: open.late,
      rev: options.rev ?? stored?.revision ?? 0,
      notices: [...notices, ...extra],
      errors,
      blocks,
      part: { index, count: pages.length },
    };
    return stepOf(step).card(ctx, values, stored?.payload ?? null, start.previous);
  }

  /** Saves what a step card sent, then shows the card its button asked for. */
  async save(request: SaveStepRequest): Promise<Reply> {
    const { unit, open, step } = request;
    const input = await this.readCard(request);
    if (!input) {
      return this.show(unit, open, step, [
        {
          tone: 'attention',
          text: 'Kortet saknar versionsuppgift. Här är steget på nytt – fyll i och spara igen.',
        },
      ]);
    }
    const kind = stepOf(step);
    const parsed = kind.parse(input.place, input.values);
    const part: Part = { fields: input.fields };
    if (parsed.issues.length > 0) {
      // Nothing is stored: the card comes back with what the person typed and what to fix, where.
      return this.show(unit, open, step, refusedSummary(parsed.issues), {
        part,
        values: input.values,
        rev: input.rev,
        errors: new Map(parsed.issues.map((i) => [i.field, i.message])),
      });
    }
    const complete = kind.missing(input.place, parsed.value).length === 0;
    const result = await this.storeAnswer(request, input.rev, parsed.value, complete);
    if (result.kind === 'conflict') {
      const who = result.current
        ? `${result.current.answeredBy.name} sparade steget ${swedishDateTime(result.current.answeredAt, this.config.calendar.timeZone, { year: false })}`
        : 'Steget ändrades';
      // The person's input stays on the card; saving again is an explicit choice to overwrite.
      return this.show(
        unit,
        open,
        step,
        [
          {
            tone: 'attention',
            text: `${who} efter att du öppnade kortet, så dina ändringar är inte sparade. Det du skrev finns kvar nedan: tryck Spara igen för att ersätta den sparade versionen, eller öppna steget på nytt från startkortet för att se den.`,
          },
        ],
        { part, values: input.values, rev: result.current?.revision ?? 0 },
      );
    }
    const now = this.deps.clock.now().toISOString();
    const time = swedishTimeToday(
      result.kind === 'saved' ? result.answer.answeredAt : now,
      now,
      this.config.calendar.timeZone,
    );
    const saved: Notice = {
      tone: 'good',
      text: complete ? `Sparat ${time}.` : `Sparat som utkast ${time}.`,
    };
    // The version saved is what the next card of this step shows: nothing is read back.
    const version = result.kind === 'saved' ? result.answer : undefined;
    return this.moveOn(request, input, parsed.value, saved, version);
  }

  /** The card's revision, fields and values; null when it carries no revision. */
  private async readCard(request: SaveStepRequest): Promise<CardInput | null> {
    const { unit, open, step, data } = request;
    const rev = cardRevision(data);
    if (rev === null) return null;
    const place = this.place(unit, open.period, step);
    const stored = await this.deps.answers.get<ItemAnswer>(this.key(unit, open.period, step));
    const start = await this.startingValues(place, stored?.payload ?? null);
    const known = new Set(
      this.pages(place, start.values, new Map(), start.previous)
        .flat()
        .flatMap((b) => b.fields),
    );
    // The fields the card held (an old card without the list held them all); only known ids count.
    const named = Array.isArray(data.fields)
      ? data.fields.filter((f): f is string => typeof f === 'string')
      : [...known];
    const fields = named.filter((f) => known.has(f));
    const typed: Record<string, string> = {};
    for (const f of fields)
      typed[f] =
        typeof data[f] === 'string' ? (data[f] as string) : data[f] === undefined ? '' : String(data[f]);
    return { place, rev, fields, values: { ...start.values, ...typed }, previous: start.previous };
  }

  /**
   * The one place a step's answer is written. The history row this writes is the audit of the
   * save (src/audit/version-chain.ts): no separate audit entry.
   */
  private async storeAnswer(
    request: SaveStepRequest,
    rev: number,
    answer: ItemAnswer,
    complete: boolean,
  ): Promise<SaveResult<ItemAnswer>> {
    const { unit, open, step, actor } = request;
    return this.deps.answers.save<ItemAnswer>({
      ...this.key(unit, open.period, step),
      expectedRevision: rev,
      state: complete ? 'complete' : 'draft',
      payload: answer,
      answeredBy: actor,
      answeredAt: this.deps.clock.now().toISOString(),
      activityId: request.activityId,
    });
  }

  /** After a save: the same card (Spara), the part or step before (Tillbaka) or after (Nästa). */
  private async moveOn(
    request: SaveStepRequest,
    input: CardInput,
    answer: ItemAnswer,
    saved: Notice,
    version: StoredAnswer<ItemAnswer> | undefined,
  ): Promise<Reply> {
    const { identity, unit, open, step, verb } = request;
    const { place, fields } = input;
    const part: Part = { fields };
    if (verb === Verb.save) return this.show(unit, open, step, [saved], { part, saved: version });
    const pages = this.pages(place, input.values, new Map(), input.previous);
    const steps = itemStepsFor(unit, open.period);
    const index = steps.indexOf(step);
    if (verb === Verb.back) {
      const before = pageBefore(pages, fields);
      if (before !== null)
        return this.show(unit, open, step, [saved], { part: { page: before }, saved: version });
      const previousStep = steps[index - 1];
      return previousStep
        ? this.show(unit, open, previousStep, [saved], { part: { page: 'last' } })
        : this.deps.start(identity, unit, open, [saved]);
    }
    const shownFields = new Set(fields);
    const required = stepOf(step)
      .requiredBeforeLeaving(place, answer)
      .filter((c) => shownFields.has(c.field));
    if (required.length > 0) {
      return this.show(
        unit,
        open,
        step,
        [saved, ...refusedSummary(required, 'Skriv en kommentar innan du går vidare:')],
        { part, errors: new Map(required.map((c) => [c.field, c.message])), saved: version },
      );
    }
    const after = pageAfter(pages, fields);
    if (after !== null)
      return this.show(unit, open, step, [saved], { part: { page: after }, saved: version });
    const nextStep = steps[index + 1];
    if (!nextStep) return this.deps.summary(unit, open, [saved]);
    return this.show(unit, open, nextStep, [saved]);
  }
}

/** The summary at the top of a refused card: how many fields, and which (each has its message). */
function refusedSummary(issues: readonly FieldError[], lead?: string): Notice[] {
  const names = [...new Set(issues.map((i) => i.label))];
  const head =
    lead ??
    (names.length === 1
      ? 'Inget sparades. Ett fält behöver rättas – se texten i rött vid fältet:'
      : `Inget sparades. ${names.length} fält behöver rättas – se texten i rött vid fälten:`);
  return [
    { tone: 'attention', text: head },
    ...names.map((n) => ({ tone: 'attention' as const, text: `• ${n}` })),
  ];
}
