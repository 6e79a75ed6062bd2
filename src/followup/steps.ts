/**
 * A step of the follow-up (a nämndmål, the economy, the uppdrag): showing it in parts that fit a
 * phone, prefilled from the previous period, and saving what a card sent. A card names the fields
 * it held; only those change, the rest of the step keeps what is stored. Every refused field gets
 * its message next to it and a line in the summary at the top; nothing is stored then.
 */
import type { Notice } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import type { Clock } from '../shared/clock.js';
import type { Identity } from './access.js';
import {
  commentsMissing,
  type EconomyAnswer,
  type FieldError,
  type GoalAnswer,
  type ItemAnswer,
  indicatorsFor,
  parseAssignmentsInput,
  parseEconomyInput,
  parseGoalInput,
  stepsFor,
} from './answers.js';
import { type FiguresAnswer, figuresAsked, parseFiguresInput } from './figures.js';
import { figuresBlocks, figuresCard, figuresCardValues } from './figures-views.js';
import { type Block, blocksHolding, pageAfter, pageBefore, paginate } from './layout.js';
import { missingInItem } from './missing.js';
import { type Period, previousPeriod } from './periods.js';
import type { Actor, AnswerKey, AnswerStore, ItemKey, StoredAnswer } from './ports.js';
import type { Reply } from './service.js';
import {
  assignmentBlocks,
  assignmentsCard,
  assignmentValues,
  economyBlocks,
  economyCard,
  economyValues,
  formatTime,
  goalBlocks,
  goalCard,
  goalValues,
  periodInSentence,
  type StepContext,
  stepChrome,
  stepTitle,
  timeToday,
} from './views.js';

export type OpenPeriod = { readonly period: Period; readonly late: boolean };

/** What a step's parts depend on: the values shown, the refusals and the previous period's answer. */
interface Layout {
  readonly unit: Unit;
  readonly period: Period;
  readonly step: ItemKey;
  readonly values: Readonly<Record<string, string>>;
  readonly errors: ReadonlyMap<string, string>;
  readonly previous: { readonly period: Period; readonly answer: ItemAnswer } | null;
}

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

  private async previous<P extends ItemAnswer>(unit: Unit, period: Period, item: ItemKey) {
    const prev = previousPeriod(this.config.periods, period.id);
    if (!prev) return null;
    // A locked period's answers no longer change, and every goal card shows the previous one:
    // read each once per process.
    const locked = this.deps.clock.now().toISOString() > prev.locksAt;
    const key = `${unit.id}|${prev.id}|${item}`;
    let stored = locked ? this.lockedAnswers.get(key) : undefined;
    if (stored === undefined) {
      stored = await this.deps.answers.get<ItemAnswer>(this.key(unit, prev, item));
      if (locked && this.lockedAnswers.size < LOCKED_CACHE_MAX) this.lockedAnswers.set(key, stored);
    }
    return stored ? { period: prev, answer: stored.payload as P } : null;
  }

  /**
   * The values a step's card starts from: the stored draft, else the previous period's answer
   * (a goal's texts and status; the economy and the uppdrag in full: outcomes are new every
   * period), and whether they came from the previous period.
   */
  private async startingValues(unit: Unit, period: Period, step: ItemKey, stored: ItemAnswer | null) {
    // Figures describe one day: last period's are no starting point.
    if (step === 'figures') {
      return {
        values: figuresCardValues(this.config, unit, period, (stored as FiguresAnswer | null) ?? null),
        previous: null,
        prefilled: false,
      };
    }
    const previous = await this.previous<ItemAnswer>(unit, period, step);
    const source = stored ?? previous?.answer ?? null;
    const values = !source
      ? {}
      : source.kind === 'economy'
        ? economyValues(source)
        : source.kind === 'assignments'
          ? assignmentValues(source)
          : goalValues(stored ? this.indicators(unit, period, step) : [], source as GoalAnswer);
    return { values, previous, prefilled: !stored && previous !== null };
  }

  private indicators(unit: Unit, period: Period, step: ItemKey) {
    return indicatorsFor(this.config, unit, step.slice('goal:'.length), period);
  }

  private blocks(layout: Layout) {
    const { unit, period, step, values, errors } = layout;
    if (step === 'economy') return economyBlocks(this.config, unit, errors);
    if (step === 'figures') return figuresBlocks(this.config, unit, period, errors);
    if (step === 'assignments') return assignmentBlocks(this.config, unit, values, errors);
    const previous = layout.previous as { period: Period; answer: GoalAnswer } | null;
    return goalBlocks(
      this.config,
      unit,
      period,
      this.indicators(unit, period, step),
      values,
      errors,
      previous,
    );
  }

  private pages(layout: Layout) {
    const heading = stepTitle(this.config, layout.step);
    return paginate(this.blocks(layout), (first) => stepChrome(heading, first));
  }

  /** Shows a step: its stored draft, or prefilled from the previous period when there is none. */
  async show(
    unit: Unit,
    open: OpenPeriod,
    step: ItemKey,
    notices: Notice[],
    options: ShowOptions = {},
  ): Promise<Reply> {
    const { period } = open;
    const stored = options.saved ?? (await this.deps.answers.get<ItemAnswer>(this.key(unit, period, step)));
    const start = await this.startingValues(unit, period, step, stored?.payload ?? null);
    const values = options.values ?? start.values;
    const errors = options.errors ?? new Map<string, string>();
    const pages = this.pages({ unit, period, step, values, errors, previous: start.previous });
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
      config: this.config,
      unit,
      period,
      late: open.late,
      step,
      rev: options.rev ?? stored?.revision ?? 0,
      notices: [...notices, ...extra],
      errors,
      blocks,
      part: { index, count: pages.length },
    };
    if (step === 'economy') {
      const previous = start.previous as { period: Period; answer: EconomyAnswer } | null;
      return {
        card: 'economy',
        model: economyCard(ctx, values, (stored?.payload as EconomyAnswer | undefined) ?? null, previous),
      };
    }
    if (step === 'assignments') return { card: 'assignments', model: assignmentsCard(ctx, values) };
    if (step === 'figures') return { card: 'figures', model: figuresCard(ctx, values) };
    const goalId = step.slice('goal:'.length);
    const previous = start.previous as { period: Period; answer: GoalAnswer } | null;
    return {
      card: 'goal',
      model: goalCard(ctx, goalId, this.indicators(unit, period, step), values, previous),
    };
  }

  /** Saves what a step card sent, then shows the card its button asked for. */
  async save(
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
    if (Number.isNaN(rev)) {
      return this.show(unit, open, step, [
        {
          tone: 'attention',
          text: 'Kortet saknar versionsuppgift. Här är steget på nytt – fyll i och spara igen.',
        },
      ]);
    }
    const stored = await this.deps.answers.get<ItemAnswer>(this.key(unit, period, step));
    const start = await this.startingValues(unit, period, step, stored?.payload ?? null);
    const known = new Set(
      this.pages({ unit, period, step, values: start.values, errors: new Map(), previous: start.previous })
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
    const values = { ...start.values, ...typed };
    const part: Part = { fields };

    const parsed = this.parse(unit, period, step, values);
    if (parsed.issues.length > 0) {
      // Nothing is stored: the card comes back with what the person typed and what to fix, where.
      return this.show(unit, open, step, refusedSummary(parsed.issues), {
        part,
        values,
        rev,
        errors: new Map(parsed.issues.map((i) => [i.field, i.message])),
      });
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
        { part, values, rev: result.current?.revision ?? 0 },
      );
    }
    // The history row just written is the audit of this save (src/audit/version-chain.ts), and
    // the version saved is what the next card of this step shows: nothing is read back.
    const version = result.kind === 'saved' ? result.answer : undefined;
    const now = this.deps.clock.now().toISOString();
    const time = timeToday(
      result.kind === 'saved' ? result.answer.answeredAt : now,
      now,
      this.config.calendar.timeZone,
    );
    const saved: Notice = {
      tone: 'good',
      text: missing.length === 0 ? `Sparat ${time}.` : `Sparat som utkast ${time}.`,
    };
    const pages = this.pages({ unit, period, step, values, errors: new Map(), previous: start.previous });
    if (verb === Verb.save) return this.show(unit, open, step, [saved], { part, saved: version });
    const steps = stepsFor(unit, period);
    const index = steps.indexOf(step);
    if (verb === Verb.back) {
      const before = pageBefore(pages, fields);
      if (before !== null)
        return this.show(unit, open, step, [saved], { part: { page: before }, saved: version });
      const previousStep = steps[index - 1];
      return previousStep && previousStep !== 'summary'
        ? this.show(unit, open, previousStep, [saved], { part: { page: 'last' } })
        : this.deps.start(identity, unit, open, [saved]);
    }
    // A required comment is asked for here, next to its field, not first at the summary.
    const shownFields = new Set(fields);
    const comments =
      step === 'economy'
        ? commentsMissing(this.config, unit, period.year, parsed.value as EconomyAnswer).filter((c) =>
            shownFields.has(c.field),
          )
        : [];
    if (comments.length > 0) {
      return this.show(
        unit,
        open,
        step,
        [saved, ...refusedSummary(comments, 'Skriv en kommentar innan du går vidare:')],
        {
          part,
          errors: new Map(comments.map((c) => [c.field, c.message])),
          saved: version,
        },
      );
    }
    const after = pageAfter(pages, fields);
    if (after !== null)
      return this.show(unit, open, step, [saved], { part: { page: after }, saved: version });
    const nextStep = steps[index + 1] ?? 'summary';
    if (nextStep === 'summary' || nextStep === 'submission') return this.deps.summary(unit, open, [saved]);
    return this.show(unit, open, nextStep, [saved]);
  }

  private parse(unit: Unit, period: Period, step: ItemKey, values: Readonly<Record<string, unknown>>) {
    if (step === 'economy') return parseEconomyInput(this.config, unit, values);
    if (step === 'assignments') return parseAssignmentsInput(this.config, unit, values);
    if (step === 'figures') return parseFiguresInput(figuresAsked(this.config, unit.id, period), values);
    const goalId = step.slice('goal:'.length);
    return parseGoalInput(this.config, goalId, this.indicators(unit, period, step), values);
  }

  missing(unit: Unit, period: Period, step: ItemKey, answer: ItemAnswer | null): string[] {
    return missingInItem(this.config, unit, period, step, answer);
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
