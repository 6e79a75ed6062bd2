/**
 * The shape of a committee's configuration directory. One YAML file per concern so that a
 * municipality can hand the goal file to the controller and the organisation file to HR.
 * Cross-file references (a unit reporting an indicator that does not exist) are checked in
 * `load-config.ts`; this file checks each file on its own.
 */
import { z } from 'zod';
import { periodKinds } from '../calendar/periods.js';
import { parseTarget, type Target } from './target.js';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'id: bara a–z, 0–9 och bindestreck');
const text = z.string().trim().min(1);
const year = z.string().regex(/^\d{4}$/, 'år skrivs som fyra siffror, t.ex. "2024"');
const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'färg som #RRGGBB');

/** A measured value; `null` is I.U. (inget utfall). */
const measured = z.number().nullable();

/** A cell of values: the total and, where the indicator has a kön split, per kön. */
function cell<T extends z.ZodType>(value: T) {
  return z.strictObject({ total: value.optional(), kvinnor: value.optional(), man: value.optional() });
}

/** A split value: a cell, optionally also per part (förvaltning or unit, keyed by its id). */
function split<T extends z.ZodType>(value: T) {
  const c = cell(value);
  const full = c.extend({ parts: z.record(z.string(), c).optional() });
  // A bare scalar is shorthand for `{ total: scalar }`.
  return z.preprocess((v) => (v === null || typeof v !== 'object' ? { total: v } : v), full);
}

const targetInput = z.union([z.number(), z.string()]).transform((input, ctx): Target => {
  const parsed = parseTarget(input);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: `ogiltigt målvärde: ${parsed.error}` });
    return z.NEVER;
  }
  return parsed;
});

export const indicatorUnits = [
  'antal',
  '%',
  'dagar',
  'tkr/år',
  'index',
  'år',
  'antal per deltagare',
] as const;

export const aggregationSchema = z.discriminatedUnion('kind', [
  /** Counts: the units' values are added. */
  z.strictObject({ kind: z.literal('sum') }),
  /** Shares: units report numerator and denominator; the share is Σnumerator / Σdenominator. */
  z.strictObject({ kind: z.literal('share'), numerator: text, denominator: text }),
  /** One unit (or a controller) reports the value for the whole committee. */
  z.strictObject({ kind: z.literal('single') }),
  /** Not combined: each unit's value stands on its own. */
  z.strictObject({ kind: z.literal('none') }),
]);

/**
 * Who reports an indicator's figure: one unit (its figure is the committee's), several units that
 * each report their own part of the whole (so parts may be summed), the committee's controller (a
 * committee-wide figure from a system, in the controller's own card), or nobody because the
 * product computes it from the economy section. Absent: `unit` for `single`, else `units`.
 */
export const reportedBySchema = z.enum(['unit', 'units', 'controller', 'computed']);

/** What a `computed` indicator is computed from. */
export const computedSchema = z.discriminatedUnion('from', [
  /** Avvikelse mot budget, %: (budget − prognos) / budget for the nämnd, from the economy section. */
  z.strictObject({ from: z.literal('budget-deviation') }),
  /** Träffsäkerhet: the prognosis of `month` against the bokslut, (prognos − utfall) / budget. */
  z.strictObject({ from: z.literal('prognosis-accuracy'), month: z.number().int().min(1).max(12) }),
]);

export const indicatorSchema = z.strictObject({
  id,
  name: text,
  /** A sub-heading of the indicator table, such as "Vuxenutbildning - SFI studieväg 2 och 3". */
  group: text.optional(),
  unit: z.enum(indicatorUnits),
  decimals: z.number().int().min(0).max(3),
  better: z.enum(['higher', 'lower', 'none']),
  breakdown: z
    .strictObject({
      kon: z.boolean().default(false),
      parts: z
        .strictObject({ kind: z.enum(['forvaltning', 'enhet']), ids: z.array(z.string()).min(1) })
        .optional(),
    })
    .default({ kon: false }),
  aggregation: aggregationSchema,
  reportedBy: reportedBySchema.optional(),
  computed: computedSchema.optional(),
  history: z
    .array(
      z
        .strictObject({
          label: text,
          ...cell(measured).shape,
          parts: z.record(z.string(), cell(measured)).optional(),
          /** Free text that qualifies the value, e.g. "Uppgiften är från augusti 2022". */
          note: text.optional(),
        })
        .refine((h) => h.total !== undefined || h.kvinnor !== undefined || h.man !== undefined || h.parts, {
          message: 'ett historiskt värde behöver total, kvinnor, man eller parts (null = I.U.)',
        }),
    )
    .default([]),
  targets: z.record(year, split(targetInput)).default({}),
  /** Months (1–12) in which units are asked for an outcome; absent means every period. */
  reportMonths: z.array(z.number().int().min(1).max(12)).min(1).optional(),
  source: text.optional(),
  footnotes: z.array(text).default([]),
  koladaKpi: z
    .string()
    .regex(/^[NU]\d{5}$/, 'Kolada-id som N18409')
    .optional(),
  /** Marked (*) in the budget: mandatory for every committee. */
  mandatory: z.boolean().default(false),
});

export const goalSchema = z.strictObject({
  id,
  name: text,
  description: text,
  footnotes: z.array(text).default([]),
  indicators: z.array(indicatorSchema).default([]),
});

export const goalsFileSchema = z.strictObject({
  committee: z.strictObject({ id, name: text, shortName: text }),
  year: z.number().int().min(2000).max(2100),
  /** The status scale for nämndmål, best first. Municipalities use 3–5 levels. */
  statusScale: z
    .array(
      z.strictObject({
        id,
        label: text,
        colour: hexColour,
        /** How the level counts in the proposal rule; `not_assessable` is never counted as a miss. */
        meaning: z.enum(['met', 'partial', 'not_met', 'not_assessable']),
        /** Report sentence of a forecast (delår, month); `{year}` and `{period}` are filled in. */
        sentence: text,
        /** Report sentence of the year's outcome (helår), past tense; defaults to `sentence`. */
        outcomeSentence: text.optional(),
      }),
    )
    .min(2)
    .max(6),
  areas: z
    .array(
      z.strictObject({
        id,
        name: text,
        municipalGoals: z.array(z.strictObject({ id, name: text, goals: z.array(goalSchema).min(1) })).min(1),
      }),
    )
    .min(1),
});

const assignmentItem = z.strictObject({ id, text, year: z.number().int().optional() });

export const assignmentsFileSchema = z.strictObject({
  statusScale: z.array(z.strictObject({ id, label: text, colour: hexColour.optional() })).min(2),
  strategic: z.array(assignmentItem.extend({ kind: z.enum(['kommungemensamt', 'namndspecifikt']) })),
  committeeTasks: z.array(assignmentItem),
  internalControl: z.array(assignmentItem),
});

const amountsByYear = z.record(year, z.number());
const budgetAndOutcome = z.strictObject({
  budget: amountsByYear.default({}),
  outcome: amountsByYear.default({}),
});

export const economyFileSchema = z.strictObject({
  /** Amounts in the file are in tkr. */
  unit: z.literal('tkr'),
  /** |avvikelse| above this (tkr) needs a comment from the unit. */
  commentThresholdTkr: z.number().nonnegative(),
  rows: z
    .array(
      z.strictObject({
        id,
        name: text,
        forvaltning: z.string().optional(),
        budget: amountsByYear,
        outcome: amountsByYear.default({}),
        /** Changes the budget row already includes, as the internbudget explains them. */
        changes: z.array(z.strictObject({ text, amounts: amountsByYear })).default([]),
      }),
    )
    .min(1),
  /** Totals as printed in the budget (rows are rounded there, so totals are stated, not summed). */
  totals: z.strictObject({
    budget: amountsByYear,
    outcome: amountsByYear.default({}),
    /** "varav kostnader" of the total (positive), per year, where the budget states it. */
    costs: budgetAndOutcome.optional(),
    /** "varav intäkter" of the total (negative, as the driftsammandrag writes them). */
    income: budgetAndOutcome.optional(),
  }),
  /**
   * "Nämndens enheter": the units' own result, outside the rows (the ledger supplies its figures
   * per period; `outcome` serves as "Bokslut föregående år"). Absent: the nämnd has no such row.
   */
  units: z
    .strictObject({ name: text.default('Nämndens enheter'), outcome: amountsByYear.default({}) })
    .optional(),
  /** Investment objects; `budget` is the investeringsram per year unless the ledger file gives one. */
  investments: z
    .array(
      z.strictObject({
        id,
        name: text,
        forvaltning: z.string().optional(),
        budget: amountsByYear.default({}),
      }),
    )
    .default([])
    .refine((list) => new Set(list.map((i) => i.id)).size === list.length, {
      message: 'varje investeringsobjekt behöver ett eget id',
    }),
});

const periodKind = z.enum(periodKinds);
const reportKind = z.enum(['interim1', 'interim2', 'annual']);

/**
 * Who gives a volume or personnel figure, and when: `controller` (the committee's controller, from
 * a system such as Lifecare or HR) or a unit's id; asked only in the period kinds of `askIn`.
 */
const figureAsk = {
  reporter: z.string().min(1).optional(),
  askIn: z.array(reportKind).min(1).default(['interim1', 'interim2', 'annual']),
  decimals: z.number().int().min(0).max(2).default(0),
  footnotes: z.array(text).default([]),
};

export const volumesFileSchema = z.strictObject({
  measures: z.array(
    z.strictObject({
      id,
      name: text,
      unit: text,
      forvaltning: z.string().optional(),
      values: z.array(z.strictObject({ label: text, value: measured, note: text.optional() })),
      ...figureAsk,
      /** Whether a delår also asks for the full-year prognosis ("Prognos helår"). */
      prognosis: z.boolean().default(true),
    }),
  ),
});

/** Personal: staff figures (HR) with a full-year target, optionally split per förvaltning. */
export const personnelFileSchema = z.strictObject({
  measures: z
    .array(
      z.strictObject({
        id,
        name: text,
        unit: z.enum(['antal', '%', 'dagar']),
        /** Parts shown beside the total, such as the förvaltningar ("IAF", "UTB (vux)"). */
        parts: z
          .array(
            z.strictObject({
              id: z.string().regex(/^[A-Za-z0-9-]+$/),
              name: text,
              target: z.union([z.number(), text]).optional(),
            }),
          )
          .default([]),
        /** Målvärde helår for the total as written ("6,0 %"), with whose target it is in `targetSource` ("KS"). */
        target: z.union([z.number(), text]).optional(),
        targetSource: text.optional(),
        ...figureAsk,
      }),
    )
    .default([]),
  footnotes: z.array(text).default([]),
});

/** The sections a report of a period kind contains, in order. */
export const reportSections = [
  'economy',
  'volumes',
  'personnel',
  'goals',
  'strategic',
  'committeeTasks',
  'internalControl',
  'indicators',
  'completeness',
  'rule',
] as const;

const layout = z.strictObject({
  /** "Delårsrapport 2", "Verksamhetsberättelse". */
  title: text,
  /** `forecast`: the status is a prognosis for the year; `outcome`: the year's result (helår). */
  tense: z.enum(['forecast', 'outcome']),
  sections: z.array(z.enum(reportSections)).min(1),
});

const DEFAULT_FULL: z.infer<typeof layout>['sections'] = [
  'economy',
  'volumes',
  'personnel',
  'goals',
  'strategic',
  'committeeTasks',
  'internalControl',
  'indicators',
  'completeness',
  'rule',
];

export const reportFileSchema = z.strictObject({
  layouts: z
    .strictObject({
      month: layout.default({
        title: 'Månadsuppföljning',
        tense: 'forecast',
        sections: [
          'goals',
          'strategic',
          'committeeTasks',
          'internalControl',
          'indicators',
          'economy',
          'completeness',
          'rule',
        ],
      }),
      interim1: layout.default({ title: 'Delårsrapport 1', tense: 'forecast', sections: DEFAULT_FULL }),
      interim2: layout.default({ title: 'Delårsrapport 2', tense: 'forecast', sections: DEFAULT_FULL }),
      annual: layout.default({ title: 'Verksamhetsberättelse', tense: 'outcome', sections: DEFAULT_FULL }),
    })
    .prefault({}),
  /** Full years of history before the report year in the indicator tables. */
  historyYears: z.number().int().min(0).max(4).default(2),
  /**
   * Which indicators get a trend chart: those with at least `minPoints` months with a value that
   * are not all the same; `indicators`, when given, narrows it to those ids.
   */
  charts: z
    .strictObject({
      minPoints: z.number().int().min(2).max(12).default(4),
      indicators: z.array(z.string().min(1)).optional(),
    })
    .prefault({}),
});

const person = z.strictObject({
  /**
   * Entra ID object id as Teams sends it in `from.aadObjectId`. Optional: without it the bot finds
   * the person by `upn` the first time they write or install the app (see config/people.ts).
   * Empty here means "not given"; loadConfig gives such a person a stand-in id.
   */
  aadObjectId: z
    .string()
    .min(1)
    .refine((id) => !id.startsWith('upn:'), 'aadObjectId får inte börja med "upn:"; utelämna det i stället')
    .default(''),
  name: text,
  /** UPN or e-mail address (what Teams member info gives as userPrincipalName or email). */
  upn: z.string().email('UPN ska se ut som en e-postadress'),
});

export const organisationFileSchema = z.strictObject({
  contact: z.strictObject({ name: text, email: z.string().email() }),
  tenantId: z.string().optional(),
  administrations: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9-]+$/),
        name: text,
        departments: z
          .array(
            z.strictObject({
              id,
              name: text,
              units: z
                .array(
                  z.strictObject({
                    id,
                    name: text,
                    shortName: text,
                    managers: z.array(person).min(1),
                    deputies: z.array(person).default([]),
                    reports: z.strictObject({
                      goals: z.array(id).default([]),
                      indicators: z.array(id).default([]),
                      assignments: z.array(id).default([]),
                      economyRows: z.array(id).default([]),
                    }),
                  }),
                )
                .min(1),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
  leadership: z
    .array(
      person.extend({
        title: text,
        roles: z.array(z.enum(['leadership', 'controller', 'admin'])).min(1),
        /** What they may see and decide: the whole committee, or some administrations. */
        scope: z.union([
          z.literal('committee'),
          z.strictObject({ administrations: z.array(z.string()).min(1) }),
        ]),
      }),
    )
    .min(1),
});

export const calendarFileSchema = z.strictObject({
  timeZone: z.string().default('Europe/Stockholm'),
  years: z
    .array(
      z.strictObject({
        year: z.number().int(),
        /** Months (1–12) with a follow-up; the rest (e.g. January, July) have none. */
        months: z.array(z.number().int().min(1).max(12)).min(1),
        milestones: z.partialRecord(
          z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']),
          periodKind,
        ),
      }),
    )
    .min(1),
  /** When a period opens, relative to its month's end: working days before (negative) or after. */
  opensWorkingDaysFromMonthEnd: z.number().int().min(-15).max(5),
  deadlineWorkingDaysAfterMonthEnd: z.number().int().min(0).max(20),
  /** Working days after the deadline until answers are locked. */
  lockWorkingDaysAfterDeadline: z.number().int().min(0).max(20),
  /** Exceptions for single periods (id `2024-08`), ISO dates in the calendar's time zone. */
  overrides: z
    .record(
      z.string().regex(/^\d{4}-\d{2}$/, 'period-id som "2024-08"'),
      z.strictObject({
        opens: z.iso.date().optional(),
        deadline: z.iso.date().optional(),
        locks: z.iso.date().optional(),
      }),
    )
    .default({}),
  reminders: z.strictObject({
    workingDaysBeforeDeadline: z.array(z.number().int().min(1).max(15)).default([2]),
    onDeadlineDay: z.boolean().default(true),
    overdueWorkingDaysAfterDeadline: z.number().int().min(1).max(10).default(1),
    escalateWorkingDaysAfterDeadline: z.number().int().min(1).max(15).default(2),
    officeHours: z
      .strictObject({
        start: z.string().regex(/^\d{2}:\d{2}$/),
        end: z.string().regex(/^\d{2}:\d{2}$/),
      })
      .default({ start: '08:00', end: '17:00' }),
  }),
});

export type GoalsFile = z.infer<typeof goalsFileSchema>;
export type AssignmentsFile = z.infer<typeof assignmentsFileSchema>;
export type EconomyFile = z.infer<typeof economyFileSchema>;
export type VolumesFile = z.infer<typeof volumesFileSchema>;
export type PersonnelFile = z.infer<typeof personnelFileSchema>;
export type ReportFile = z.infer<typeof reportFileSchema>;
export type ReportSection = (typeof reportSections)[number];
export type OrganisationFile = z.infer<typeof organisationFileSchema>;
export type CalendarFile = z.infer<typeof calendarFileSchema>;
export type Indicator = z.infer<typeof indicatorSchema>;
export type Goal = z.infer<typeof goalSchema>;
export type Aggregation = z.infer<typeof aggregationSchema>;
export type ReportedBy = z.infer<typeof reportedBySchema>;
export type Computed = z.infer<typeof computedSchema>;
export type PeriodKind = z.infer<typeof periodKind>;

/** The files of a configuration directory and the schema each must satisfy. */
export const configFiles = {
  goals: { file: 'goals.yaml', schema: goalsFileSchema },
  assignments: { file: 'assignments.yaml', schema: assignmentsFileSchema },
  economy: { file: 'economy.yaml', schema: economyFileSchema },
  volumes: { file: 'volumes.yaml', schema: volumesFileSchema },
  personnel: { file: 'personnel.yaml', schema: personnelFileSchema, optional: true },
  report: { file: 'report.yaml', schema: reportFileSchema, optional: true },
  organisation: { file: 'organisation.yaml', schema: organisationFileSchema },
  calendar: { file: 'calendar.yaml', schema: calendarFileSchema },
} as const;
