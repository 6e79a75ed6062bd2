/**
 * The economy section on AN's configuration: silent rows carry their latest prognosis, rows never
 * forecast count at budget with the amount said, changes compare like with like, the previous
 * delår's deviation in the report, träffsäkerhet and avvikelse mot budget computed and signed.
 */
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Period } from '../../src/calendar/periods.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import type { AnswerPayload, BokslutAnswer, EconomyAnswer } from '../../src/followup/answers.js';
import type { StoredAnswer } from '../../src/followup/ports.js';
import { economyCard } from '../../src/leadership/economy-view.js';
import { scopeOf } from '../../src/leadership/scope.js';
import { prognosisCard } from '../../src/leadership/views.js';
import { aggregate } from '../../src/reporting/aggregate.js';
import { indicatorStatus } from '../../src/reporting/indicator-status.js';
import { renderDocx } from '../../src/reporting/render-docx.js';
import { renderMarkdown } from '../../src/reporting/render-markdown.js';
import { renderXlsx } from '../../src/reporting/render-xlsx.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import type { PeriodAnswers } from '../../src/reporting/select-answers.js';
import { shippedTemplate } from '../support/template.js';

const configDir = fileURLToPath(new URL('../../config', import.meta.url));
let config: CommitteeConfig;

/** What a reader sees, with the formatter's no-break spaces and minus signs made plain. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-');

/** Prognoses per unit (row id → tkr) for one period; a unit left out is silent that month. */
type Prognoses = Record<string, Record<string, number>>;

function economyAnswer(
  periodId: string,
  unitId: string,
  rows: Record<string, number>,
): StoredAnswer<AnswerPayload> {
  const payload: EconomyAnswer = {
    kind: 'economy',
    rows: Object.fromEntries(
      Object.entries(rows).map(([id, tkr]) => [id, { prognosisTkr: tkr, comment: '' }]),
    ),
  };
  return {
    committeeId: config.goals.committee.id,
    periodId,
    unitId,
    item: 'economy',
    revision: 1,
    state: 'complete',
    payload,
    answeredBy: { aadObjectId: `demo-${unitId}`, name: unitId },
    answeredAt: `${periodId}-28T10:00:00.000Z`,
    activityId: null,
  };
}

function period(id: string): Period {
  const found = config.periods.find((p) => p.id === id);
  if (!found) throw new Error(`no period ${id}`);
  return found;
}

function answers(byPeriod: Record<string, Prognoses>): PeriodAnswers[] {
  return Object.entries(byPeriod).map(([periodId, units]) => ({
    period: period(periodId),
    current: Object.entries(units).map(([unitId, rows]) => economyAnswer(periodId, unitId, rows)),
    submittedVersions: [],
  }));
}

function report(periodId: string, byPeriod: Record<string, Prognoses>, bokslut?: BokslutAnswer): ReportModel {
  return aggregate({
    config,
    period: period(periodId),
    answers: answers(byPeriod),
    decisions: [],
    generatedAt: '2024-09-10T12:03:00.000Z',
    // The economy is about prognoses, not about sending in: use every answer as it stands.
    includeDrafts: true,
    ...(bokslut ? { bokslut } : {}),
  });
}

/** Every row at its 2024 budget, per reporting unit (AN: 5 units report the 10 rows). */
function atBudget(): Prognoses {
  const result: Prognoses = {};
  for (const unit of config.units) {
    for (const rowId of unit.reports.economyRows) {
      const row = config.economy.rows.find((r) => r.id === rowId);
      result[unit.id] = { ...result[unit.id], [rowId]: row?.budget['2024'] ?? 0 };
    }
  }
  return result;
}

function leader() {
  const found = config.organisation.leadership.find((l) => l.aadObjectId === 'demo-controller');
  if (!found) throw new Error('no controller');
  return found;
}

beforeAll(async () => {
  config = await loadConfig(configDir);
});

describe('a silent row does not swing the total', () => {
  // July: every unit forecasts; IAF stab (ekonomiskt bistånd +7 000 over budget) then says nothing in August.
  const july = () => {
    const p = atBudget();
    p['iaf-stab'] = { ...p['iaf-stab'], 'ekonomiskt-bistand': 330_000 };
    return p;
  };
  const august = () => {
    const p = july();
    delete p['iaf-stab'];
    p.amc = { arbetsmarknadsatgarder: 113_400 + 500 };
    return p;
  };
  let model: ReportModel;
  beforeAll(() => {
    model = report('2024-08', { '2024-07': july(), '2024-08': august() });
  });

  it('carries July’s prognosis into August, marked as such', () => {
    const row = model.economy.rows.find((r) => r.id === 'ekonomiskt-bistand');
    expect(row).toMatchObject({
      prognosisTkr: 330_000,
      deviationTkr: -7_000,
      prognosisSource: { kind: 'carried', periodId: '2024-07', label: 'prognos från juli' },
      changeTkr: 0,
    });
    expect(row?.missingUnits.map((u) => u.shortName)).toEqual(['IAF stab']);
    expect(plain(model.economy.total.carriedText)).toBe(
      'Utan ny prognos i augusti används senaste prognosen: Nämnd- och styrelseverksamhet (prognos från juli), ' +
        'Ekonomiskt bistånd (prognos från juli) och Integrations- och arbetsmarknadsförvaltningen (prognos från juli)',
    );
  });

  it('shows the one row that moved (+500), not a swing', () => {
    const t = model.economy.total;
    expect(t.prognosisTkr).toBe(643_300 + 7_000 + 500);
    expect(t.previousPrognosisTkr).toBe(643_300 + 7_000);
    expect(t.changeTkr).toBe(500);
    expect(t.rowsWithoutPrognosis).toEqual([]);
    expect(t.budgetCountedText).toBe('');
  });

  it('the report marks the carried figure and says where it comes from', () => {
    const md = plain(renderMarkdown(model));
    expect(md).toContain('| Ekonomiskt bistånd | 330 000* | 323 000 | -7 000 |');
    expect(md).toContain(
      '\\* Utan ny prognos i augusti används senaste prognosen: Nämnd- och styrelseverksamhet (prognos från juli)',
    );
    expect(md).toContain('Ändring sedan juli 2024: +500 tkr.');
  });

  it('the leadership cards say +500 since July and name the carried rows', () => {
    const scope = scopeOf(config, leader());
    const card = prognosisCard({ config, model, scope, mayDownload: false });
    const fact = (title: string) => plain(card.economy.find((f) => f.title === title)?.value ?? '');
    expect(fact('Ändring sedan juli')).toBe('+500 tkr (avvikelse i juli -7 000 tkr)');
    expect(fact('Senaste prognos används')).toContain('Ekonomiskt bistånd (prognos från juli)');
    const eco = economyCard({ config, model, scope });
    const bistand = eco.rows.find((r) => r.name === 'Ekonomiskt bistånd');
    expect(plain(bistand?.detail ?? '')).toBe(
      'Prognos 330 000 (prognos från juli) · Budget 323 000 · Ändring sedan juli 0',
    );
    expect(plain(eco.total.detail)).toBe('Prognos 650 800 · Budget 643 300 · Ändring sedan juli +500');
  });
});

describe('rows never forecast this year count at budget, and the amount is said', () => {
  let model: ReportModel;
  beforeAll(() => {
    const p = atBudget();
    delete p['iaf-stab'];
    model = report('2024-08', { '2024-07': p, '2024-08': p });
  });

  it('in the model', () => {
    const t = model.economy.total;
    expect(t.rowsWithoutPrognosis).toEqual([
      'Nämnd- och styrelseverksamhet',
      'Ekonomiskt bistånd',
      'Integrations- och arbetsmarknadsförvaltningen',
    ]);
    expect(t.budgetCountedTkr).toBe(1_800 + 323_000 + 29_500);
    expect(plain(t.budgetCountedText)).toBe(
      '3 rader utan prognos i år räknas med budget: 354 300 tkr av 643 300 tkr',
    );
    expect(model.economy.rows.find((r) => r.id === 'ekonomiskt-bistand')?.prognosisSource.kind).toBe(
      'budget',
    );
  });

  it('on the leadership cards and in the report', () => {
    const scope = scopeOf(config, leader());
    const card = prognosisCard({ config, model, scope, mayDownload: false });
    expect(plain(card.economy.find((f) => f.title === 'Räknas med budget')?.value ?? '')).toBe(
      '3 rader utan prognos i år räknas med budget: 354 300 tkr av 643 300 tkr',
    );
    expect(plain(economyCard({ config, model, scope }).missingText)).toContain(
      '3 rader utan prognos i år räknas med budget: 354 300 tkr av 643 300 tkr',
    );
    expect(plain(renderMarkdown(model))).toContain(
      '3 rader utan prognos i år räknas med budget: 354 300 tkr av 643 300 tkr',
    );
  });

  it('a row forecast for the first time is left out of the change (like with like)', () => {
    const before = atBudget();
    delete before['iaf-stab'];
    const now = atBudget();
    now['iaf-stab'] = { ...now['iaf-stab'], 'ekonomiskt-bistand': 333_000 };
    const m = report('2024-08', { '2024-07': before, '2024-08': now });
    expect(m.economy.total.changeTkr).toBe(0);
    expect(m.economy.total.changeNote).toBe(
      'Ändringen gäller de 7 av 10 rader med prognos som hade prognos båda gångerna; rader som då räknades med budget ingår inte',
    );
  });
});

describe('Avvikelse i föregående prognos is the previous delår’s, the card’s change the previous month’s', () => {
  it('delår 2 (August) compares with delår 1 (March); the card with July', () => {
    const march = atBudget();
    march['iaf-stab'] = { ...march['iaf-stab'], 'ekonomiskt-bistand': 333_000 };
    const july = atBudget();
    july['iaf-stab'] = { ...july['iaf-stab'], 'ekonomiskt-bistand': 328_000 };
    const august = atBudget();
    august['iaf-stab'] = { ...august['iaf-stab'], 'ekonomiskt-bistand': 327_000 };
    const model = report('2024-08', { '2024-03': march, '2024-07': july, '2024-08': august });
    const e = model.economy;
    expect(e.previousInterim?.id).toBe('2024-03');
    expect(e.total.previousInterimDeviationTkr).toBe(-10_000);
    expect(e.total.previousDeviationTkr).toBe(-5_000);
    expect(e.total.changeTkr).toBe(-1_000);
    const md = plain(renderMarkdown(model));
    // The summary table as seed 001 heads it; Nämndens enheter come from the ledger, not imported here.
    expect(md).toContain(
      '| Ekonomi, belopp tkr | Prognos helår | Budget 2024 | Avvikelse | Avvikelse i prognos helår, mars |',
    );
    expect(md).toContain(
      '| **Verksamhetens nettokostnader exkl. nämndens enheter** | **647 300** | **643 300** | **-4 000** | **-10 000** |',
    );
    expect(md).toContain('Ändring sedan juli 2024: -1 000 tkr.');
    expect(md).toMatch(
      /\| \*\*Summa nettokostnader, tkr\*\* \| \*\*647 300\*\* \| \*\*643 300\*\* \| \*\*-4 000\*\* \| \*\*–\*\* \|/,
    );
  });

  it('helår (December) compares with delår 2 (August)', () => {
    const model = report('2024-12', { '2024-08': atBudget(), '2024-12': atBudget() });
    expect(model.economy.previousInterim?.id).toBe('2024-08');
  });
});

describe('träffsäkerhet and avvikelse mot budget, computed', () => {
  /** A bokslut 4 500 tkr above the budget: ekonomiskt bistånd overran. */
  function bokslut(): BokslutAnswer {
    const rows: Record<string, { outcomeTkr: number }> = {};
    for (const r of config.economy.rows) rows[r.id] = { outcomeTkr: r.budget['2024'] ?? 0 };
    rows['ekonomiskt-bistand'] = { outcomeTkr: 323_000 + 4_500 };
    return { kind: 'bokslut', year: 2024, rows };
  }

  it('a prognosis at budget against a bokslut 4 500 tkr higher is −0,7 % (signed); its size 0,7 misses "<0,5 %"', () => {
    const model = report(
      '2024-12',
      { '2024-08': atBudget(), '2024-10': atBudget(), '2024-12': atBudget() },
      bokslut(),
    );
    const [august, october] = model.economy.measures.accuracy;
    // (643 300 − 647 800) / 643 400 × 100 = −0,6994…
    expect(august?.deviationPercent).toBeCloseTo(-0.6994, 3);
    expect(october?.deviationPercent).toBeCloseTo(-0.6994, 3);
    expect(plain(october?.text ?? '')).toBe(
      'Oktober: prognos 643 300 tkr mot utfall 647 800 tkr, avvikelse -0,7 % av budget',
    );
    expect(model.economy.outcomeSource).toBe('bokslut');
    expect(model.economy.rows.find((r) => r.id === 'ekonomiskt-bistand')?.outcomeTkr).toBe(327_500);
    // The target bounds the size of the deviation: |−0,7| meets August's "<1 %", misses October's "<0,5 %".
    const verdict = (month: number, value: number | null | undefined) => {
      const indicator = [...config.indicatorsById.values()].find(
        (i) => i.computed?.from === 'prognosis-accuracy' && i.computed.month === month,
      );
      const target = indicator?.targets['2024']?.total;
      expect(target?.text).toBe(month === 8 ? '<1 %' : '<0,5 %');
      return indicatorStatus({ value: Math.abs(value ?? 0), target, better: 'lower', decimals: 1 }).code;
    };
    expect(verdict(8, august?.deviationPercent)).toBe('met');
    expect(verdict(10, october?.deviationPercent)).toBe('not_met');
  });

  it('October with a silent row uses its September prognosis and says so', () => {
    const september = atBudget();
    september.amc = { arbetsmarknadsatgarder: 110_400 };
    const october = atBudget();
    delete october.amc;
    const model = report(
      '2024-12',
      { '2024-08': atBudget(), '2024-09': september, '2024-10': october, '2024-12': atBudget() },
      bokslut(),
    );
    const oct = model.economy.measures.accuracy.find((a) => a.month === 10);
    // (640 300 − 647 800) / 643 400 × 100 = −1,166…
    expect(oct?.deviationPercent).toBeCloseTo(-1.1657, 3);
    expect(plain(oct?.text ?? '')).toBe(
      'Oktober: prognos 640 300 tkr mot utfall 647 800 tkr, avvikelse -1,2 % av budget (med Arbetsmarknadsåtgärder (prognos från september))',
    );
  });

  it('without a bokslut: nothing is computed, and each month says why', () => {
    const model = report('2024-08', { '2024-08': atBudget() });
    expect(model.economy.accuracy).toEqual([]);
    expect(model.economy.measures.accuracy).toEqual([
      { month: 8, deviationPercent: null, text: 'Augusti: kan beräknas när bokslutet för 2024 finns' },
      { month: 10, deviationPercent: null, text: 'Oktober: prognosen för oktober är inte lämnad ännu' },
    ]);
  });

  it('avvikelse mot budget, % for the nämnd total: (budget − prognos) / budget', () => {
    const p = atBudget();
    p['iaf-stab'] = { ...p['iaf-stab'], 'ekonomiskt-bistand': 323_000 - 8_000 };
    const model = report('2024-08', { '2024-08': p });
    expect(model.economy.total.deviationTkr).toBe(8_000);
    expect(model.economy.measures.budgetDeviationPercent).toBeCloseTo((8_000 / 643_300) * 100, 6);
  });
});

describe('the Word and Excel files say the same', () => {
  let model: ReportModel;
  beforeAll(() => {
    // March (delår 1) over budget on ekonomiskt bistånd; in August IAF stab is silent (July carried)
    // and UTB stab has never forecast.
    const march = atBudget();
    march['iaf-stab'] = { ...march['iaf-stab'], 'ekonomiskt-bistand': 333_000 };
    delete march['utb-stab'];
    const july = { ...march, 'iaf-stab': { ...march['iaf-stab'], 'ekonomiskt-bistand': 328_000 } };
    const august: Prognoses = { ...july };
    delete august['iaf-stab'];
    model = report('2024-08', { '2024-03': march, '2024-07': july, '2024-08': august });
  });

  it('Word: the previous delår’s deviation, the carried rows marked, the amount at budget', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(model, await shippedTemplate()));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = plain(xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
    expect(text).toContain('Avvikelse i prognos helår, mars');
    // Summary: August's total against budget, and March's deviation (delår 1) beside it.
    expect(text).toContain(
      'Verksamhetens nettokostnader exkl. nämndens enheter 648 300 643 300 -5 000 -10 000',
    );
    // Driftsammandrag: Prognos helår 2024 | Budget 2024 | Avvikelse | Bokslut 2023 (none known).
    expect(text).toContain('Ekonomiskt bistånd 328 000* 323 000 -5 000 –');
    expect(text).toContain(
      '* Utan ny prognos i augusti används senaste prognosen: Nämnd- och styrelseverksamhet (prognos från juli), Ekonomiskt bistånd (prognos från juli) och Integrations- och arbetsmarknadsförvaltningen (prognos från juli).',
    );
    expect(text).toContain(
      '1 rad utan prognos i år räknas med budget: 4 300 tkr av 643 300 tkr (Utbildningsförvaltningen).',
    );
  });

  it('Excel: the source of each prognosis and the previous delår beside the previous month', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(model)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Ekonomi') as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const row = (n: number) =>
      Object.fromEntries(
        header.map((h, i) => [h, (sheet.getRow(n).values as unknown[]).slice(1)[i] ?? null]),
      );
    const bistand = row(3);
    expect(bistand).toMatchObject({
      'Rad-id': 'ekonomiskt-bistand',
      'Prognos helår tkr': 328_000,
      'Föregående prognos tkr': 328_000,
      'Förändring mot föregående prognos tkr': 0,
      Prognoskälla: 'prognos från juli',
      'Föregående delår': '2024-03',
      'Prognos föregående delår tkr': 333_000,
      'Avvikelse föregående delår tkr': -10_000,
    });
    expect(row(config.economy.rows.length + 1)).toMatchObject({
      Prognoskälla: 'budget (ingen prognos i år)',
    });
  });
});
