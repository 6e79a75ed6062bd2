/**
 * Demo mode: the frozen clock and the seeded months, against real storage. Every seeded answer
 * must be one the follow-up service itself would accept and count as complete.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { periodAt } from '../../src/calendar/periods.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { DEMO_NOW, demoClockInstant, isDemoConfiguration, seedDemoAnswers } from '../../src/dev/demo.js';
import {
  type AnswerPayload,
  type AssignmentsAnswer,
  COMMITTEE_UNIT_ID,
  type EconomyAnswer,
  type IndicatorOutcome,
  indicatorsFor,
  missingInAssignments,
  missingInEconomy,
  missingInGoal,
  parseAssignmentsInput,
  parseEconomyInput,
  parseGoalInput,
} from '../../src/followup/answers.js';
import { assignmentValues } from '../../src/followup/assignments-views.js';
import type { StoredAnswer } from '../../src/followup/ports.js';
import { economyValues, goalValues } from '../../src/followup/views.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openStorage, type Storage } from '../../src/storage/index.js';

let config: CommitteeConfig;
let storage: Storage;

beforeAll(async () => {
  config = await loadConfig(shippedConfigDir);
  storage = await openStorage(
    { kind: 'connectionString', connectionString: inject('azuriteConnectionString') },
    `m${randomUUID().replace(/-/g, '').slice(0, 12)}`,
  );
});

afterAll(async () => {
  await storage?.close();
});

describe('demo mode', () => {
  it('freezes the clock inside August 2024 while it is open', () => {
    const instant = demoClockInstant(config);
    expect(instant.toISOString()).toBe(new Date(DEMO_NOW).toISOString());
    expect(periodAt(config.periods, instant)).toMatchObject({ period: { id: '2024-08' }, phase: 'open' });
    expect(isDemoConfiguration(config)).toBe(true);
  });

  it('seeds January–July for most units, each sent in, and part of the open August', async () => {
    const clock = fixedClock(demoClockInstant(config));
    const result = await seedDemoAnswers({ config, answers: storage.answers, clock });
    expect(result.periods).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
    ]);
    expect(result.skipped).toBe(0);

    for (const periodId of result.periods) {
      const answers = await storage.answers.listPeriod<AnswerPayload>('an', periodId);
      const submitted = new Set(answers.filter((a) => a.item === 'submission').map((a) => a.unitId));
      // All but one or two units answered each month.
      expect(submitted.size).toBeGreaterThanOrEqual(config.units.length - 2);
      expect(submitted.size).toBeLessThan(config.units.length);
      for (const s of answers.filter((a) => a.item === 'submission')) {
        // The submission names exactly the revisions stored, so the unit counts as sent in.
        const revisions = (s.payload as { itemRevisions: Record<string, number> }).itemRevisions;
        for (const [item, revision] of Object.entries(revisions)) {
          expect(answers.find((a) => a.unitId === s.unitId && a.item === item)?.revision).toBe(revision);
        }
        expect(s.answeredAt >= (config.periods.find((p) => p.id === periodId)?.opensAt ?? '')).toBe(true);
      }
    }
    // August is open: four units have sent in before the clock, one has started, the rest
    // (AMC, the two units of the manager with two, UTB stab) have not begun.
    expect(result.open).toEqual({ periodId: '2024-08', sentIn: 4, drafts: 1 });
    const august = await storage.answers.listPeriod<AnswerPayload>('an', '2024-08');
    const sentIn = new Set(august.filter((a) => a.item === 'submission').map((a) => a.unitId));
    expect([...sentIn].sort()).toEqual(['amf', 'cfv', 'integrationsenheten', 'linvux']);
    const started = new Set(
      august.map((a) => a.unitId).filter((u) => !sentIn.has(u) && u !== COMMITTEE_UNIT_ID),
    );
    expect([...started]).toEqual(['iaf-stab']);
    // The controller has taken August's figures from Lifecare.
    expect(august.find((a) => a.unitId === COMMITTEE_UNIT_ID)?.item).toBe('committee');
    for (const answer of august) {
      expect(answer.answeredAt < clock.now().toISOString(), answer.answeredAt).toBe(true);
      expect(answer.answeredAt >= (config.periods.find((p) => p.id === '2024-08')?.opensAt ?? '')).toBe(true);
    }
  });

  it('seeds only answers the service would accept and count as complete', async () => {
    const statuses = new Set<string>();
    let noOutcome = 0;
    let kon = 0;
    for (const period of config.periods.filter((p) => p.year === 2024 && p.month <= 7)) {
      const answers = await storage.answers.listPeriod<AnswerPayload>('an', period.id);
      for (const answer of answers) {
        expect(answer.state).toBe('complete');
        if (answer.unitId === COMMITTEE_UNIT_ID) {
          // The controller's figures: the same parsing as any card would apply, whole counts.
          const p = answer.payload;
          expect(p.kind).toBe('committee');
          if (p.kind !== 'committee') continue;
          const indicators = Object.keys(p.indicators).map((id) => config.indicatorsById.get(id));
          expect(indicators.every((i) => i?.reporter === 'controller')).toBe(true);
          const parsed = parseGoalInput(
            config,
            'hog-egenforsorjningsgrad',
            indicators.filter((i) => i !== undefined),
            goalValues(
              indicators.filter((i) => i !== undefined),
              {
                kind: 'goal',
                goalId: '',
                statusId: null,
                results: '',
                deviations: '',
                indicators: p.indicators,
              },
            ),
          );
          expect(parsed.errors, period.id).toEqual([]);
          continue;
        }
        const unit = config.unitsById.get(answer.unitId);
        if (!unit) throw new Error(`unknown unit ${answer.unitId}`);
        const p = answer.payload;
        if (p.kind === 'goal') {
          const indicators = indicatorsFor(config, unit, p.goalId, period);
          const parsed = parseGoalInput(config, p.goalId, indicators, goalValues(indicators, p));
          expect(parsed.errors, `${period.id} ${unit.id} ${p.goalId}`).toEqual([]);
          expect(missingInGoal(config, indicators, p)).toEqual([]);
          statuses.add(p.statusId ?? '');
          for (const o of Object.values(p.indicators)) {
            if (o.noOutcome) noOutcome++;
            if (o.value.kvinnor !== null) kon++;
          }
        } else if (p.kind === 'economy') {
          expect(parseEconomyInput(config, unit, economyValues(p)).errors).toEqual([]);
          expect(missingInEconomy(config, unit, period.year, p)).toEqual([]);
        } else if (p.kind === 'assignments') {
          expect(parseAssignmentsInput(config, unit, assignmentValues(p)).errors).toEqual([]);
          expect(missingInAssignments(config, unit, p)).toEqual([]);
        }
      }
    }
    expect([...statuses].sort()).toEqual(['kan-ej-bedomas', 'uppfylls', 'uppfylls-delvis', 'uppfylls-ej']);
    expect(noOutcome).toBeGreaterThan(0);
    expect(kon).toBeGreaterThan(0);
  });

  it('moves indicator values toward their targets and lets economy prognoses drift', async () => {
    const all = async <P>(filter: (a: StoredAnswer<P>) => boolean) => {
      const out: StoredAnswer<P>[] = [];
      for (let m = 1; m <= 7; m++) out.push(...(await storage.answers.listPeriod<P>('an', `2024-0${m}`)));
      return out.filter(filter);
    };
    // Most outcomes are closer to the 2024 target in July than in January.
    const goals = await all<AnswerPayload>((a) => a.payload.kind === 'goal');
    let closer = 0;
    let compared = 0;
    for (const july of goals.filter((g) => g.periodId === '2024-07')) {
      const january = goals.find(
        (g) => g.periodId === '2024-01' && g.unitId === july.unitId && g.item === july.item,
      );
      if (!january || july.payload.kind !== 'goal' || january.payload.kind !== 'goal') continue;
      for (const [id, outcome] of Object.entries(july.payload.indicators)) {
        const before = january.payload.indicators[id]?.value.total;
        const after = outcome.value.total;
        const target = config.indicatorsById.get(id)?.targets['2024']?.total;
        if (before == null || after == null || target?.kind !== 'value' || before === target.value) continue;
        compared++;
        if (Math.abs(after - target.value) <= Math.abs(before - target.value)) closer++;
      }
    }
    expect(compared).toBeGreaterThan(10);
    expect(closer / compared).toBeGreaterThan(0.7);

    const economy = await all<EconomyAnswer>((a) => a.item === 'economy');
    const prognoses = new Set(
      economy.flatMap((e) => Object.values(e.payload.rows).map((r) => r.prognosisTkr)),
    );
    expect(prognoses.size).toBeGreaterThan(10);
    const comments = economy.flatMap((e) => Object.values(e.payload.rows).map((r) => r.comment));
    expect(comments.some((c) => c.includes('underskott'))).toBe(true);
    expect(comments.some((c) => c.includes('överskott'))).toBe(true);
    const assignments = await all<AssignmentsAnswer>((a) => a.item === 'assignments');
    const states = new Set(assignments.flatMap((a) => Object.values(a.payload.items).map((i) => i.statusId)));
    expect(states).toEqual(new Set(['ej-paborjat', 'pagar', 'genomfort', 'ej-aktuellt']));
  });

  it('is idempotent: a second run writes nothing and keeps what is there', async () => {
    const clock = fixedClock(demoClockInstant(config));
    const before = await storage.answers.listPeriod('an', '2024-03');
    const again = await seedDemoAnswers({ config, answers: storage.answers, clock });
    expect(again.saved).toBe(0);
    expect(again.skipped).toBeGreaterThan(30);
    expect(await storage.answers.listPeriod('an', '2024-03')).toEqual(before);
  });

  it('reads like a real year: accumulated counts rise, household counts drift slowly, kön differs', async () => {
    const committee: Readonly<Record<string, IndicatorOutcome>>[] = [];
    for (let m = 1; m <= 8; m++) {
      const answers = await storage.answers.listPeriod<AnswerPayload>('an', `2024-0${m}`);
      const c = answers.find((a) => a.unitId === COMMITTEE_UNIT_ID)?.payload;
      if (c?.kind === 'committee') committee.push(c.indicators);
    }
    expect(committee).toHaveLength(8);
    const series = (id: string) => committee.map((c) => c[id]?.value.total ?? null);
    const closed = series('antal-avslutade-hushall') as number[];
    for (let i = 1; i < closed.length; i++) expect(closed[i]).toBeGreaterThan(closed[i - 1] ?? 0);
    // About three quarters of the year's 900 by August, not a year's worth in a month.
    expect(closed[7]).toBeGreaterThan(500);
    expect(closed[7]).toBeLessThan(700);
    const households = series('antal-hushall-med-insats') as number[];
    for (let i = 1; i < households.length; i++) {
      const change = Math.abs((households[i] ?? 0) - (households[i - 1] ?? 0)) / (households[i - 1] ?? 1);
      expect(change).toBeLessThan(0.03);
    }
    // Close to last year's 2 527, on the way to the target 2 400.
    expect(households[7]).toBeGreaterThan(2_380);
    expect(households[7]).toBeLessThan(2_560);

    // Where kön is given it is not a copy of the total.
    const july = await storage.answers.listPeriod<AnswerPayload>('an', '2024-07');
    let split = 0;
    for (const a of july) {
      if (a.payload.kind !== 'goal') continue;
      for (const o of Object.values(a.payload.indicators)) {
        if (o.value.kvinnor === null || o.value.man === null || o.value.total === null) continue;
        split++;
        expect(o.value.kvinnor === o.value.total && o.value.man === o.value.total).toBe(false);
      }
    }
    expect(split).toBeGreaterThan(3);
  });
});
